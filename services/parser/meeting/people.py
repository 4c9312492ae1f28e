"""Who chaired, who was there, who was only named.

Chairs come from chair phrases ("leitete", "chủ trì", "во главе с", closing
remarks); participants from attendance phrases, speeches at the meeting and any
sentence about the meeting; everyone else named (cited leaders, reporters from
the byline) is mentioned only. A chair sentence that names only a role ("Zum
Abschluss der Konferenz würdigte der Parteisekretär der Provinz") points at the
person who holds that role elsewhere in the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from services.parser import translit
from services.parser.meeting import lexicon, names, roles, scanner, sentences
from shared.contracts import Person

CHAIR, PRESENT, MENTIONED = 3, 2, 1
CITATION_WINDOW = 60


@dataclass
class _Entry:
    hit: names.NameHit
    status: int
    roles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Cast:
    chairs: list[Person]
    participants: list[Person]
    mentioned: list[Person]


def extract_people(
    text: str, lang: str, bylines: tuple[str, ...] = (), captions: tuple[str, ...] = ()
) -> Cast:
    """The cast of the text and its photo captions, which name who spoke at the meeting
    (seed 001: "На встрече выступил ...")."""
    spans = sentences.split_joined((text, *captions))
    text = "\n".join([text, *captions])
    hits = names.find_names(text, lang)
    entries: dict[str, _Entry] = {}
    starts = [s.start for s in spans]
    for index, hit in enumerate(hits):
        at = bisect_right(starts, hit.start) - 1
        span = spans[at] if at >= 0 and hit.start < spans[at].end else None
        status = _status(text, span, hit, lang) if span else MENTIONED
        found = _roles(text, hits, index, span, lang)
        _add(entries, hit, status, found)
    _resolve_role_chairs(text, spans, hits, entries, lang)
    for byline in bylines:
        _add_byline(entries, byline, lang)
    return _cast(entries)


def _status(text: str, span: sentences.Sentence, hit: names.NameHit, lang: str) -> int:
    before = text[max(span.start, hit.start - CITATION_WINDOW) : hit.start]
    if lexicon.matches(lang, "citation_cues", before):
        return MENTIONED
    chair = _nearest(lang, "chair_cues", text, span, hit.start)
    attend = _nearest(lang, "attendance_cues", text, span, hit.start)
    if chair is not None and (attend is None or chair <= attend):
        return CHAIR
    for key in ("attendance_cues", "speech_cues", "meeting_nouns"):
        if lexicon.in_sentence(lang, key, text, span):
            return PRESENT
    return MENTIONED


def _nearest(lang: str, key: str, text: str, span: sentences.Sentence, offset: int) -> int | None:
    """How far the nearest cue of `key` in the sentence is from `offset` (None: no cue)."""
    folded, rx = scanner.fold_case(text), lexicon.folded_pattern(lang, key)
    if folded is None or rx is None:
        folded, rx = text, lexicon.pattern(lang, key)
    if rx is None:
        return None
    found = rx.finditer(folded, span.start, span.end)
    return min((min(abs(m.start() - offset), abs(m.end() - offset)) for m in found), default=None)


def _roles(
    text: str, hits: list[names.NameHit], index: int, span: sentences.Sentence | None, lang: str
) -> list[str]:
    hit = hits[index]
    floor = max(hits[index - 1].end if index else 0, span.start if span else 0)
    limit = min(
        hits[index + 1].start if index + 1 < len(hits) else len(text),
        span.end if span else len(text),
    )
    return [
        *roles.roles_before(text, hit.start, floor, lang),
        *roles.roles_after(text, hit.end, limit, lang),
    ]


def _add(entries: dict[str, _Entry], hit: names.NameHit, status: int, found: list[str]) -> None:
    key = translit.fold(hit.name_ascii)
    entry = entries.get(key)
    if entry is None:
        entries[key] = _Entry(hit, status, list(dict.fromkeys(found)))
        return
    entry.status = max(entry.status, status)
    if entry.hit.name is None and hit.name is not None:
        entry.hit = hit
    entry.roles.extend(r for r in found if r not in entry.roles)


def _resolve_role_chairs(
    text: str,
    spans: list[sentences.Sentence],
    hits: list[names.NameHit],
    entries: dict[str, _Entry],
    lang: str,
) -> None:
    starts = [h.start for h in hits]
    for span in spans:
        # A sentence naming someone is no role-only chair sentence: bisect before any regex.
        after = bisect_left(starts, span.start)
        if after < len(starts) and starts[after] < span.end:
            continue
        if not lexicon.in_sentence(lang, "chair_cues", text, span):
            continue
        named = {role for _, _, role in roles.roles_in(span.text, lang)}
        holders = [e for e in entries.values() if named & set(e.roles)]
        if len(holders) == 1:
            holders[0].status = CHAIR


def _add_byline(entries: dict[str, _Entry], byline: str, lang: str) -> None:
    latin = translit.to_latin_vietnamese(byline.title() if byline.isupper() else byline, lang)
    ascii_name = " ".join(translit.fold(w).capitalize() for w in latin.split())
    key = translit.fold(ascii_name)
    if not key or key in entries:
        return
    vietnamese = lang == "vi" and latin == byline
    hit = names.NameHit(0, 0, byline, ascii_name, byline if vietnamese else None)
    entries[key] = _Entry(hit, MENTIONED, ["Reporter"])


def _person(entry: _Entry) -> Person:
    hit = entry.hit
    return Person(
        name_ascii=hit.name_ascii, name=hit.name, as_written=hit.as_written, roles=entry.roles
    )


def _cast(entries: dict[str, _Entry]) -> Cast:
    ordered = list(entries.values())
    return Cast(
        chairs=[_person(e) for e in ordered if e.status == CHAIR],
        participants=[_person(e) for e in ordered if e.status >= PRESENT],
        mentioned=[_person(e) for e in ordered if e.status == MENTIONED],
    )
