"""Turning page bytes into text: a BOM, the header's charset, the page's meta, then detection.

A declared charset is only taken if the bytes decode under it: servers and
templates often declare one thing and send another (a `charset=utf-8` header
over windows-1258 bytes), and then the next source of truth is asked.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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


def meta_charset(body: bytes) -> str | None:
    match = META_CHARSET.search(body[:4096])
    return _known(match.group(1).decode("ascii", "ignore")) if match else None


def _strict(body: bytes, charset: str | None) -> str | None:
    if charset is None:
        return None
    try:
        return body.decode(charset)
    except UnicodeDecodeError:
        return None


def decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    """The text and the charset it was decoded with."""
    for bom, charset in BOMS:
        if body.startswith(bom):
            return body.decode(charset + ("-sig" if charset == "utf-8" else ""), "replace"), charset
    declared = [header_charset(content_type), meta_charset(body)]
    for charset in declared:
        text = _strict(body, charset)
        if text is not None:
            return text, charset  # type: ignore[return-value]
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    charset = (_known(best.encoding) if best else None) or next((c for c in declared if c), "utf-8")
    return body.decode(charset, errors="replace"), charset
