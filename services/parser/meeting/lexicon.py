"""The per-language knowledge of langs/<lang>.json, loaded once and compiled.

Every key here is data: adding a language is adding a JSON file, not code.
Patterns are case-insensitive regexes; a pattern that must keep case (Greek
"συνέδριο" is a conference, "Συνέδριο" a party congress) says so with (?-i:...).
"""

from __future__ import annotations

import json
import re
import re._parser as sre_parse  # the parser of re itself: to read a pattern's literals
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    folded, fast = fold_case(text), _folded(union)
    if folded is not None and fast is not None:
        return bool(fast.search(folded))
    return bool(union.search(text))


@cache
def folded_translations(lang: str, key: str) -> tuple[tuple[re.Pattern[str], str, str], ...] | None:
    """`translations(lang, key)` for a folded text, each row with a literal every match of it
    holds (see `needle`); None if any row cannot be folded."""
    rows = []
    for rx, english in translations(lang, key):
        fast = _folded(rx)
        if fast is None:
            return None
        rows.append((fast, english, needle(fast)))
    return tuple(rows)


def translation_rows(
    lang: str, key: str, text: str
) -> tuple[str, tuple[tuple[re.Pattern[str], str, str], ...]]:
    """The text to search (folded where it can be) and the (regex, English, needle) rows of
    `translations(lang, key)` that match on it, in order."""
    folded = fold_case(text)
    rows = folded_translations(lang, key) if folded is not None else None
    if folded is None or rows is None:
        return text, tuple((rx, english, "") for rx, english in translations(lang, key))
    return folded, rows


def needle(rx: re.Pattern[str]) -> str:
    """The longest run of literal characters at the top level of rx: every match contains it,
    so a text without it needs no regex pass ("" where there is none)."""
    if rx.flags & re.IGNORECASE:
        return ""
    try:
        items = sre_parse.parse(rx.pattern, rx.flags).data
    except (re.error, RecursionError):
        return ""
    best, run = "", ""
    for op, value in items:
        run = run + chr(value) if op == sre_parse.LITERAL else ""
        best = max(best, run, key=len)
    return best


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
    folded = fold_case(text)
    if folded is not None:
        rx = folded_pattern(lang, key)
        if rx is not None:
            return bool(rx.search(folded, start, end))
    rx = pattern(lang, key)
    return bool(rx and rx.search(text, start, end))


def in_sentence(lang: str, key: str, text: str, span: Sentence) -> bool:
    """`matches(lang, key, span.text)` for a sentence of `text`."""
    return matches(lang, key, text, span.start, span.end)


# Python's re is 2-6 times slower with IGNORECASE on non-ASCII text (every character is
# folded at every comparison): the hot paths match a lowercased text, folded once, against
# lowercased patterns. Offsets stay valid because the fold keeps the length; a text whose
# lowercase is longer ("İ"), or a pattern with its own case flags, takes the slow path.


# Room for a few whole texts and the many short segments (sentences, role items) read
# between two uses of a whole text's fold, which must not push it out.
@lru_cache(maxsize=256)
def fold_case(text: str) -> str | None:
    """The text lowercased (final sigma as σ), or None where that changes its length."""
    folded = text.lower().replace("ς", "σ")  # IGNORECASE treats σ, ς and Σ alike
    return folded if len(folded) == len(text) else None


@cache
def folded_pattern(lang: str, key: str) -> re.Pattern[str] | None:
    """`pattern(lang, key)` for a folded text: None if the pattern cannot be folded."""
    rx = pattern(lang, key)
    return _folded(rx) if rx is not None else None


@cache
def folded_labelled(lang: str, key: str) -> tuple[tuple[str, re.Pattern[str]], ...] | None:
    """`labelled(lang, key)` for a folded text: None if any pattern cannot be folded."""
    pairs = [(label, _folded(rx)) for label, rx in labelled(lang, key)]
    if any(rx is None for _, rx in pairs):
        return None
    return tuple((label, rx) for label, rx in pairs if rx is not None)


