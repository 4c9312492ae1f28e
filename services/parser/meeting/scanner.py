"""Fast regex scans: on a lowercased text, and skipping ahead past impossible starts.

Python's re is 2-6 times slower with IGNORECASE on non-ASCII text (every character is folded
at every comparison), and it skips ahead to a pattern's possible first characters only when
the pattern opens with literals: a leading \\b or lookbehind makes it try the whole pattern
at every position. So the hot scans run a looser, lowercased pattern on the text's fold and
confirm every start they find with the pattern itself, which gives exactly its matches.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # the parser of re itself: to read a pattern's literals
from collections.abc import Iterator
from functools import cache, lru_cache

from services.parser.meeting import prefilter

# Offsets stay valid because the fold keeps the length; a text whose lowercase is longer
# ("İ"), or a pattern with its own case flags, takes the slow path.
SHORT = 512  # characters: a sentence, a window, a role item


def fold_case(text: str) -> str | None:
    """The text lowercased (final sigma as σ), or None where that changes its length."""
    # A whole text is folded once and read by many scans: those few are kept. A short
    # segment costs less to fold again than to look up, and must not push them out.
    return _fold(text) if len(text) < SHORT else _fold_text(text)


@lru_cache(maxsize=4)
def _fold_text(text: str) -> str | None:
    return _fold(text)


def _fold(text: str) -> str | None:
    folded = text.lower().replace("ς", "σ")  # IGNORECASE treats σ, ς and Σ alike
    return folded if len(folded) == len(text) else None


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


def finditer(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """rx.finditer(text) for a case-insensitive rx that never matches empty, located on the
    folded text by `loose_folded(rx)` (fast) and matched again on the text itself (so groups
    keep the text's case)."""
    fast, folded = loose_folded(rx), fold_case(text)
    if fast is None or folded is None:
        yield from rx.finditer(text)
        return
    yield from confirmed(fast, rx, folded, text)


def confirmed(
    fast: re.Pattern[str],
    rx: re.Pattern[str],
    located_in: str,
    text: str,
    end: int | None = None,
    *,
    folded: bool | None = None,
) -> Iterator[re.Match[str]]:
    """rx's matches in text[:end], in order and not overlapping, where `fast` matches wherever
    rx can (a looser pattern, on a same-length form of the text): a start fast finds is tried
    with rx, and the search goes on past it whether or not rx matches there. On a long text
    the search starts only where Hyperscan says fast may match (`prefilter.hints`); `folded`
    says whether located_in is a fold (by default: whether it is another string than text)."""
    pos, end = 0, len(text) if end is None else end
    folded = located_in is not text if folded is None else folded
    fold = located_in if folded else fold_case(located_in)
    hints = None if fold is None else prefilter.hints(fast, fold, caseless=not folded)
    while True:
        if hints is not None:
            skip = hints.next_start(pos)
            if skip is None or skip >= end:
                return
            pos = skip
        located = fast.search(located_in, pos, end)
        if located is None:
            return
        found = rx.match(text, located.start(), end)
        if found is None or found.end() == found.start():
            pos = located.start() + 1
            continue
        yield found
        pos = found.end()


@cache
def loose_folded(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """`folded(rx)` without the word-boundary tests that open its alternatives (2-4x faster).
    Dropping a test only lets more through; `confirmed` checks each start."""
    folded_rx = folded(rx)
    if folded_rx is None:
        return None
    try:
        return re.compile(_unanchored(folded_rx.pattern))
    except re.error:
        return folded_rx


def scan(
    rx: re.Pattern[str], text: str, end: int | None = None, *, folded: bool = False
) -> Iterator[re.Match[str]]:
    """rx.finditer(text, 0, end), exactly, for an rx that never matches empty, found faster
    where rx opens with a word-boundary test (see `loose_folded`); `folded`: text is a fold
    (lowercase), and so is rx."""
    return confirmed(_loose(rx), rx, text, text, end, folded=folded)


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


def _top_level(source: str, i: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it), escapes and character classes skipped."""
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
        yield i, ch, depth
        i += 1


def _alternatives(source: str) -> list[str]:
    parts, start = [], 0
    for i, ch, depth in _top_level(source):
        if ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    return [*parts, source[start:]]


def _group_end(source: str, i: int) -> int:
    """Index just past the group that opens at source[i]."""
    for j, _, depth in _top_level(source, i):
        if depth == 0:
            return j + 1
    return len(source)


def _class_end(source: str, i: int) -> int:
    """Index just past the character class that opens at source[i]."""
    i += 2 if source.startswith(("[^]", "[]"), i) else 1
    while i < len(source) and source[i] != "]":
        i += 2 if source[i] == "\\" else 1
    return i + 1


@cache
def folded(rx: re.Pattern[str]) -> re.Pattern[str] | None:
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
