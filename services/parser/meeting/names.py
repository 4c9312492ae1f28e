"""Vietnamese personal names in running text of any script.

A name is a Vietnamese surname followed by one to three capitalised syllables
("Luong Cuong", "Hầu A Lềnh", "Ле Минь Хунгом", "Νγκουγιέν Βαν Γκάου"). Every
syllable must be one Vietnamese spelling allows, which keeps out the capitalised
nouns of German ("Präsident Luong Cuong, Leiter") and sentence openings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from services.parser import translit
from services.parser.meeting import gazetteer, lexicon, scanner

TOKEN = re.compile(r"[^\W\d_]+")
NON_LATIN = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff\u0400-\u04ff]")
ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
# Rhymes of Vietnamese spelling, tones and vowel marks dropped.
RHYMES = """a ai ao au ay e eo eu i ia iu o oa oai oao oay oe oeo oi u ua uay ue ui uy uya uyu uu
uoi uou ieu yeu y ac ach am an ang anh ap at ec em en eng ep et ech enh ich im in inh ip it oc om
on ong op ot oong ooc uc um un ung up ut iec iem ien ieng iep iet yem yen yet uoc uom uon uong
uot oac oach oam oan oang oanh oap oat oec oen oet oeo uan uang uat uech uenh uych uynh uyt uyen
uyet""".split()
SYLLABLE = re.compile(rf"{ONSET}(?:{'|'.join(sorted(RHYMES, key=len, reverse=True))})")
MAX_SYLLABLES = 4
_UPPER_SCAN = 0x2000  # Latin (with Vietnamese), Greek, Cyrillic capitals all lie below
# Ede and Jarai names open with a gender prefix and end in a clan name that is no
# Vietnamese syllable: "Y Vinh Niê", "H'Hoa Byă".
ETHNIC_PREFIXES = frozenset({"y", "h"})


@dataclass(frozen=True)
class NameHit:
    start: int
    end: int
    as_written: str
    name_ascii: str
    name: str | None  # with diacritics, where the text is Vietnamese


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    latin: str | None  # the syllable in folded Latin, None where it cannot be one


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = lexicon.data("vi").get("surnames") or []
    return frozenset(w.lower() for w in words), frozenset(translit.fold(w) for w in words)


@cache
def _non_names() -> frozenset[str]:
    """Places that read like names ("Ha Giang", "Lam Dong", "Ha Long"): provinces and the list."""
    listed = {translit.fold(w) for w in lexicon.data("vi").get("non_names") or []}
    return frozenset(listed | {translit.fold(p.name_ascii) for p in gazetteer.all_provinces()})


@lru_cache(maxsize=1 << 16)
def is_syllable(latin: str) -> bool:
    return bool(SYLLABLE.fullmatch(translit.fold(latin)))


def find_names(text: str, lang: str) -> list[NameHit]:
    """Every personal name in the text, in order."""
    hits: list[NameHit] = []
    for run in _capitalised_runs(text, lang):
        hits.extend(_names_in_run(text, run, lang))
    return [h for h in hits if translit.fold(h.name_ascii) not in _non_names()]


@cache
def _capitalised_run() -> re.Pattern[str]:
    """Two or more capitalised words, one space apart: only these can hold a name, so the
    token loop below runs on them and not on the whole text (Python's re has no \\p{Lu})."""
    upper = "".join(re.escape(c) for c in map(chr, range(_UPPER_SCAN)) if c.isupper())
    word = rf"[{upper}][^\W\d_]*"
    return re.compile(rf"(?<![^\W\d_]){word}(?: {word})+")


def _capitalised_runs(text: str, lang: str) -> list[list[_Token]]:
    runs: list[list[_Token]] = []
    for span in scanner.scan(_capitalised_run(), text):
        # Most runs ("Ban Thường vụ Tỉnh ủy", a sentence's first words) hold no surname, and
        # a name starts with one: those runs need no tokens.
        if not any(_is_surname_word(word, lang) for word in span.group().split(" ")):
            continue
        current: list[_Token] = []
        for m in TOKEN.finditer(text, span.start(), span.end()):
            word = m.group()
            if len(word) > 1 and word.isupper():  # "UBND", "HĐND": an office, not a name
                current = _close(runs, current)
                continue
            current.append(_Token(word, m.start(), m.end(), _latin(word, lang)))
        _close(runs, current)
    return runs


def _close(runs: list[list[_Token]], current: list[_Token]) -> list[_Token]:
    if len(current) >= 2:
        runs.append(current)
    return []


# Names and capitalised words recur across sentences and pages: transliterate each once.
@lru_cache(maxsize=1 << 16)
def _latin(word: str, lang: str) -> str | None:
    latin = translit.to_latin_vietnamese(word, lang) if NON_LATIN.search(word) else word
    if " " in latin or not is_syllable(latin):
        return None
    return latin


def _is_surname(token: _Token, lang: str) -> bool:
    exact, folded = _surnames()
    if token.latin is None:
        return False
    if lang == "vi" and not NON_LATIN.search(token.text):
        # Diacritics tell "Trương" (a surname) from "Trưởng" (head of).
        return token.text.lower() in exact
    return translit.fold(token.latin) in folded


@lru_cache(maxsize=1 << 16)
def _is_surname_word(word: str, lang: str) -> bool:
    """`_is_surname` of the word as a run token ("UBND", all capitals, is none)."""
    if len(word) > 1 and word.isupper():
        return False
    return _is_surname(_Token(word, 0, 0, _latin(word, lang)), lang)


def _names_in_run(text: str, run: list[_Token], lang: str) -> list[NameHit]:
    hits: list[NameHit] = []
    i = 0
    while i < len(run) - 1:
        if not _is_surname(run[i], lang):
            i += 1
            continue
        j = i + 1
        ethnic = translit.fold(run[i].text) in ETHNIC_PREFIXES
        while j < len(run) and j - i < MAX_SYLLABLES and (run[j].latin is not None or ethnic):
            j += 1
        if j - i >= 2:
            hits.append(_hit(text, run[i:j], lang))
            i = j
        else:
            i += 1
    return hits


def _hit(text: str, tokens: list[_Token], lang: str) -> NameHit:
    start, end = tokens[0].start, tokens[-1].end
    ascii_name = " ".join(translit.fold(t.latin or t.text).capitalize() for t in tokens)
    vietnamese = lang == "vi" and not NON_LATIN.search(text[start:end])
    return NameHit(start, end, text[start:end], ascii_name, text[start:end] if vietnamese else None)
