"""Who met (body) and why (purpose), from keyword evidence weighted by position.

The sentence that reports the meeting weighs most, then the title, then the
lead; "members of the Standing Committee attended" says who came, not who met,
so evidence right after a member word does not count for the body.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from services.parser.meeting import lexicon, scanner, sentences

MEETING_SENTENCE_WEIGHT = 5.0
TITLE_WEIGHT = 4.0
LEAD_WEIGHTS = (2.0, 1.0, 1.0)  # first, second and third paragraph
REST_WEIGHT = 0.25
INSPECTION_DELEGATION_WEIGHT = 10.0  # a visiting central delegation inspects
MEMBER_WINDOW = 30
GOVERNED_GAP = 12  # characters between a purpose word and its object: " der ", " việc "


def meeting_sentence(text: str, lang: str, anchor: int | None) -> sentences.Sentence | None:
    """The sentence reporting the meeting: the dated one, else the first with a meeting word."""
    spans = sentences.split(text)
    if anchor is not None:
        for span in spans:
            if span.start <= anchor < span.end:
                return span
    for key in ("meeting_verbs", "meeting_nouns"):
        for span in spans[:12]:
            if lexicon.in_sentence(lang, key, text, span):
                return span
    return None


def classify_body(title: str | None, text: str, lang: str, anchor: int | None) -> str:
    scores = _scores(title, text, lang, anchor, "bodies", body=True)
    if not scores:
        return "other"
    best = max(scores.values())
    # A tie means a broad conference that standing members also attend: the larger body.
    if scores.get("executive_committee") == best:
        return "executive_committee"
    return max(scores, key=lambda label: scores[label])


def classify_purpose(
    title: str | None, text: str, lang: str, anchor: int | None, inspected: bool
) -> str:
    scores = _scores(title, text, lang, anchor, "purposes", body=False)
    if inspected:
        scores["inspection"] += INSPECTION_DELEGATION_WEIGHT
    if not scores or max(scores.values()) <= 0:
        return "other"
    return max(scores, key=lambda label: scores[label])


def _scores(
    title: str | None, text: str, lang: str, anchor: int | None, key: str, *, body: bool
) -> Counter[str]:
    scores: Counter[str] = Counter()
    pieces = _weighted_pieces(title, text, lang, anchor)
    # The paragraphs are searched as one text, each hit weighed by its paragraph: one regex
    # pass per label instead of one per label and paragraph (the purpose reads them all).
    starts, weights, end = _paragraph_weights(text, lead_only=body)
    folded = [scanner.fold_case(piece) for piece, _ in pieces]
    folded_text = scanner.fold_case(text)
    fast = lexicon.folded_labelled(lang, key)
    use_fast = fast is not None and folded_text is not None and None not in folded
    table = fast if use_fast and fast is not None else lexicon.labelled(lang, key)
    if use_fast:
        pieces = [(f, w) for f, (_, w) in zip(folded, pieces, strict=True) if f is not None]
        text = folded_text or text
    hits: list[tuple[int, int, int, str, float]] = []  # (piece, start, end, label, weight)
    for label, rx in table:
        for number, (piece, weight) in enumerate(pieces):
            hits += [
                (number, m.start(), m.end(), label, weight)
                for m in rx.finditer(piece)
                if not (body and _after_member(piece, m, lang))
            ]
        for m in scanner.scan(rx, text, end, folded=use_fast):
            if "\n" not in m.group() and not (body and _after_member(text, m, lang)):
                weight = weights[bisect_right(starts, m.start()) - 1]
                hits.append((len(pieces), m.start(), m.end(), label, weight))
    for _, _, _, label, weight in hits if body else _heads(hits):
        scores[label] += weight
    return scores


def _heads(
    hits: list[tuple[int, int, int, str, float]],
) -> list[tuple[int, int, int, str, float]]:
    """Drop a purpose word that is the object of another: "Kontrolle der Umsetzung der
    Resolution", "kiểm tra việc triển khai nghị quyết" inspect, they do not disseminate."""
    ends: dict[tuple[int, str], list[int]] = {}
    for piece, _, stop, label, _ in hits:
        ends.setdefault((piece, label), []).append(stop)
    return [
        hit
        for hit in hits
        if not any(
            other != hit[3] and any(0 <= hit[1] - stop <= GOVERNED_GAP for stop in stops)
            for (piece, other), stops in ends.items()
            if piece == hit[0]
        )
    ]


def _weighted_pieces(
    title: str | None, text: str, lang: str, anchor: int | None
) -> list[tuple[str, float]]:
    pieces: list[tuple[str, float]] = []
    if title:
        pieces.append((title, TITLE_WEIGHT))
    sentence = meeting_sentence(text, lang, anchor)
    if sentence is not None:
        pieces.append((sentence.text, MEETING_SENTENCE_WEIGHT))
    return pieces


def _paragraph_weights(text: str, *, lead_only: bool) -> tuple[list[int], list[float], int]:
    """Where each non-empty paragraph starts, its weight (the lead's, else the rest's), and
    where the last one weighed ends."""
    starts: list[int] = []
    weights: list[float] = []
    offset = 0
    for paragraph in text.split("\n"):
        if paragraph.strip():
            index = len(starts)
            if lead_only and index >= len(LEAD_WEIGHTS):
                break
            starts.append(offset)
            weights.append(LEAD_WEIGHTS[index] if index < len(LEAD_WEIGHTS) else REST_WEIGHT)
        offset += len(paragraph) + 1
    return starts, weights, min(offset, len(text))


def _after_member(piece: str, m: re.Match[str], lang: str) -> bool:
    before = piece[max(0, m.start() - MEMBER_WINDOW) : m.start()]
    return lexicon.matches(lang, "member_cues", before)
