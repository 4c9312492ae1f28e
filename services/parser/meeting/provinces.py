"""Province mentions in running text of any script, from the gazetteer's aliases.

One trie-shaped alternation per script finds every alias; guards then keep out a common
word ("hòa bình" is peace), a URL slug, a place inside a larger name ("Thái Bình Dương" is
the Pacific) and a given name ("Nguyễn Hải Dương").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from services.parser import translit
from services.parser.meeting import gazetteer, prefilter
from services.parser.meeting.gazetteer import SEPARATOR, SEPARATORS, Alias, key
from shared.contracts import Province

PREVIOUS_WORD = re.compile(r"(\w+)[ \t]+$")
URL = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)
CUE_BEFORE_WINDOW = 40  # "Stadtparteisekretär von ", "Stadtparteikomitees "


@dataclass(frozen=True)
class ProvinceHit:
    province: Province
    start: int
    end: int
    alias: str


@dataclass(frozen=True)
class Matcher:
    script: str
    pattern: re.Pattern[str]  # case-insensitive, for a text whose lowercase changes length
    # The same aliases for a lowercased text, matched case-sensitively and without the
    # leading (?<!\w), which _search checks: Python's re then skips ahead to the possible
    # first letters instead of trying the whole alternation at every position (3x faster).
    lowered: re.Pattern[str]
    aliases: dict[str, Alias]
    # Where an alias may start in a long lowercased text (Hyperscan): re then tries only there.
    starts: prefilter.Starts


def find_provinces(text: str, lang: str) -> list[ProvinceHit]:
    """Every province mention, in text order, with the alias as written.

    Every script is searched whatever `lang` says: German and Greek texts keep Latin names
    ("Bac Giang"). Offsets refer to the NFC form of `text`.
    """
    text = unicodedata.normalize("NFC", text)
    scripts = translit.scripts_in(text)
    # str.translate with a table is slow on long non-ASCII text: only Greek and ё need it.
    fold = gazetteer.match_fold()
    folded = text.translate(fold) if scripts else text
    lowered: str | None = folded.lower()
    if len(lowered) != len(folded):  # "İ": offsets would move, take the case-insensitive way
        lowered = None
    hits: list[ProvinceHit] = []
    for script in (gazetteer.LATIN, *scripts):
        hits += _scan(text, folded, lowered, _matchers()[script])
    return sorted(hits, key=lambda hit: hit.start)


def _scan(text: str, folded: str, lowered: str | None, matcher: Matcher) -> Iterable[ProvinceHit]:
    pos = 0
    starts = None if lowered is None else matcher.starts.find(lowered)
    while match := _search(matcher, folded, lowered, pos, starts):
        start, end = match.span()
        alias = matcher.aliases.get(key(match.group("alias")))
        if alias and matcher.script == gazetteer.LATIN and text[start:end].isascii():
            # Bare ASCII spellings count only capitalised: "quang-ninh" is a URL slug.
            alias = Alias(alias.code, alias.guard or "case")
        if alias and _accepted(text, folded, start, end, alias):
            yield ProvinceHit(gazetteer.by_code(alias.code), start, end, text[start:end])  # type: ignore[arg-type]
            pos = end
        else:
            pos = start + 1  # a shorter alias may start inside a rejected one


def _search(
    matcher: Matcher, folded: str, lowered: str | None, pos: int, starts: list[int] | None
) -> re.Match[str] | None:
    if lowered is None:
        return matcher.pattern.search(folded, pos)
    if starts is not None:  # every match starts with an alias, so at one of these
        for start in starts[bisect_left(starts, pos) :]:
            found = matcher.lowered.match(lowered, start)
            if found and not _in_word(lowered, start):
                return found
        return None
    while (found := matcher.lowered.search(lowered, pos)) and _in_word(lowered, found.start()):
        pos = found.start() + 1
    return found


def _in_word(text: str, start: int) -> bool:
    """What (?<!\\w) rules out: a word character just before."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")


def _accepted(text: str, folded: str, start: int, end: int, alias: Alias) -> bool:
    if _inside_false_friend(folded, start, end) or _after_personal_name(text, start):
        return False
    if URL.search(text[max(0, start - 200) : start]):
        return False
    if alias.guard is None:
        return True
    before = folded[max(0, start - CUE_BEFORE_WINDOW) : start]
    cued = _cue_before().search(before) or _cue_after().match(folded, end)
    if alias.guard == "cue" or cued:
        return bool(cued)
    return all(word[:1].isupper() for word in SEPARATORS.split(text[start:end]) if word)


def _inside_false_friend(folded: str, start: int, end: int) -> bool:
    """The Pacific ("Thái Bình Dương") is neither Thái Bình nor Bình Dương."""
    lo = max(0, start - 20)
    window = folded[lo : end + 20]
    for phrase in _false_friends():
        for found in phrase.finditer(window):
            if found.start() + lo <= start and found.end() + lo >= end:
                return True
    return False


def _after_personal_name(text: str, start: int) -> bool:
    """A province name right after a surname is a given name: "Nguyễn Hải Dương" is a man."""
    previous = PREVIOUS_WORD.search(text[max(0, start - 20) : start])
    return bool(previous and previous.group(1)[:1].isupper()
                and key(previous.group(1)) in gazetteer.name_words())  # fmt: skip


@cache
def _matchers() -> dict[str, Matcher]:
    return {script: _compile(script, found) for script, found in gazetteer.aliases().items()}


def _compile(script: str, aliases: dict[str, Alias]) -> Matcher:
    # Russian declines place names ("в провинции Хазянге", "Куангниня"): the table's ending.
    table = translit.tables().get(script)
    ending = table.place_ending if table else ""
    trie = _trie_regex(sorted(aliases))  # keys are lowercase already
    body = rf"(?P<alias>{trie}){ending}(?!\w)"
    pattern = re.compile(rf"(?<!\w){body}", re.IGNORECASE)
    starts = prefilter.Starts([re.compile(_trie_regex([alias])) for alias in aliases])
    return Matcher(script, pattern, re.compile(body), aliases, starts)


def _trie_regex(words: list[str]) -> str:
    """One alternation, factored by common prefixes, longer continuations first."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    branches = [
        (SEPARATOR if char == " " else re.escape(char)) + _emit(child)
        for char, child in node.items()
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


@cache
def _false_friends() -> tuple[re.Pattern[str], ...]:
    phrases = gazetteer.data()["false_friends"]
    return tuple(re.compile(re.escape(phrase), re.IGNORECASE) for phrase in phrases)


@cache
def _cue_before() -> re.Pattern[str]:
    words = sorted(gazetteer.data()["cues_before"], key=len, reverse=True)
    cues = [*map(re.escape, map(key, words)), *gazetteer.data().get("cue_patterns_before", [])]
    return re.compile(rf"(?<!\w)(?:{'|'.join(cues)})[\s.]*$", re.IGNORECASE)


@cache
def _cue_after() -> re.Pattern[str]:
    cues = "|".join(re.escape(key(c)) for c in gazetteer.data()["cues_after"])
    return re.compile(rf"[\s\-]*(?:{cues})(?!\w)", re.IGNORECASE)
