"""Sentences of an article text, with their offsets and paragraph numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# A full stop after a digit is a German ordinal ("19. März") or a number, not an end.
# A year ("năm 2025. Các") does end one.
SENTENCE_END = re.compile(
    r"(?:(?<=[^\d\s][.!?…])|(?<=\d{4}[.!?]))[\"'»”]?\s+(?=[\"'«„“(]?[^\W\d_])"
)
CANDIDATE_END = re.compile(r"[.!?…][\"'»”]?\s")
ABBREVIATIONS = re.compile(
    r"\b(?:Nr|No|Dr|St|Mr|Ms|Mrs|Αρ|αριθ|г|тов|ул|bzw|ca|vgl|z\.B)\.$", re.IGNORECASE
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int


ABBREVIATION_REACH = 12  # characters before a full stop that an abbreviation can span
_RECENT_TEXTS = 4


# Dates, people, bodies, quantities and the meeting test all read the same article's sentences:
# split it once (it was a third of the parse time before this cache).
@lru_cache(maxsize=_RECENT_TEXTS)
def split(text: str) -> tuple[Sentence, ...]:
    """Every sentence of every line ("\n"-joined paragraphs), in order."""
    return tuple(_split(text))


def split_joined(parts: tuple[str, ...]) -> tuple[Sentence, ...]:
    """split("\n".join(parts)), from each part's own cached split (the people read the
    article's text and its photo captions; everything else reads the text alone)."""
    found: list[Sentence] = []
    offset = paragraphs = 0
    for part in parts:
        found += [
            Sentence(s.text, s.start + offset, s.end + offset, s.paragraph + paragraphs)
            for s in split(part)
        ]
        offset += len(part) + 1
        paragraphs += part.count("\n") + 1
    return tuple(found)


def _split(text: str) -> list[Sentence]:
    found: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        found.extend(_split_line(line, offset, number))
        offset += len(line) + 1
    return found


def _split_line(line: str, offset: int, paragraph: int) -> list[Sentence]:
    pieces: list[Sentence] = []
    start = 0
    for boundary in _boundaries(line):
        # pos/endpos, not a slice: "$" holds at endpos and "\b" still sees the character before.
        end = boundary.start()
        if ABBREVIATIONS.search(line, max(start, end - ABBREVIATION_REACH), end):
            continue
        pieces.append(_sentence(line, start, boundary.start(), offset, paragraph))
        start = boundary.end()
    pieces.append(_sentence(line, start, len(line), offset, paragraph))
    return [p for p in pieces if p.text.strip()]


def _boundaries(line: str) -> Iterator[re.Match[str]]:
    """SENTENCE_END's matches, found faster: its lookbehinds make re try every position, so
    a plain punctuation-and-space pattern finds the candidates and SENTENCE_END checks each."""
    for candidate in CANDIDATE_END.finditer(line):
        found = SENTENCE_END.match(line, candidate.start() + 1)
        if found is not None:
            yield found


def _sentence(line: str, start: int, end: int, offset: int, paragraph: int) -> Sentence:
    return Sentence(line[start:end], offset + start, offset + end, paragraph)
