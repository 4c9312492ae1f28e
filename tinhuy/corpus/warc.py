"""A corpus as a WARC file, so the fetcher's replay mode (TINHUY_FETCH_REPLAY_WARC) serves it.

Request/response pairs under the logical URLs, in the corpus's order. The endless drip and
the huge page have no fixed body and are left out; so are the URLs that are never served.
Written with warcio directly, on the model of services/fetcher/archive.py's WarcRecorder
(which this test tool may not import).
"""

from __future__ import annotations

import io
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tinhuy.corpus.model import Corpus, Page


def _headers(page: Page) -> list[tuple[str, str]]:
    if page.behaviour == "redirect":
        return [("Location", page.location or "/"), ("Content-Length", "0")]
    return [("Content-Type", page.content_type), ("Content-Length", str(len(page.html)))]


def write_warc(corpus: Corpus, path: Path) -> int:
    """Write every fixed page; returns how many responses were written."""
    order = [u for u in corpus.urls if u in corpus.pages]
    order += sorted(set(corpus.pages) - set(order))
    written = 0
    with Path(path).open("wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"), warc_version="1.1")
        for url in order:
            page = corpus.pages[url]
            if page.behaviour in ("drip", "huge"):
                continue
            status = f"{page.status} {HTTPStatus(page.status).phrase}"
            http = StatusAndHeaders(status, _headers(page), protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.html), length=len(page.html),
                http_headers=http,
            )  # fmt: skip
            parts = urlsplit(url)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), length=0,
                http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1",
                                              [("Host", parts.netloc)], is_http_request=True),
            )  # fmt: skip
            writer.write_request_response_pair(request, response)
            written += 1
    return written
