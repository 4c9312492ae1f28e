"""Numbered party and state documents: "Nghị quyết số 57-NQ/TW", "Schlussfolgerungen 121,
126 und 127", "Постановления № 18-NQ/TW", "της Οδηγίας Αρ. 40-CT/TW".

The code's type abbreviation (NQ, CT, KL, ...) decides the type where there is one,
and its suffix the issuer; the words around it say the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from services.parser.meeting import dates, lexicon, scanner
from shared.contracts import Document

# Vietnamese document codes are the same in every translation: 46-CTr/TU, 1234/QĐ-UBND.
CODE = (
    r"(?:-(?P<abbr>[A-Za-zĐđ]{1,4})/(?P<suffix>[A-ZĐ]{1,8}(?:-[A-ZĐ]{1,6})?)"
    r"|/(?P<abbr2>[A-Za-zĐđ]{1,4})-(?P<suffix2>[A-ZĐ][A-Za-zĐ]{1,7}))"
)
BARE_CODE = re.compile(rf"(?<![\w/])(?P<num>\d\d{{0,4}}){CODE}(?![\w/])")
NUMBER = r"(?P<num>\d{1,5})(?![\d.,]\d)(?!\s*%)"
LIST_ITEM = re.compile(r"\d{1,5}")
ABBREVIATION_TYPES = {
    "nq": "resolution",
    "ct": "directive",
    "kl": "conclusion",
    "hd": "guidance",
    "kh": "plan",
    "ctr": "program",
    "qđi": "regulation",
    "qdi": "regulation",
    "qđ": "decision",
    "qd": "decision",
    "cv": "official_dispatch",
    "tb": "notice",
    "bc": "report",
}
SUFFIX_ISSUERS = {
    "TW": "Central Committee",
    "TU": "Provincial Party Committee",
    "BTCTW": "Central Organization Commission",
    "UBKTTW": "Central Inspection Commission",
    "BTGTW": "Central Propaganda Commission",
    "VPTW": "Party Central Office",
    "HU": "District Party Committee",
    "TƯ": "Central Committee",
    "UBND": "People's Committee",
    "TTG": "Prime Minister",
    "CP": "Government",
    "BCĐ": "Steering Committee",
}
AFTER_WINDOW = 90  # chars after a document where its issuer and date stand
YEAR_LIKE = 1900


@dataclass(frozen=True)
class Found:
    document: Document
    start: int


@cache
def _document_pattern(lang: str) -> re.Pattern[str] | None:
    types = lexicon.data(lang).get("doc_types") or {}
    words = "|".join(p for parts in types.values() for p in parts)
    markers = "|".join(lexicon.data(lang).get("number_markers") or []) or "no\\."
    joiners = "|".join(lexicon.data(lang).get("list_joiners") or []) or "and"
    if not words:
        return None
    # A gap of a few words is allowed only before a number marker ("Директивы Политбюро № 35").
    gap = r"(?P<gap>(?:\s+[^\W\d][\w.]*){1,3}?)"
    head = rf"(?P<word>\b(?:{words}))(?:\s+(?:{markers})\s*|{gap}\s+(?:{markers})\s*|\s+)"
    item = r"\d{1,4}(?![\d.,]\d)(?!\s*%)"
    more = rf"(?P<more>(?:\s*,\s*{item}|\s+(?:{joiners})\s+{item})*)"
    return re.compile(rf"{head}{NUMBER}(?:{CODE})?(?![\w/]){more}", re.IGNORECASE)


def extract_documents(text: str, lang: str) -> list[Document]:
    """Every numbered document the text refers to, each once."""
    rx = _document_pattern(lang)
    found = (
        [f for m in scanner.finditer(rx, text) for f in _from_match(m, text, lang)] if rx else []
    )
    found.extend(_bare_codes(text, lang, {f.start for f in found}))
    return merge([f.document for f in sorted(found, key=lambda f: f.start)])


def _from_match(m: re.Match[str], text: str, lang: str) -> list[Found]:
    number = m["num"]
    abbr, suffix = m["abbr"] or m["abbr2"], m["suffix"] or m["suffix2"]
    if int(number) >= YEAR_LIKE and not abbr and not _has_marker(m):
        return []
    # Vietnamese capitalises a named document ("Kết luận 123"); "kết luận 4 nội dung" is a verb.
    if lang == "vi" and m["word"][0].islower() and not abbr and not _has_marker(m):
        return []
    kind = _type_of(abbr, _nearest_word(m, lang), lang)
    if kind is None:
        return []
    code = _code(m) if abbr else None
    after = text[m.end() : m.end() + AFTER_WINDOW]
    issuer = issuer_in((m["gap"] or "") + " " + after[:45], lang) or SUFFIX_ISSUERS.get(
        (suffix or "").upper()
    )
    numbers = [number, *LIST_ITEM.findall(m["more"] or "")]
    numbers = [n for n in numbers if int(n) < YEAR_LIKE or n == number]
    when = _document_date(after, lang) if len(numbers) == 1 else None
    return [
        Found(
            Document(
                type=kind, number=n, code=code if n == number else None, issuer=issuer, date=when
            ),
            m.start(),
        )
        for n in numbers
    ]


def _nearest_word(m: re.Match[str], lang: str) -> str:
    """The type word next to the number: "положений Директивы № 35" is a directive."""
    for word in reversed((m["gap"] or "").split()):
        if _type_of_word(word, lang):
            return word
    return m["word"]


def _has_marker(m: re.Match[str]) -> bool:
    return m["gap"] is not None or bool(
        re.search(r"\D\s*$", m.group()[len(m["word"]) : m.start("num") - m.start()].strip())
    )


def _code(m: re.Match[str]) -> str:
    return m.group()[m.start("num") - m.start() :].split()[0].rstrip(",.;")


def _type_of(abbr: str | None, word: str, lang: str) -> str | None:
    if abbr and abbr.lower() in ABBREVIATION_TYPES:
        by_code = ABBREVIATION_TYPES[abbr.lower()]
        by_word = _type_of_word(word, lang)
        # QĐ codes both decisions and regulations ("Quy định số 137-QĐ/TW"): the word tells.
        return by_word if by_code == "decision" and by_word == "regulation" else by_code
    return _type_of_word(word, lang)


def _type_of_word(word: str, lang: str) -> str | None:
    for label, rx in lexicon.labelled(lang, "doc_types"):
        if rx.fullmatch(word):
            return label
    return None


def issuer_in(text: str, lang: str) -> str | None:
    """The first issuer the text names ("des Politbüros" → Politburo)."""
    best: tuple[int, str] | None = None
    folded, rows = lexicon.translation_rows(lang, "issuers", text)
    for rx, english, needle in rows:
        if needle not in folded:
            continue
        m = rx.search(folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), english)
    return best[1] if best else None


def _document_date(after: str, lang: str) -> str | None:
    prefixes = lexicon.data(lang).get("doc_date_prefixes") or []
    prefix_rx = lexicon.alternation(tuple(prefixes), "end")
    cut = re.search(r"(?<!\d)[.;:](?:\s|$)", after)
    window = after[: cut.start()] if cut else after
    for mention in dates.find_dates(window, lang):
        before = window[max(0, mention.start - 20) : mention.start]
        if mention.year and prefix_rx and prefix_rx.search(before):
            return f"{mention.year:04d}-{mention.month:02d}-{mention.day:02d}"
    return None


def _bare_codes(text: str, lang: str, taken: set[int]) -> list[Found]:
    """Codes without a type word ("theo 46-CTr/TU"): the abbreviation gives the type."""
    found: list[Found] = []
    for m in scanner.scan(BARE_CODE, text):
        abbr = (m["abbr"] or m["abbr2"] or "").lower()
        kind = ABBREVIATION_TYPES.get(abbr)
        if kind and not any(abs(m.start() - t) < 60 for t in taken):
            suffix = (m["suffix"] or m["suffix2"] or "").upper()
            code = m.group()
            found.append(
                Found(
                    Document(
                        type=kind, number=m["num"], code=code, issuer=SUFFIX_ISSUERS.get(suffix)
                    ),
                    m.start(),
                )
            )
    return found


def merge(documents: list[Document]) -> list[Document]:
    """One document per (type, number): "Directive 35" and "Directive No. 35-CT/TW" are one."""
    merged: dict[tuple[str, str], Document] = {}
    for doc in documents:
        key = (doc.type, doc.number)
        known = merged.get(key)
        if known is None:
            merged[key] = doc
            continue
        merged[key] = known.model_copy(
            update={
                "code": known.code or doc.code,
                "issuer": known.issuer or doc.issuer,
                "date": known.date or doc.date,
            }
        )
    return list(merged.values())
