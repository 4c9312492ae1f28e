"""Replay HTTP responses from WARC files, and record our own fetches as WARC.

``Replay`` serves ``response`` records from one or more WARC files (gzip or not) by URL;
the fetcher uses it when ``TINHUY_FETCH_REPLAY_WARC`` points at WARC files, so a run
can be repeated without the network. ``WarcRecorder`` appends request/response pairs to
a WARC file, so a live crawl can later be replayed the same way.

Only ``response`` records are indexed. ``revisit`` records are skipped (not resolved to
the record they point at), as are ``request``, ``metadata``, ``resource`` and
``warcinfo`` records.

Bodies are returned decoded: if a stored response carries ``Content-Encoding`` (gzip,
deflate, br) or chunked ``Transfer-Encoding``, the body is decoded and those headers are
renamed ``X-Archive-Orig-...`` (pywb's convention), with ``Content-Length`` set to the
decoded length. The recorder applies the same rule when it writes, since the body it is
given (e.g. ``httpx.Response.content``) is already decoded.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self
from urllib.parse import urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import iso_date_to_datetime
from warcio.warcwriter import WARCWriter

__all__ = ["ArchivedResponse", "Replay", "WarcRecorder", "normalise_url"]

_ORIG = "X-Archive-Orig-"
_ENCODING_HEADERS = ("content-encoding", "transfer-encoding")


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def normalise_url(url: str) -> str:
    """Index key for a URL: fragment dropped, scheme and host lower-cased, query kept."""
    url = url.strip().removeprefix("<").removesuffix(">")
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def _decoded_headers(
    headers: list[tuple[str, str]], body: bytes, undone: Iterable[str] = _ENCODING_HEADERS
) -> list[tuple[str, str]]:
    """Headers that match a decoded body.

    The headers named in ``undone`` (encodings that were removed from the body) are
    renamed ``X-Archive-Orig-...``, and so is Content-Length, which is then set anew.
    Headers without any such encoding are returned unchanged.
    """
    renamed = {name.lower() for name in undone}
    if not any(name.lower() in renamed for name, _ in headers):
        return list(headers)
    renamed.add("content-length")
    out = [(_ORIG + k if k.lower() in renamed else k, v) for k, v in headers]
    out.append(("Content-Length", str(len(body))))
    return out


def _undone_encodings(http: StatusAndHeaders) -> list[str]:
    """Which of the stored encodings warcio's ``content_stream()`` will decode."""
    undone = []
    if http.get_header("Transfer-Encoding") == "chunked":  # exactly as warcio tests it
        undone.append("transfer-encoding")
    encoding = (http.get_header("Content-Encoding") or "").lower()
    if encoding in BufferedReader.get_supported_decompressors():
        undone.append("content-encoding")
    return undone


def _record_date(record: ArcWarcRecord) -> datetime:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return iso_date_to_datetime(value, tz_aware=True)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Entry:
    path: Path
    offset: int
    date: datetime


class Replay:
    """URL -> archived response, over ``response`` records of WARC files.

    The index keeps only file offsets; bodies are read from disk on ``lookup``, so the
    files must not change after ``load``. When a URL occurs more than once, the record
    with the latest WARC-Date wins; on equal dates the one read last (later file, later
    in the file) wins.
    """

    def __init__(self, index: dict[str, _Entry]) -> None:
        self._index = index

    @classmethod
    def load(cls, paths: Iterable[Path]) -> Replay:
        index: dict[str, _Entry] = {}
        for path in paths:
            path = Path(path)
            with path.open("rb") as fh:
                records = ArchiveIterator(fh)
                for record in records:
                    if record.rec_type != "response" or record.http_headers is None:
                        continue
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    if not uri:
                        continue
                    key = normalise_url(uri)
                    entry = _Entry(path, records.get_record_offset(), _record_date(record))
                    previous = index.get(key)
                    if previous is None or entry.date >= previous.date:
                        index[key] = entry
        return cls(index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and normalise_url(url) in self._index

    def urls(self) -> list[str]:
        return sorted(self._index)

    def lookup(self, url: str) -> ArchivedResponse | None:
        entry = self._index.get(normalise_url(url))
        if entry is None:
            return None
        with entry.path.open("rb") as fh:
            fh.seek(entry.offset)
            record = next(iter(ArchiveIterator(fh)))
            body = record.content_stream().read()
            http = record.http_headers
            status = int(http.get_statuscode() or 0)
            stored = [(k, v) for k, v in http.headers]
            headers = _decoded_headers(stored, body, _undone_encodings(http))
            uri = record.rec_headers.get_header("WARC-Target-URI") or url
        return ArchivedResponse(url=uri, status=status, headers=headers, body=body)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class WarcRecorder:
    """Append request/response pairs to a gzip WARC 1.1 file.

    Not thread-safe: call it from one task (the fetcher uses a single asyncio task).
    ``write`` blocks on disk I/O and flushes after each pair, so a crash loses at most
    the pair being written. A ``.gz`` suffix selects per-record gzip; any other suffix
    writes an uncompressed WARC.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: BinaryIO | None = self.path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=self.path.suffix == ".gz", warc_version="1.1")

    def write(
        self,
        url: str,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        request_headers: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        if self._fh is None:
            raise ValueError("WarcRecorder is closed")
        writer = self._writer
        parts = urlsplit(url)
        resp_headers = StatusAndHeaders(
            f"{status} {_reason(status)}",
            _decoded_headers(list(headers), body),
            protocol="HTTP/1.1",
        )
        response = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=resp_headers,
        )
        req_list = list(request_headers or [])
        if not any(name.lower() == "host" for name, _ in req_list):
            req_list.insert(0, ("Host", parts.netloc))
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        request = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", req_list, is_http_request=True),
        )
        writer.write_request_response_pair(request, response)
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
