"""Body lines: one cleaner for page paragraphs and bare texts alike.

It drops what translated aggregator copies carry ("[Anzeige_2]", "Kommentar (0)", related
links, button labels) and sorts out captions, bylines, "Quelle: …" source lines and a leading
timestamp, so none of them reaches the body.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from services.parser import language, sources
from services.parser.timestamps import stamp

_AD = re.compile(r"\s*\[[^\[\]\n]{1,40}_\d+\]\s*")  # "[Anzeige_2]", "[Quảng cáo_2]"
_COUNTER = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)?\s?\(\d+\)$")  # "Kommentar (0)", any language
_PREFIX = re.compile(r"^(\([^()\n]{2,40}\)|[^\s()]{2,15}(?: [^\s()]{2,15}){0,2})\s*[-–—]\s+")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*")
_BYLINE_MAX = 80
_BYLINE_LINES = 2
_SHORT = 40  # characters: boilerplate lines are short; longer lines skip those checks


@dataclass
class Body:
    lines: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    published_at: str | None = None
    listing: bool = False


@dataclass(frozen=True)
class _Vocab:
    counter: re.Pattern[str]
    related: re.Pattern[str]
    credit: re.Pattern[str]
    credit_tail: re.Pattern[str]  # "… hội nghị. Ảnh: TTXVN" closing a caption
    byline: re.Pattern[str]
    joiners: re.Pattern[str]
    related_labels: frozenset[str]
    lines: frozenset[str]
    ignore: frozenset[str]


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@functools.cache
def _vocab() -> _Vocab:
    def labelled(key: str, prefix: str = "") -> re.Pattern[str]:
        alts = _alternatives(language.boilerplate(key))
        # "Tin, ảnh: VĂN NGHỊ"; a prefix needs no colon: "By Hoang Anh", "Von Jan Weber".
        head = rf"(?:{alts})\s*[:：]\s*"
        if prefix:
            head = rf"(?:{head}|(?:{_alternatives(language.boilerplate(prefix))})\s+)"
        return re.compile(rf"^{head}(?P<rest>.{{1,{_BYLINE_MAX}}})$", re.I)

    related = _alternatives(language.boilerplate("related"))
    photo = _alternatives(language.boilerplate("photo"))
    joiners = _alternatives(language.boilerplate("joiners"))
    return _Vocab(
        counter=re.compile(rf"^(?:{_alternatives(language.boilerplate('comment'))})\s*\(\d+\)$"),
        related=re.compile(rf"^(?:{related})\s*(?:[:：].{{0,200}})?$", re.I),
        credit=labelled("photo"),
        credit_tail=re.compile(rf"(?<=\S)[\s(\[]+(?:{photo})\s*:\s*[^()\[\]]{{1,60}}[)\]]?$", re.I),
        byline=labelled("byline", "byline_prefix"),
        joiners=re.compile(rf"\s*[,;/&]\s*|\s+[-–—]\s+|\s+(?:{joiners})\s+"),
        related_labels=frozenset(w.casefold() for w in language.boilerplate("related")),
        lines=frozenset(w.casefold() for w in language.boilerplate("lines")),
        ignore=frozenset(w.casefold() for w in language.boilerplate("byline_ignore")),
    )


def display_name(part: str) -> str:
    # "VĂN NGHỊ" → "Văn Nghị": bylines are often set in capitals.
    return " ".join(w.capitalize() for w in part.split()) if part.isupper() else part


def names_in(text: str, min_words: int = 2) -> list[str] | None:
    """The names of a byline ("Ντουόνγκ Θουί - Τραν Κιέμ", "VĂN NGHỊ"), or None if it is not
    a line of 1-4 capitalised names."""
    text = text.strip(" -–—")
    if not text or len(text) > _BYLINE_MAX or text[-1] in ".!?;:,":
        return None
    parts = [p for p in _vocab().joiners.split(text) if p]
    if not 1 <= len(parts) <= 4:
        return None
    for part in parts:
        words = part.split()
        if not min_words <= len(words) <= 5:
            return None
        if not all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words):
            return None
    return [display_name(p) for p in parts]


def credited(line: str) -> list[str] | None:
    """Names of a reporter line: a labelled credit ("Tin, ảnh: VĂN NGHỊ") or bare names."""
    vocab = _vocab()
    if line.casefold() in vocab.ignore:
        return []
    labelled = vocab.byline.match(line) or vocab.credit.match(line)
    if labelled:
        rest = labelled["rest"]
        names = [] if rest.casefold() in vocab.ignore else names_in(rest)
        if names is not None:
            return names
    return names_in(line)


def _drop_related(lines: list[str], at: int) -> int:
    """Skip a related-links heading and the headline-like lines under it; a line that holds
    its own link ("Xem thêm: …") goes alone."""
    at += 1
    if lines[at - 1].rstrip(":： ").casefold() not in _vocab().related_labels:
        return at
    while at < len(lines) and len(lines[at]) <= 160 and lines[at][-1] not in '.!?…"”»':
        at += 1
    return at


def _sort_line(line: str, body: Body, head: bool) -> None:
    vocab = _vocab()
    found = sources.from_line(line)
    if found is not None:
        body.sources += found
    elif line.endswith(" |") or line == "|":  # seed 001's captions: "Рабочая сцена |"
        body.captions.append(line.rstrip(" |"))
    elif head and body.published_at is None and (found_at := stamp(line)):
        body.published_at = found_at
    elif head and len(line) <= _BYLINE_MAX and vocab.byline.match(line) and credited(line):
        body.bylines += credited(line) or []  # a leading "By Hoang Anh"
    elif len(line) <= _SHORT * 3 and (credit := vocab.credit.match(line)):
        body.bylines += names_in(credit["rest"]) or []
    elif len(line) > _SHORT or not _boilerplate(line, vocab):
        body.lines.append(line)


def _boilerplate(line: str, vocab: _Vocab) -> bool:
    """A comment counter ("Kommentar (0)") or a button label ("Chia sẻ")."""
    counter = line.endswith(")") and bool(_COUNTER.match(line) or vocab.counter.match(line))
    return counter or line.casefold() in vocab.lines


def _unspaced(line: str) -> str:
    return " ".join((_AD.sub(" ", line) if "[" in line else line).split())


def clean(raw: list[str], title: str | None = None, *, spaced: bool = True) -> Body:
    """Sort raw paragraphs into body lines, captions, bylines, source URLs and a timestamp.
    spaced=False: the lines come single-spaced already (outlets.paragraphs)."""
    body = Body()
    if spaced:
        lines = [t for line in raw if (t := _unspaced(line))]
    else:
        lines = [t for line in raw if (t := _unspaced(line) if "[" in line else line)]
    at = 0
    while at < len(lines):
        line = lines[at]
        if len(line) <= _SHORT * 6 and _vocab().related.match(line):
            at = _drop_related(lines, at)
            continue
        if line != title:
            _sort_line(line, body, head=len(body.lines) < 2)
        at += 1
    _take_bylines(body)
    if body.lines:
        body.lines[0] = _strip_prefix(body.lines[0])
    return body


def _take_bylines(body: Body) -> None:
    for _ in range(_BYLINE_LINES):
        names = credited(body.lines[-1]) if body.lines else None
        if names is None:
            return
        body.bylines[:0] = names
        body.lines.pop()


def _strip_prefix(lead: str) -> str:
    """Drop the outlet's tag opening the lead: "BHG - ", "(Baohaiduong.vn) - ", "ĐĐK – "."""
    match = _PREFIX.match(lead)
    if match is None:
        return lead
    tag = match[1]
    return lead[match.end() :] if tag.startswith("(") or tag.isupper() else lead


def captions(found: list[str]) -> tuple[str, ...]:
    tail = _vocab().credit_tail
    return tuple(t for t in dict.fromkeys(tail.sub("", c) for c in found) if t)


def unique(names: list[str]) -> tuple[str, ...]:
    return tuple({n.casefold(): n for n in reversed(names)}.values())[::-1]
