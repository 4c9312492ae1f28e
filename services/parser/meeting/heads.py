"""A Python regex's head, in Hyperscan's syntax: a pattern that matches, starting at the same
place, a prefix of every match of the regex (so where it never starts, the regex never does).

Read from the parse tree of `re` itself, never from the source text. Hyperscan has no
lookaround, no \\b in Unicode mode and no backreference: an assertion is dropped (it can only
rule matches out), a backreference becomes its group's pattern. The tail that may match empty
is cut and a closing repeat kept at its minimum, because Hyperscan reports every end of every
match: "[A-Z]\\w*" would report at each letter of a word, its head "[A-Z]" once. Classes use
Hyperscan's Unicode (UCP) table for \\w, Python's own list for \\s, and ASCII digits for \\d
(see CATEGORIES).
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterator
from functools import cache
from typing import Any

Items = list[tuple[Any, Any]]

UNSUPPORTED_FLAGS = re.IGNORECASE | re.ASCII | re.LOCALE
# Python's \s (str.isspace) is wider than PCRE's (the separators \x1c-\x1f are in it):
# \s and \S are spelled out, as Python's list of spaces and the ranges between them.
SPACES = [cp for cp in range(0x3001) if chr(cp).isspace()]
SPACE = "".join(f"\\x{{{cp:x}}}" for cp in SPACES)
NOT_SPACE = "".join(
    f"\\x{{{low:x}}}-\\x{{{high:x}}}"
    for low, high in zip(
        [0, *(cp + 1 for cp in SPACES)], [*(cp - 1 for cp in SPACES), 0x10FFFF], strict=True
    )
    if low <= high
)
# Python's \d is every Unicode decimal digit, Hyperscan's (UCP) too, but that one is 6x
# slower: heads read digits as ASCII, and a text with any other digit (`OTHER_DIGITS`, once
# per text) gets no hints.
CATEGORIES = {
    sre.CATEGORY_DIGIT: "0-9",
    sre.CATEGORY_NOT_DIGIT: "\\x{0}-\\x{2f}\\x{3a}-\\x{10ffff}",
    sre.CATEGORY_SPACE: SPACE,
    sre.CATEGORY_NOT_SPACE: NOT_SPACE,
    sre.CATEGORY_WORD: "\\w",
    sre.CATEGORY_NOT_WORD: "\\W",
}
_CHARS = (sre.LITERAL, sre.RANGE)
_WIDE = (sre.CATEGORY_WORD, sre.CATEGORY_NOT_WORD, sre.CATEGORY_NOT_DIGIT,
                    sre.CATEGORY_NOT_SPACE)  # fmt: skip
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
DROPPED = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
# A head that can be one character long ("[A-Z]") reports at too many places to help.
MIN_WIDTH = 2


@cache
def other_digits() -> str:
    """A Hyperscan class of the decimal digits other than 0-9 (Arabic-Indic, fullwidth...)."""
    digits = [cp for cp in range(0x80, 0x110000) if chr(cp).isdecimal()]
    runs: list[list[int]] = []
    for cp in digits:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "[" + "".join(f"\\x{{{low:x}}}-\\x{{{high:x}}}" for low, high in runs) + "]"


class Untranslatable(ValueError):
    """The regex has no head Hyperscan can take (one that may match empty, an odd flag)."""


def heads(rx: re.Pattern[str], *, caseless: bool = False) -> Iterator[str]:
    """The Hyperscan sources of rx's heads, longest first: the whole pattern's, then those of
    ever shorter openings of it (a long head Hyperscan may find too large), none shorter than
    MIN_WIDTH characters. Raises Untranslatable where rx has none. `caseless`: the head
    will match case-insensitively, so a negated class with a cased letter in it, which would
    then exclude both cases, becomes any character."""
    if rx.flags & UNSUPPORTED_FLAGS:
        raise Untranslatable(f"flags {rx.flags:#x}")
    try:
        tree = sre_parse.parse(rx.pattern, rx.flags)
    except (re.error, RecursionError) as error:
        raise Untranslatable(str(error)) from error
    return _openings(tree, caseless)


def _openings(tree: sre_parse.SubPattern, caseless: bool) -> Iterator[str]:
    items, last = list(tree.data), ""
    for length in range(len(items), 0, -1):
        opening = items[:length]
        if _min_width(tree.state, opening) < MIN_WIDTH:
            return
        emitter = _Emitter(tree.state, caseless)
        try:
            source = emitter.sequence(opening, trim=True)
        except Untranslatable:
            continue
        # A repeated class of very many characters ("(?:\\s+[^\\W\\d][\\w.]*){1,3}") can
        # take Hyperscan seconds to refuse as too large: such openings are left out.
        if source and source != last and not emitter.wide:
            yield source
        last = source


class _Emitter:
    def __init__(self, state: sre_parse.State, caseless: bool) -> None:
        self.state = state
        self.caseless = caseless
        self.repeating = 0  # depth of repeats (more than once) around what is emitted
        self.wide = False  # a class of very many characters was emitted inside a repeat
        self.groups: dict[int, Items] = {}

    def sequence(self, items: Items, *, trim: bool) -> str:
        """The items in order; with `trim`, without the tail that may match empty."""
        items = [item for item in items if item[0] not in DROPPED]
        if trim:
            while items and _min_width(self.state, items[-1:]) == 0:
                items.pop()
        parts = [self.item(op, av) for op, av in items[:-1]]
        if items:
            parts.append(self.item(*items[-1], trim=trim))
        return "".join(parts)

    def item(self, op: Any, av: Any, *, trim: bool = False) -> str:
        if op is sre.LITERAL:
            return _char(av)
        if op is sre.NOT_LITERAL:
            self.wide |= self.repeating > 0
            return "." if self.caseless and _cased(av, av) else f"[^{_char(av)}]"
        if op is sre.ANY:
            self.wide |= self.repeating > 0
            return "."
        if op is sre.IN:
            self.wide |= self.repeating > 0 and _wide(av)
            return _class(av, self.caseless)
        if op is sre.BRANCH:
            alternatives = [self.sequence(list(alt), trim=trim) for alt in av[1]]
            if trim and not all(alternatives):
                raise Untranslatable("an alternative's head is empty")
            return "(?:" + "|".join(alternatives) + ")"
        if op is sre.SUBPATTERN:
            group, _, _, body = av
            if group is not None:
                self.groups[group] = list(body)
            return "(?:" + self.sequence(list(body), trim=trim) + ")"
        if op is sre.ATOMIC_GROUP:
            return "(?:" + self.sequence(list(av), trim=trim) + ")"
        if op in REPEATS:
            return self._repeat(*av, trim=trim)
        if op is sre.GROUPREF:
            if av not in self.groups:
                raise Untranslatable(f"group {av} is referred to outside its scope")
            return "(?:" + self.sequence(self.groups[av], trim=False) + ")"
        if op is sre.GROUPREF_EXISTS:
            _, yes, no = av
            options = [self.sequence(list(yes), trim=False)]
            options.append(self.sequence(list(no), trim=False) if no else "")
            return "(?:" + "|".join(options) + ")"
        if op is sre.CATEGORY:
            self.wide |= self.repeating > 0 and _wide([(op, av)])
            return f"[{CATEGORIES[av]}]"
        raise Untranslatable(f"operator {op}")

    def _repeat(self, low: int, high: int, body: Any, *, trim: bool) -> str:
        if trim:  # only the closing repeat is trimmed: its minimum, its last copy's head
            if low == 0:
                raise Untranslatable("a trimmed repeat may match nothing")
            whole = "(?:" + self.sequence(list(body), trim=False) + ")"
            return whole * (low - 1) + "(?:" + self.sequence(list(body), trim=True) + ")"
        self.repeating += high > 1
        inner = "(?:" + self.sequence(list(body), trim=False) + ")"
        self.repeating -= high > 1
        if high == sre.MAXREPEAT:
            return f"{inner}{{{low},}}"
        return f"{inner}{{{low},{high}}}"


def _wide(items: Items) -> bool:
    """A class of very many characters: negated, or with \\w, \\W, \\D or \\S in it."""
    return any(op is sre.NEGATE or (op is sre.CATEGORY and av in _WIDE) for op, av in items)


def _min_width(state: sre_parse.State, items: Items) -> int:
    return int(sre_parse.SubPattern(state, list(items)).getwidth()[0])


def _char(cp: int) -> str:
    char = chr(cp)
    if char.isascii() and char.isalnum():
        return char
    if 0x20 < cp < 0x7F:
        return "\\" + char
    return f"\\x{{{cp:x}}}"


def _cased(low: int, high: int) -> bool:
    return any(chr(cp).lower() != chr(cp).upper() for cp in range(low, high + 1))


def _class(items: Items, caseless: bool) -> str:
    if caseless and (sre.NEGATE, None) in items:
        spans = [(av, av) if op is sre.LITERAL else av for op, av in items if op in _CHARS]
        if any(_cased(low, high) for low, high in spans):
            return "."
    parts: list[str] = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.insert(0, "^")
        elif op is sre.LITERAL:
            parts.append(_char(av))
        elif op is sre.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is sre.CATEGORY:
            parts.append(CATEGORIES[av])
        else:
            raise Untranslatable(f"class item {op}")
    return "[" + "".join(parts) + "]"
