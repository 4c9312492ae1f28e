"""Hyperscan as a prefilter for the scans of whole texts: one pass finds, for every pattern
at once, where its matches may start, and Python's re looks only there.

Each pattern scanned on a long text is translated to a head (`heads.heads`) and joins one
Hyperscan database; the database is compiled again, with the patterns met since, before the
next new text (a few times per language, at the start). Only a text's fold (lowercase, same
length) is scanned: a pattern for the text as written joins case-insensitively, so one pass
serves both. What a pattern learns is `Hints.next_start(pos)`: no match of it starts in
[pos, next_start). Every head matches wherever its pattern does (assertions dropped, tail
cut, case ignored where the pattern reads the text as written), so skipping there and
searching with re gives exactly re's matches. A pattern Hyperscan cannot take, a short
text, or no hyperscan module at all: re alone, as before.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from services.parser.meeting import heads

try:  # a platform without its wheel scans with re alone
    import hyperscan
except ImportError:  # pragma: no cover
    hyperscan = None

log = logging.getLogger(__name__)

# Below this many characters re alone is about as fast: sentences and windows stay with re.
MIN_LENGTH = 1500
_RECENT_TEXTS = 4  # a page's text, the people's (text and captions), and the last page's
SENTINEL = 0  # the id of the pattern that finds digits other than 0-9 (heads.CATEGORIES)


@dataclass(frozen=True)
class Hints:
    """Where a pattern's matches may start in one text: each Hyperscan report (start, end)
    of its head says a match may start in [start, end)."""

    ends: Sequence[int]  # ascending
    least_start: Sequence[int]  # least start among the reports from here on

    def next_start(self, pos: int) -> int | None:
        """The first offset at or after pos where a match may start (None: no more)."""
        i = bisect_right(self.ends, pos)
        if i == len(self.ends):
            return None
        return max(pos, self.least_start[i])


NONE_HERE = Hints((), ())


class _Database:
    """The heads of every pattern scanned so far, ids from 1 in the order met."""

    def __init__(self) -> None:
        self.ids: dict[tuple[re.Pattern[str], bool], int | None] = {}
        self.sources: list[tuple[str, bool]] = []  # (head, caseless)
        self.compiled: object | None = None
        self.size = 0  # patterns in `compiled`

    def ident(self, rx: re.Pattern[str], caseless: bool) -> int | None:
        """rx's id (None: Hyperscan cannot take it); a pattern met for the first time is
        added, and the database compiled with it before the next text."""
        key = (rx, caseless)
        if key not in self.ids:
            source = _checked_head(rx, caseless)
            if source is not None:
                self.sources.append((source, caseless))
            self.ids[key] = None if source is None else len(self.sources)
        return self.ids[key]

    def current(self) -> object | None:
        if self.size < len(self.sources):
            self.compiled = _compile([(heads.other_digits(), False), *self.sources])
            self.size = len(self.sources) if self.compiled is not None else 0
        return self.compiled


_database = _Database()


def hints(rx: re.Pattern[str], folded: str, *, caseless: bool) -> Hints | None:
    """Where rx's matches may start in a text whose fold is `folded`: rx reads the fold
    itself, or (`caseless`) the text as written. None: no hints, search it all with re."""
    if hyperscan is None or len(folded) < MIN_LENGTH:
        return None
    ident = _database.ident(rx, caseless)
    if ident is None:
        return None
    found = _scan(folded)
    if found is None or ident > found[0]:
        return None  # a pattern met after this text was scanned: the next text has it
    return found[1].get(ident, NONE_HERE)


@lru_cache(maxsize=_RECENT_TEXTS)
def _scan(folded: str) -> tuple[int, dict[int, Hints]] | None:
    """(patterns scanned, their hints) for one text: every head at once."""
    compiled = _database.current()
    if compiled is None:
        return None
    try:
        data = folded.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: Hyperscan reads valid UTF-8 only
        return None
    reports: list[tuple[int, int, int]] = []
    add = reports.append
    compiled.scan(data, match_event_handler=lambda i, a, b, _f, _c: add((i, a, b)))  # type: ignore[attr-defined]
    if any(ident == SENTINEL for ident, _, _ in reports):
        return None
    if len(data) != len(folded):
        try:
            reports = _in_characters(data, reports)
        except UnicodeDecodeError:  # an offset inside a character: no hints, re alone
            return None
    return _database.size, _grouped(reports)


def _in_characters(data: bytes, reports: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Reports with character offsets instead of UTF-8 byte offsets (heads match whole
    characters, so every start is a character boundary). An end is put at its start plus
    the head's length in bytes, at or past its real end: later ends only let more starts
    through, and this way only the starts are counted out."""
    chars: dict[int, int] = {}
    at_byte = at_char = 0
    for offset in sorted({start for _, start, _ in reports}):
        at_char += len(data[at_byte:offset].decode("utf-8"))
        at_byte = offset
        chars[offset] = at_char
    return [(ident, chars[start], chars[start] + end - start) for ident, start, end in reports]


