"""A visiting central delegation: who sent it, its number, who heads it.

"Inspektionsdelegation 1907 des Politbüros", "рабочая группа № 1920 Политбюро во
главе с товарищем Ле Минь Хунгом", "Đoàn kiểm tra số 1920 của Bộ Chính trị do
đồng chí Lê Minh Hưng ... làm Trưởng đoàn". Only a delegation of a central body
counts: "the province's National Assembly delegation" is no visitor.
"""

from __future__ import annotations

import re

from services.parser.meeting import documents, lexicon, names, scanner
from shared.contracts import Delegation, Person

CENTRAL_ISSUERS = frozenset(
    {
        "Politburo",
        "Secretariat",
        "Central Committee",
        "Central Inspection Commission",
        "Central Organization Commission",
        "Government",
        "Prime Minister",
    }
)
NUMBER_AFTER = re.compile(
    r"^\W{0,3}(?:(?:số|nr\.?|no\.?|№|#|αριθ\.?|αρ\.?)\s*)?(\d{3,5})(?!\d|[.,]\d|\s*%)",
    re.IGNORECASE,
)
ISSUER_WINDOW = 70
HEAD_WINDOW = 130  # "led by Politburo member and Head of the ... Commission Tran Quoc Viet"
HEAD_ROLE = "Head of the Delegation"


def extract_delegation(text: str, lang: str, people: list[Person]) -> Delegation | None:
    rx = lexicon.pattern(lang, "delegation_words")
    if rx is None:
        return None
    issuer: str | None = None
    number: str | None = None
    for m in scanner.finditer(rx, text):
        after = text[m.end() : m.end() + ISSUER_WINDOW]
        found = NUMBER_AFTER.match(after)
        rest = after[found.end() :] if found else after
        named = documents.issuer_in(rest[:ISSUER_WINDOW], lang)
        if named in CENTRAL_ISSUERS and issuer is None:
            issuer = named
        if found and number is None and (named is None or named in CENTRAL_ISSUERS):
            number = found[1]
    if issuer is None:
        return None
    return Delegation(issuer=issuer, number=number, head=_head(text, lang, people))


def _head(text: str, lang: str, people: list[Person]) -> Person | None:
    for person in people:
        if HEAD_ROLE in person.roles:
            return person
    cue = lexicon.pattern(lang, "head_cues")
    if cue is None:
        return None
    by_name = {p.name_ascii: p for p in people}
    for m in cue.finditer(text):
        window = text[m.end() : m.end() + HEAD_WINDOW]
        for hit in names.find_names(re.split(r"[;.\n]", window)[0], lang):
            return by_name.get(hit.name_ascii) or Person(
                name_ascii=hit.name_ascii, name=hit.name, as_written=hit.as_written
            )
    return None
