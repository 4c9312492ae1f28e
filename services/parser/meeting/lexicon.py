"""The per-language knowledge of langs/<lang>.json, loaded once and compiled.

Every key here is data: adding a language is adding a JSON file, not code.
Patterns are case-insensitive regexes; a pattern that must keep case (Greek
"συνέδριο" is a conference, "Συνέδριο" a party congress) says so with (?-i:...).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from services.parser.meeting import scanner

if TYPE_CHECKING:
    from services.parser.meeting.sentences import Sentence

LANGS_DIR = Path(__file__).resolve().parent.parent / "langs"
FALLBACK_LANG = "en"
# Greek text carries accents that translations place inconsistently ("Αναπληρώτρια",
# "αναπληρωτής"): every Greek vowel in a pattern matches with or without its accent.
GREEK_VOWELS = {
    **dict.fromkeys("αά", "[αά]"),
    **dict.fromkeys("εέ", "[εέ]"),
    **dict.fromkeys("ηή", "[ηή]"),
    **dict.fromkeys("ιίϊΐ", "[ιίϊΐ]"),
    **dict.fromkeys("οό", "[οό]"),
    **dict.fromkeys("υύϋΰ", "[υύϋΰ]"),
    **dict.fromkeys("ωώ", "[ωώ]"),
}
OLD_SPELLING = {"ủy": "uỷ", "thủy": "thuỷ", "hòa": "hoà", "khỏe": "khoẻ", "hóa": "hoá"}
OLD_TONE_PLACEMENT = re.compile("|".join(OLD_SPELLING), re.IGNORECASE)


@cache
def data(lang: str) -> dict[str, Any]:
    """The language's JSON object; English for a language without a file."""
    path = LANGS_DIR / f"{lang}.json"
    if not path.exists():
        path = LANGS_DIR / f"{FALLBACK_LANG}.json"
    try:
        loaded = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


@cache
def pattern(lang: str, key: str, *, anchor: str = "") -> re.Pattern[str] | None:
    """One alternation of the regexes listed under `key` (None where the list is empty)."""
    parts = data(lang).get(key) or []
    return alternation(tuple(parts), anchor)


@cache
def alternation(parts: tuple[str, ...], anchor: str = "") -> re.Pattern[str] | None:
    if not parts:
        return None
    body = "|".join(f"(?:{accent_free(p)})" for p in parts)
    if anchor == "start":
        body = rf"^\s*(?:{body})"
    elif anchor == "end":
        body = rf"\b(?:{body})\W*$"
    return re.compile(body, re.IGNORECASE)


@cache
def labelled(lang: str, key: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Label → pattern pairs from a {label: [regex]} object (bodies, purposes, doc types...)."""
    table = data(lang).get(key) or {}
    pairs = [(label, alternation(tuple(parts))) for label, parts in table.items()]
    return tuple((label, rx) for label, rx in pairs if rx is not None)


@cache
def translations(lang: str, key: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Ordered [regex, English] pairs (roles, issuers): the first, most specific, wins."""
    rows = data(lang).get(key) or []
    return tuple((re.compile(accent_free(rx), re.IGNORECASE), english) for rx, english in rows)


@cache
def translations_union(lang: str, key: str) -> re.Pattern[str] | None:
    """One pattern matching wherever any of `translations(lang, key)` matches: a cheap test
    before the ordered pass."""
    rows = data(lang).get(key) or []
    return alternation(tuple(rx for rx, _ in rows))


def mentions_translation(lang: str, key: str, text: str) -> bool:
    """Whether any row of `translations(lang, key)` matches somewhere in the text."""
    union = translations_union(lang, key)
    if union is None:
        return False
    folded, fast = scanner.fold_case(text), scanner.folded(union)
    if folded is not None and fast is not None:
        return bool(fast.search(folded))
    return bool(union.search(text))


@cache
def folded_translations(lang: str, key: str) -> tuple[tuple[re.Pattern[str], str, str], ...] | None:
    """`translations(lang, key)` for a folded text, each row with a literal every match of it
    holds (see `needle`); None if any row cannot be folded."""
    rows = []
    for rx, english in translations(lang, key):
        fast = scanner.folded(rx)
        if fast is None:
            return None
        rows.append((fast, english, scanner.needle(fast)))
    return tuple(rows)


def translation_rows(
    lang: str, key: str, text: str
) -> tuple[str, tuple[tuple[re.Pattern[str], str, str], ...]]:
    """The text to search (folded where it can be) and the (regex, English, needle) rows of
    `translations(lang, key)` that match on it, in order."""
    folded = scanner.fold_case(text)
    rows = folded_translations(lang, key) if folded is not None else None
    if folded is None or rows is None:
        return text, tuple((rx, english, "") for rx, english in translations(lang, key))
    return folded, rows


def accent_free(rx: str) -> str:
    """The regex with each Greek vowel as a class of its accented and plain forms, and
    Vietnamese "ủy" also in its old spelling "uỷ" (tone mark on the y)."""
    greek = "".join(
        GREEK_VOWELS.get(ch.lower(), ch) if ch.lower() in GREEK_VOWELS else ch for ch in rx
    )
    return OLD_TONE_PLACEMENT.sub(
        lambda m: f"(?:{m.group()}|{OLD_SPELLING[m.group().lower()]})", greek
    )


def matches(lang: str, key: str, text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether a pattern of `key` matches in text[start:end]. The range is searched in place
    (no slice, and the whole text's fold is reused): the same as searching the slice for a
    range that opens after a non-word character, as a sentence does, and keys that neither
    look behind nor anchor at ^ or $ (the meeting, chair, attendance and speech cues)."""
    end = len(text) if end is None else end
    folded = scanner.fold_case(text)
    if folded is not None:
        rx = folded_pattern(lang, key)
        if rx is not None:
            return bool(rx.search(folded, start, end))
    rx = pattern(lang, key)
    return bool(rx and rx.search(text, start, end))


def in_sentence(lang: str, key: str, text: str, span: Sentence) -> bool:
    """`matches(lang, key, span.text)` for a sentence of `text`."""
    return matches(lang, key, text, span.start, span.end)


@cache
def folded_pattern(lang: str, key: str) -> re.Pattern[str] | None:
    """`pattern(lang, key)` for a folded text: None if the pattern cannot be folded."""
    rx = pattern(lang, key)
    return scanner.folded(rx) if rx is not None else None


@cache
def folded_labelled(lang: str, key: str) -> tuple[tuple[str, re.Pattern[str]], ...] | None:
    """`labelled(lang, key)` for a folded text: None if any pattern cannot be folded."""
    pairs = [(label, scanner.folded(rx)) for label, rx in labelled(lang, key)]
    if any(rx is None for _, rx in pairs):
        return None
    return tuple((label, rx) for label, rx in pairs if rx is not None)
