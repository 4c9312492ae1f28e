"""Turning page bytes into text: the header's charset, then the page's meta, then detection."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return _known(value)
    return None


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """The text and the charset it was decoded with."""
    charset = header_charset(content_type)
    if charset is None:
        match = META_CHARSET.search(body[:4096])
        charset = _known(match.group(1).decode("ascii", "ignore")) if match else None
    if charset is None:
        best = charset_normalizer.from_bytes(body[:200_000]).best()
        charset = _known(best.encoding) if best else None
    charset = charset or "utf-8"
    return body.decode(charset, errors="replace"), charset
