"""Content-Encoding undone in bounded steps, so a compression bomb stops at the limit.

httpx decodes a whole network chunk at once: 64 KiB of gzip can become 64 MiB,
and a brotli chunk far more, before any byte count is seen. Here every step
yields at most `step` decoded bytes (zlib's `max_length`, brotli's
`output_buffer_limit`), and the caller stops reading once its limit is passed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import brotli

STEP = 64 * 1024
SUPPORTED = ("gzip", "x-gzip", "deflate", "br", "identity")
ACCEPT_ENCODING = "gzip, deflate, br"


class DecodingError(Exception):
    pass


class _Zlib:
    def __init__(self, wbits: int, deflate: bool = False) -> None:
        self.obj = zlib.decompressobj(wbits)
        self.deflate = deflate  # some servers send raw deflate without the zlib header
        self.started = False

    def feed(self, data: bytes, step: int) -> Iterator[bytes]:
        try:
            if self.deflate and not self.started and data:
                self.started = True
                try:
                    probe = zlib.decompressobj(zlib.MAX_WBITS)
                    probe.decompress(data[:2])
                except zlib.error:
                    self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
            while data:
                out = self.obj.decompress(data, step)
                data = self.obj.unconsumed_tail
                if out:
                    yield out
                if self.obj.eof:
                    return
        except zlib.error as exc:
            raise DecodingError(f"bad compressed body: {exc}") from exc


class _Brotli:
    def __init__(self) -> None:
        self.obj = brotli.Decompressor()

    def feed(self, data: bytes, step: int) -> Iterator[bytes]:
        try:
            out = self.obj.process(data, output_buffer_limit=step)
            # Drain what the input holds, one bounded step at a time.
            while out:
                yield out
                if self.obj.is_finished():
                    return
                out = self.obj.process(b"", output_buffer_limit=step)
        except brotli.error as exc:
            raise DecodingError(f"bad brotli body: {exc}") from exc


class _Identity:
    def feed(self, data: bytes, step: int) -> Iterator[bytes]:
        for start in range(0, len(data), step):
            yield data[start : start + step]


def _decoder(name: str) -> _Zlib | _Brotli | _Identity:
    if name in ("gzip", "x-gzip"):
        return _Zlib(16 + zlib.MAX_WBITS)
    if name == "deflate":
        return _Zlib(zlib.MAX_WBITS, deflate=True)
    if name == "br":
        return _Brotli()
    if name in ("identity", ""):
        return _Identity()
    raise DecodingError(f"unsupported content encoding {name!r}")


class BoundedDecoder:
    """Undo a Content-Encoding chain (`gzip, br` = gzip first, so br is undone first)."""

    def __init__(self, content_encoding: str | None, step: int = STEP) -> None:
        names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
        self.chain = [_decoder(n) for n in reversed(names)]
        self.step = step

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield from self._through(0, data)

    def _through(self, level: int, data: bytes) -> Iterator[bytes]:
        if level == len(self.chain):
            yield data
            return
        for piece in self.chain[level].feed(data, self.step):
            yield from self._through(level + 1, piece)
