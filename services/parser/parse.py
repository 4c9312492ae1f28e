"""The parser's glue: bytes or text in, (Article, MeetingRecord | None, reason) out.

Bad input never raises: empty, binary or non-article input gives a Parsed with a
reason, which the service turns into a dead letter and the CLI prints. Huge input is cut to
MAX_INPUT_BYTES before anything else, and a record made from the rest says so in a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

from charset_normalizer import from_bytes

from services.parser import article as articles
from services.parser.article import Article
from services.parser.meeting.extract import NoMeeting, extract_meeting
from shared.contracts import MeetingRecord
from shared.text import is_blank

HTML_START = re.compile(
    r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<article|<p[ >]|<!--)", re.IGNORECASE
)
HTML_TAG = re.compile(r"<(?:html|body|p|div|article|h1|title)[\s>]", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
BINARY_SAMPLE = 8192  # characters
MIN_TEXT = 80
# News pages weigh 50 KB-1 MB; past 2 MiB the rest is furniture or an attack, and parse time
# grows with size (20 MB took 12 s), so the parser reads only the first 2 MiB.
MAX_INPUT_BYTES = 2 * 1024 * 1024
MAX_CONTROL_SHARE = 0.01


@dataclass(frozen=True)
class Parsed:
    article: Article | None
    record: MeetingRecord | None
    reason: str | None


def parse(data: bytes | str, *, url: str | None = None, content_type: str | None = None) -> Parsed:
    """A page or a plain-text article, HTML or not, told apart by content type or content."""
    data, warning = _capped(data)
    parsed = _parse(data, url, content_type)
    if warning is None or parsed.record is None:
        return parsed
    extraction = parsed.record.extraction
    warned = extraction.model_copy(update={"warnings": [*extraction.warnings, warning]})
    return replace(parsed, record=parsed.record.model_copy(update={"extraction": warned}))


def _capped(data: bytes | str) -> tuple[bytes | str, str | None]:
    """The first MAX_INPUT_BYTES of the input (cut on a character boundary), and a warning."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
    if size <= MAX_INPUT_BYTES:
        return data, None
    head = data[:MAX_INPUT_BYTES] if isinstance(data, bytes) else _utf8_head(data)
    return head, f"input truncated to its first {MAX_INPUT_BYTES} of {size} bytes"


def _utf8_head(text: str) -> str:
    return text.encode("utf-8", "replace")[:MAX_INPUT_BYTES].decode("utf-8", "ignore")


def _parse(data: bytes | str, url: str | None, content_type: str | None) -> Parsed:
    text, markup = (data, data) if isinstance(data, str) else _decode(data)
    if text is None:
        return Parsed(None, None, "binary content, not text")
    if is_blank(text):
        return Parsed(None, None, "empty input")
    if _is_binary(text, markup if isinstance(markup, bytes) else None):
        return Parsed(None, None, "binary content, not text")
    if _is_html(text, content_type):
        return _from_article(articles.from_html(markup or text, url))
    return parse_article_text(text, url=url)


def parse_article_text(
    text: str,
    url: str | None = None,
    title: str | None = None,
    lang: str | None = None,
    published_at: str | None = None,
) -> Parsed:
    if is_blank(text):
        return Parsed(None, None, "empty input")
    found = articles.from_text(text, url, title=title, lang=lang, published_at=published_at)
    return _from_article(found)


def _from_article(found: Article) -> Parsed:
    if len(found.text.strip()) < MIN_TEXT:
        return Parsed(found, None, "no article text on the page")
    result = extract_meeting(found)
    if isinstance(result, NoMeeting):
        return Parsed(found, None, result.reason)
    return Parsed(found, result, None)


def _decode(data: bytes) -> tuple[str | None, bytes | None]:
    """The text, and the UTF-8 bytes it was read from where there are such: those go to the
    HTML parser as they are (the same page, without the encoding pass a str costs lexbor)."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, None
    try:
        return data.decode("utf-8-sig"), data.removeprefix(codecs.BOM_UTF8)
    except UnicodeDecodeError as error:
        if len(data) - error.start < 4 and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8"), None  # cut inside a character (capped)
        best = from_bytes(data).best()
        return (str(best) if best is not None else None), None


def _is_binary(text: str, utf8: bytes | None = None) -> bool:
    """Control characters past 1 % of the first BINARY_SAMPLE characters. Where `utf8` holds
    the text's UTF-8 bytes, they are counted there first (in C, ~30x faster than re): a
    control character is one byte, never part of another character, and those characters
    lie within the first 4 x BINARY_SAMPLE bytes, so a count there under the limit is exact."""
    limit = MAX_CONTROL_SHARE * min(len(text), BINARY_SAMPLE)
    if utf8 is not None:
        head = utf8[: 4 * BINARY_SAMPLE]
        if len(head) - len(head.translate(None, CONTROL_BYTES)) <= limit:
            return False
    return len(CONTROL.findall(text[:BINARY_SAMPLE])) > limit


def _is_html(text: str, content_type: str | None) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    if content_type and content_type.lower().startswith("text/plain"):
        return False
    return bool(HTML_START.match(text)) or len(HTML_TAG.findall(text[:20000])) >= 3
