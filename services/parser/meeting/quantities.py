"""Numeric targets (goals for the future) and figures (results achieved).

"Wachstumsziel von 14 % für 2025", "целевым показателем роста в 8% ... в 2025 году",
"phấn đấu tăng trưởng 14%" are targets; "GRDP đạt 13,85%" is a figure. A
percentage with no known metric beside it is left out rather than guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from services.parser.meeting import lexicon, scanner, sentences
from shared.contracts import Quantity

PERCENT = re.compile(
    r"(?<![\d.,])(\d\d{0,2}(?:[.,]\d{1,3})?)\s*"
    r"(?:%|percent\b|per cent\b|prozent\b|phần trăm|процент\w*|τοις εκατό)",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<!\d)20\d\d(?![\d%]|\s*[-–]\s*20\d\d)")
CLAUSE = re.compile(r"[,;:]\s|\s[-–—]\s|\s(?:và|and|und|и|και)\s", re.IGNORECASE)
BEFORE_WINDOW = 90
AFTER_WINDOW = 45
TARGET_WINDOW = 70


@dataclass(frozen=True)
class Quantities:
    targets: list[Quantity]
    figures: list[Quantity]


def extract_quantities(text: str, lang: str, this_year: int | None = None) -> Quantities:
    """Targets and figures; "this year" is `this_year`, the meeting's."""
    targets: list[Quantity] = []
    figures: list[Quantity] = []
    spans = sentences.split(text)
    # Most sentences hold no percentage: one scan of the text finds the few that do (a
    # number and its % never span two sentences, so each sentence's own matches are there).
    starts = [m.start() for m in scanner.finditer(PERCENT, text)]
    for span in spans:
        after = bisect_left(starts, span.start)
        if after == len(starts) or starts[after] >= span.end:
            continue
        for m in PERCENT.finditer(span.text):
            found = _quantity(span.text, m, lang, this_year)
            if found is None:
                continue
            kind, quantity = found
            if quantity.year is None and kind == "figure":
                quantity = quantity.model_copy(
                    update={"year": _paragraph_year(text, spans, span, lang)}
                )
            (targets if kind == "target" else figures).append(quantity)
    return Quantities(merge(targets), merge(figures))


def _quantity(
    sentence: str, m: re.Match[str], lang: str, this_year: int | None
) -> tuple[str, Quantity] | None:
    before = sentence[max(0, m.start() - BEFORE_WINDOW) : m.start()]
    after = sentence[m.end() : m.end() + AFTER_WINDOW]
    # The metric named in the number's own clause (the first of the language's list: the
    # most specific), else the one named nearest: in "GRDP đạt 7,2%; thu ngân sách ..." the
    # budget belongs to the next number.
    near = CLAUSE.split(before)[-1] + " " + CLAUSE.split(after, maxsplit=1)[0]
    metric = _metric(near, lang) or _nearest_metric(before, after, lang)
    if metric is None:
        return None
    kind = _kind(before, lang)
    if kind is None:
        return None
    value = float(m[1].replace(",", "."))
    year = _year(after, lang) or _year(before, lang, last=True)
    if year is None and lexicon.matches(lang, "this_year", after):
        year = this_year
    phrase = (before[-60:] + m.group() + after[:30]).strip()
    return kind, Quantity(metric=metric, value=value, unit="%", year=year, text=phrase)


def _paragraph_year(
    text: str, spans: list[sentences.Sentence], span: sentences.Sentence, lang: str
) -> int | None:
    """A result's year named earlier in its paragraph ("Năm 2024, ... GRDP đạt 13,85%")."""
    start = min(s.start for s in spans if s.paragraph == span.paragraph)
    return _year(text[start : span.start], lang, last=True)


def _metric(window: str, lang: str) -> str | None:
    for metric, parts in lexicon.data(lang).get("metrics") or []:
        rx = lexicon.alternation(tuple(parts))
        if rx and rx.search(window):
            return str(metric)
    return None


def _nearest_metric(before: str, after: str, lang: str) -> str | None:
    """The metric named closest to the number, before or after it (ties: the list's order)."""
    best: tuple[int, str] | None = None
    for metric, parts in lexicon.data(lang).get("metrics") or []:
        rx = lexicon.alternation(tuple(parts))
        if rx is None:
            continue
        gaps = [len(before) - m.end() for m in rx.finditer(before)]
        following = rx.search(after)
        gaps += [following.start()] if following else []
        if gaps and (best is None or min(gaps) < best[0]):
            best = (min(gaps), str(metric))
    return best[1] if best else None


def _kind(before: str, lang: str) -> str | None:
    targets = lexicon.data(lang).get("targets") or {}
    cue = lexicon.alternation(tuple(targets.get("cues") or []))
    achieved = lexicon.alternation(tuple(targets.get("achieved") or []))
    # "mục tiêu tăng trưởng đạt 8%" is still a goal: a target word anywhere near wins.
    if cue and cue.search(before[-TARGET_WINDOW:]):
        return "target"
    if achieved and achieved.search(before):
        return "figure"
    return None


def _year(window: str, lang: str, *, last: bool = False) -> int | None:
    """The year the number belongs to, not the base year it is compared with ("so với năm 2023")."""
    compared = lexicon.pattern(lang, "comparison_cues")
    years = [
        int(m.group())
        for m in YEAR.finditer(window)
        if not (compared and compared.search(window[max(0, m.start() - 30) : m.start()]))
    ]
    if not years:
        return None
    return years[-1] if last else years[0]


def merge(quantities: list[Quantity]) -> list[Quantity]:
    """One quantity per (metric, value, unit, year); one without a year joins one with."""
    kept: dict[tuple[str, float, str, int | None], Quantity] = {}
    for q in sorted(quantities, key=lambda q: q.year is None):
        key = (q.metric, q.value, q.unit, q.year)
        dated = any(k[:3] == key[:3] for k in kept) and q.year is None
        if key not in kept and not dated:
            kept[key] = q
    return list(kept.values())