def finditer(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """rx.finditer(text) for a case-insensitive rx that never matches empty, located on the
    folded text by `scanner(rx)` (fast) and matched again on the text itself (so groups keep
    the text's case)."""
    fast, folded = scanner(rx), fold_case(text)
    if fast is None or folded is None:
        yield from rx.finditer(text)
        return
    yield from confirmed(fast, rx, folded, text)


def confirmed(
    fast: re.Pattern[str], rx: re.Pattern[str], located_in: str, text: str, end: int | None = None
) -> Iterator[re.Match[str]]:
    """rx's matches in text[:end], in order and not overlapping, where `fast` matches wherever
    rx can (a looser pattern, on a same-length form of the text): a start fast finds is tried
    with rx, and the search goes on past it whether or not rx matches there."""
    pos, end = 0, len(text) if end is None else end
    while (located := fast.search(located_in, pos, end)) is not None:
        found = rx.match(text, located.start(), end)
        if found is None or found.end() == found.start():
            pos = located.start() + 1
            continue
        yield found
        pos = found.end()


@cache
def scanner(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """`_folded(rx)` without the word-boundary tests that open its alternatives: Python's re
    skips ahead to the possible first characters only when a pattern opens with literals,
    and a leading \\b or lookbehind makes it try the whole pattern at every position (2-4x
    slower). Dropping a test only lets more through; `confirmed` checks each start."""
    folded = _folded(rx)
    if folded is None:
        return None
    try:
        return re.compile(_unanchored(folded.pattern))
    except re.error:
        return folded


def scan(rx: re.Pattern[str], text: str, end: int | None = None) -> Iterator[re.Match[str]]:
    """rx.finditer(text, 0, end), exactly, for an rx that never matches empty, found faster
    where rx opens with a word-boundary test (see `scanner`)."""
    return confirmed(_loose(rx), rx, text, text, end)


@cache
def _loose(rx: re.Pattern[str]) -> re.Pattern[str]:
    try:
        return re.compile(_unanchored(rx.pattern), rx.flags)
    except re.error:
        return rx


LEADING_GROUPS = re.compile(r"(?:\(\?:|\(\?P<\w+>|\((?!\?))*")


def _unanchored(source: str) -> str:
    """`source` with no \\b or lookbehind opening any of its top-level alternatives."""
    return "|".join(_drop_assertion(part) for part in _alternatives(source))


def _drop_assertion(part: str) -> str:
    opened = LEADING_GROUPS.match(part)
    head, rest = part[: opened.end()], part[opened.end() :]  # type: ignore[union-attr]
    if rest.startswith("\\b"):
        return head + rest[2:]
    if rest.startswith(("(?<!", "(?<=")):
        return head + rest[_group_end(rest, 0) :]
    return part


def _alternatives(source: str) -> list[str]:
    parts, start, i, depth = [], 0, 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(source, i)
            continue
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    return [*parts, source[start:]]


def _group_end(source: str, i: int) -> int:
    """Index just past the group that opens at source[i]."""
    depth = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(source, i)
            continue
        depth += (ch == "(") - (ch == ")")
        i += 1
        if depth == 0:
            return i
    return len(source)


def _class_end(source: str, i: int) -> int:
    """Index just past the character class that opens at source[i]."""
    i += 2 if source.startswith(("[^]", "[]"), i) else 1
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1


@cache
def _folded(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    source = rx.pattern
    if "(?-i" in source or "(?i" in source or "\\N" in source:
        return None
    # Lowercase every literal, never an escape (\W, \S, \D, \B keep their meaning) nor a
    # group's name ("(?P<Abbr>", "(?P=Abbr)").
    out, i = [], 0
    while i < len(source):
        if source[i] == "\\":
            out.append(source[i : i + 2])
            i += 2
        elif source.startswith(("(?P<", "(?P="), i):
            close = source.find(">" if source[i + 3] == "<" else ")", i)
            out.append(source[i : close + 1])
            i = close + 1
        else:
            out.append(source[i].lower().replace("ς", "σ"))
            i += 1
    try:
        return re.compile("".join(out))
    except re.error:  # a range whose ends fold out of order
        return None
