"""Content-Encoding undone in bounded steps: a bomb never comes out in one piece."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from services.fetcher.decoding import BoundedDecoder, DecodingError

PLAIN = b"<html>" + b"\0" * 20_000_000


def pieces(encoding: str, body: bytes, chunk: int = 65536) -> list[int]:
    decoder = BoundedDecoder(encoding)
    return [len(p) for i in range(0, len(body), chunk) for p in decoder.feed(body[i : i + chunk])]


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", lambda b: gzip.compress(b, 9)),
        ("br", lambda b: brotli.compress(b, quality=5)),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, no zlib header
    ],
)
def test_bombs_decode_in_small_pieces(encoding: str, compress: object) -> None:
    sizes = pieces(encoding, compress(PLAIN))  # type: ignore[operator]
    assert sum(sizes) == len(PLAIN)
    assert max(sizes) <= 128 * 1024


def test_an_encoding_chain_is_undone_last_applied_first() -> None:
    body = brotli.compress(gzip.compress(b"<p>xin chao</p>"))
    assert b"".join(BoundedDecoder("gzip, br").feed(body)) == b"<p>xin chao</p>"


def test_unknown_encoding_and_corrupt_body_say_so() -> None:
    with pytest.raises(DecodingError, match="unsupported content encoding 'zstd'"):
        BoundedDecoder("zstd")
    with pytest.raises(DecodingError, match="bad compressed body"):
        list(BoundedDecoder("gzip").feed(b"not gzip at all"))
