"""Sentences of an article text, with their offsets and paragraph numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A full stop after a digit is a German ordinal ("19. März") or a number, not an end.
# A year ("năm 2025. Các") does end one.
SENTENCE_END = re.compile(
    r"(?:(?<=[^\d\s][.!?…])|(?<=\d{4}[.!?]))[\"'»”]?\s+(?=[\"'«„“(]?[^\W\d_])"
)
ABBREVIATIONS = re.compile(
    r"\b(?:Nr|No|Dr|St|Mr|Ms|Mrs|Αρ|αριθ|г|тов|ул|bzw|ca|vgl|z\.B)\.$", re.IGNORECASE
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int


def split(text: str) -> list[Sentence]:
    """Every sentence of every line ("\n"-joined paragraphs), in order."""
    found: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n")):
        found.extend(_split_line(line, offset, number))
        offset += len(line) + 1
    return found


def _split_line(line: str, offset: int, paragraph: int) -> list[Sentence]:
    pieces: list[Sentence] = []
    start = 0
    for boundary in SENTENCE_END.finditer(line):
        if ABBREVIATIONS.search(line[start : boundary.start()]):
            continue
        pieces.append(_sentence(line, start, boundary.start(), offset, paragraph))
        start = boundary.end()
    pieces.append(_sentence(line, start, len(line), offset, paragraph))
    return [p for p in pieces if p.text.strip()]


def _sentence(line: str, start: int, end: int, offset: int, paragraph: int) -> Sentence:
    return Sentence(line[start:end], offset + start, offset + end, paragraph)
