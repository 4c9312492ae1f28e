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
from typing import Any

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


def accent_free(rx: str) -> str:
    """The regex with each Greek vowel as a class of its accented and plain forms, and
    Vietnamese "ủy" also in its old spelling "uỷ" (tone mark on the y)."""
    greek = "".join(
        GREEK_VOWELS.get(ch.lower(), ch) if ch.lower() in GREEK_VOWELS else ch for ch in rx
    )
    return OLD_TONE_PLACEMENT.sub(
        lambda m: f"(?:{m.group()}|{OLD_SPELLING[m.group().lower()]})", greek
    )


def matches(lang: str, key: str, text: str) -> bool:
    rx = pattern(lang, key)
    return bool(rx and rx.search(text))
