"""Charset order of trust: BOM, then a header that decodes, then meta, then detection."""

from __future__ import annotations

import codecs

from services.fetcher.charset import decode

VI = "Hội nghị Ban Thường vụ Tỉnh ủy"


def test_header_charset_is_used_when_the_bytes_agree() -> None:
    assert decode(VI.encode("utf-16-le"), "text/html; charset=utf-16-le") == (VI, "utf-16-le")


def test_lying_header_gives_way_to_the_meta() -> None:
    body = "<meta charset='windows-1252'><p>Café</p>".encode("cp1252")
    assert decode(body, "text/html; charset=utf-8") == (body.decode("cp1252"), "cp1252")


def test_bom_wins_over_everything() -> None:
    body = codecs.BOM_UTF8 + f"<meta charset='latin-1'>{VI}".encode()
    text, charset = decode(body, "text/html; charset=iso-8859-1")
    assert (text.endswith(VI), charset) == (True, "utf-8")


def test_unknown_charset_falls_back_to_detection() -> None:
    body = (f"<p>{VI}</p>" * 20).encode()
    assert decode(body, "text/html; charset=x-bogus") == (body.decode(), "utf-8")