def _grouped(reports: list[tuple[int, int, int]]) -> dict[int, Hints]:
    by_id: dict[int, list[tuple[int, int]]] = {}
    for ident, start, end in reports:
        by_id.setdefault(ident, []).append((end, start))
    found = {}
    for ident, spans in by_id.items():
        spans.sort()
        least = list(accumulate(reversed([start for _, start in spans]), min))[::-1]
        found[ident] = Hints([end for end, _ in spans], least)
    return found


class Starts:
    """Where any of many small patterns (a gazetteer's aliases) may start, from a database of
    their heads of its own: one pattern each, since their alternation is longer than
    Hyperscan takes, and apart from the shared database, which would then report them all in
    every text scanned for anything else."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = patterns
        self._compiled: object | None = None
        self._tried = False

    def compiled(self) -> object | None:
        """The database, compiled when first needed (a script's few hundred aliases take
        Hyperscan 0.1-0.3 s: a parser that never meets that script never pays it)."""
        if not self._tried:
            self._tried = True
            try:  # each pattern's longest head; if the database will not take them all: re
                sources = [(next(heads.heads(rx)), False) for rx in self.patterns]
            except (heads.Untranslatable, StopIteration) as error:
                log.debug("no Hyperscan heads for %d patterns: %r", len(self.patterns), error)
                return None
            self._compiled = _compile(sources, first_id=1) if sources else None
        return self._compiled

    def find(self, folded: str) -> list[int] | None:
        """Ascending character offsets where a match of a pattern may start in `folded` (a
        lowercase text); None: no answer, search it all with re."""
        if hyperscan is None or len(folded) < MIN_LENGTH:
            return None
        compiled = self.compiled()
        if compiled is None:
            return None
        try:
            data = folded.encode("utf-8")
        except UnicodeEncodeError:
            return None
        found: set[int] = set()
        add = found.add
        compiled.scan(data, match_event_handler=lambda _i, a, _b, _f, _c: add(a))  # type: ignore[attr-defined]
        starts = sorted(found)
        if len(data) == len(folded):
            return starts
        try:
            return _characters(data, starts)
        except UnicodeDecodeError:
            return None


def _characters(data: bytes, starts: list[int]) -> list[int]:
    """Ascending UTF-8 byte offsets as character offsets."""
    out, at_byte, at_char = [], 0, 0
    for offset in starts:
        at_char += len(data[at_byte:offset].decode("utf-8"))
        at_byte = offset
        out.append(at_char)
    return out


def _checked_head(rx: re.Pattern[str], caseless: bool) -> str | None:
    """rx's longest head that Hyperscan compiles (alone)."""
    try:
        for source in heads.heads(rx, caseless=caseless):
            if _compile([(source, caseless)], first_id=1) is not None:
                return source
    except heads.Untranslatable as error:
        log.debug("no Hyperscan head for %r: %s", rx.pattern[:80], error)
    return None


def _compile(sources: list[tuple[str, bool]], first_id: int = SENTINEL) -> object | None:
    """One database of (head, caseless) sources, ids from first_id; the SENTINEL is
    reported once."""
    if hyperscan is None:
        return None
    base = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_DOTALL
    flags = [
        base | hyperscan.HS_FLAG_SINGLEMATCH
        if ident == SENTINEL
        else base | hyperscan.HS_FLAG_SOM_LEFTMOST | (hyperscan.HS_FLAG_CASELESS * caseless)
        for ident, (_, caseless) in enumerate(sources, first_id)
    ]
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        database.compile(
            expressions=[source.encode("utf-8") for source, _ in sources],
            ids=list(range(first_id, first_id + len(sources))),
            flags=flags,
        )
    except hyperscan.HyperscanError as error:
        log.debug("Hyperscan cannot compile %d heads: %s", len(sources), error)
        return None
    return database
