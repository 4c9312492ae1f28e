"""A real HTTP origin on 127.0.0.x for the fetcher's tests and bench (aiohttp, port 0).

Besides plain pages it serves the hostile cases a crawler meets: redirect chains
and loops, 429 with Retry-After, flapping 503, a slow drip, oversized bodies,
gzip and brotli bombs, wrong content types and charsets, robots.txt rules, and
conditional requests. Every request is logged in `Origin.hits`.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import ssl
import time
import unicodedata
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import brotli
from aiohttp import web
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.fetcher.settings import FetcherSettings
from shared.contracts import Topic
from shared.settings import ServiceSettings

ARTICLE_HTML = (
    "<html><head><meta charset='utf-8'><title>Hội nghị Tỉnh ủy</title></head>"
    "<body><h1>Hội nghị Ban Thường vụ Tỉnh ủy</h1><p>Sáng 19/3, Ban Thường vụ Tỉnh ủy họp.</p>"
    "</body></html>"
)


def _cp1258_form(text: str) -> str:
    """Vietnamese as windows-1258 holds it: â ê ô ơ ư ă precomposed, tone marks combining."""
    out = []
    for ch in text:
        base, *marks = unicodedata.normalize("NFD", ch)
        shape = [m for m in marks if m in "\u0302\u0306\u031b"]
        tones = [m for m in marks if m not in shape]
        out.append(unicodedata.normalize("NFC", base + "".join(shape)) + "".join(tones))
    return "".join(out)


# Vietnamese in windows-1258, its own meta, under a header that says utf-8.
CP1258_TEXT = _cp1258_form("Hội nghị Ban Thường vụ Tỉnh ủy")
CP1258_HTML = f"<html><head><meta charset='windows-1258'></head><body>{CP1258_TEXT}</body></html>"
ETAG = '"v1"'
LAST_MODIFIED = "Wed, 19 Mar 2025 07:00:00 GMT"


@dataclass(frozen=True)
class Hit:
    host: str  # the Host header as sent
    path: str  # path and query
    at: float  # time.monotonic() on arrival
    headers: dict[str, str]


@dataclass
class Origin:
    host: str
    port: int
    hits: list[Hit] = field(default_factory=list)
    sites: dict[str, int] = field(default_factory=dict)  # every address -> its port
    scheme: str = "http"

    def url(self, path: str, host: str | None = None) -> str:
        """`path` on the origin; `host` may also be a name the fetcher resolves to it."""
        host = host or self.host
        return f"{self.scheme}://{host}:{self.sites.get(host, self.port)}{path}"

    def count(self, path: str) -> int:
        return sum(1 for h in self.hits if h.path == path)


@functools.cache
def _filler(size: int) -> str:
    """About `size` bytes of Vietnamese HTML (the bench's ~100 KB pages)."""
    if not size:
        return ARTICLE_HTML
    body = ARTICLE_HTML * (size // len(ARTICLE_HTML.encode()) + 1)
    return body.encode()[:size].decode("utf-8", "ignore")


def _page(text: str = ARTICLE_HTML) -> web.Response:
    return web.Response(text=text, content_type="text/html", charset="utf-8")


def routes(origin: Origin, robots: str | None, counts: Counter[str]) -> web.RouteTableDef:
    table = web.RouteTableDef()

    @table.get("/article")
    async def article(request: web.Request) -> web.Response:
        return _page()

    @table.get("/robots.txt")
    async def robots_txt(request: web.Request) -> web.Response:
        if robots is None:
            raise web.HTTPNotFound()
        return web.Response(text=robots, content_type="text/plain")

    @table.get("/private/{rest:.*}")
    async def private(request: web.Request) -> web.Response:
        return _page()

    @table.get("/redirect")
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    @table.get("/chain/{n}")
    async def chain(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        raise web.HTTPFound(f"/chain/{n - 1}") if n > 0 else web.HTTPFound("/article")

    @table.get("/loop/{name}")
    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop/b" if request.match_info["name"] == "a" else "/loop/a")

    @table.get("/image")
    async def image(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")

    @table.get("/echo-host")
    async def echo_host(request: web.Request) -> web.Response:
        return web.Response(text=f"host={request.host}", content_type="text/plain")

    @table.get("/throttled")
    async def throttled(request: web.Request) -> web.Response:
        # 429 until `fails` requests of this key were refused, then the page.
        key = request.path_qs
        counts[key] += 1
        if counts[key] <= int(request.query.get("fails", "1")):
            retry_after = request.query.get("retry_after", "1")
            raise web.HTTPTooManyRequests(headers={"Retry-After": retry_after})
        return _page()

    @table.get("/flaky")
    async def flaky(request: web.Request) -> web.Response:
        key = request.path_qs
        counts[key] += 1
        if counts[key] <= int(request.query.get("fails", "2")):
            raise web.HTTPServiceUnavailable()
        return _page()

    @table.get("/drip")
    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        for _ in range(int(request.query.get("n", "20"))):
            await response.write(b"<p>.</p>")
            await asyncio.sleep(float(request.query.get("every", "1")))
        return response

    @table.get("/slow")
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(float(request.query.get("delay", "1")))
        return _page(_filler(int(request.query.get("size", "0"))))

    @table.get("/big")
    async def big(request: web.Request) -> web.Response:
        size = int(request.query.get("size", "200000"))
        return _page("<html><body>" + "x" * size + "</body></html>")

    @table.get("/bomb/{encoding}")
    async def bomb(request: web.Request) -> web.Response:
        size = int(request.query.get("size", "50000000"))
        encoding = request.match_info["encoding"]
        body = _bomb(encoding, size)
        return web.Response(
            body=body, headers={"Content-Type": "text/html", "Content-Encoding": encoding}
        )

    @table.get("/lying-charset")
    async def lying_charset(request: web.Request) -> web.Response:
        body = CP1258_HTML.encode("cp1258")
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=utf-8"})

    @table.get("/unknown-charset")
    async def unknown_charset(request: web.Request) -> web.Response:
        body = ("<html><body>" + ARTICLE_HTML + "</body></html>").encode()
        return web.Response(body=body, headers={"Content-Type": "text/html; charset=x-bogus"})

    @table.get("/cached")
    async def cached(request: web.Request) -> web.Response:
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304, headers={"ETag": ETAG})
        response = _page()
        response.headers["ETag"] = ETAG
        response.headers["Last-Modified"] = LAST_MODIFIED
        return response

    @table.get("/page/{n}")
    async def numbered(request: web.Request) -> web.Response:
        size = int(request.query.get("size", "0"))
        return _page(f"<p>{request.match_info['n']}</p>" + _filler(size) if size else ARTICLE_HTML)

    return table


@functools.cache
def _bomb(encoding: str, size: int) -> bytes:
    plain = b"<html><body>" + b"\0" * size
    return gzip.compress(plain, 9) if encoding == "gzip" else brotli.compress(plain, quality=5)


@web.middleware
async def _log_hits(request: web.Request, handler: web.RequestHandler) -> web.StreamResponse:
    origin: Origin = request.app["origin"]
    origin.hits.append(Hit(request.host, request.path_qs, time.monotonic(), dict(request.headers)))
    return await handler(request)


@asynccontextmanager
async def serve_origin(
    host: str = "127.0.0.1",
    robots: str | None = None,
    also: Sequence[str] = (),
    tls: ssl.SSLContext | None = None,
) -> AsyncIterator[Origin]:
    """The origin on `host` (and on each address in `also`, each with its own port),
    over HTTPS with the server context `tls` if one is given."""
    origin = Origin(host, 0, scheme="https" if tls else "http")
    app = web.Application(middlewares=[_log_hits])
    app["origin"] = origin
    app.add_routes(routes(origin, robots, Counter()))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    for address in (host, *also):
        site = web.TCPSite(runner, address, 0, ssl_context=tls)
        await site.start()
        origin.sites[address] = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    origin.port = origin.sites[host]
    try:
        yield origin
    finally:
        await runner.cleanup()


# --- the fetcher's test kit -------------------------------------------------


class Outcomes:
    """Follows the fetcher's outcome topics from the start: records by key (URL as requested)."""

    def __init__(self, settings: ServiceSettings, topics: Sequence[Topic[Any]]) -> None:
        self.settings, self.topics = settings, list(topics)
        self.by_name = {t.full_name(settings.topic_prefix): t for t in self.topics}
        self.seen: dict[str, list[tuple[Topic[Any], Any]]] = {}
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap,
            enable_auto_commit=False,
            max_partition_fetch_bytes=settings.max_message_bytes,
        )

    async def __aenter__(self) -> Outcomes:
        await self.consumer.start()
        parts = [TopicPartition(n, p) for n, t in self.by_name.items() for p in range(t.partitions)]
        self.consumer.assign(parts)
        await self.consumer.seek_to_beginning(*parts)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()

    async def records(self, key: str, count: int = 1, timeout: float = 30.0) -> list[Any]:
        """The first `count` records keyed `key`, as (topic, value); fewer at the deadline."""
        deadline = time.monotonic() + timeout
        while len(self.seen.get(key, ())) < count and time.monotonic() < deadline:
            batches = await self.consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for r in records:
                    topic = self.by_name[r.topic]
                    k = r.key.decode() if r.key else ""
                    self.seen.setdefault(k, []).append((topic, topic.decode(r.value)))
        return self.seen.get(key, [])[:count]

    async def one(self, key: str, timeout: float = 30.0) -> tuple[Topic[Any], Any]:
        got = await self.records(key, 1, timeout)
        assert got, f"no outcome for {key} in {timeout} s"
        return got[0]


def fetcher_settings(settings: ServiceSettings, **extra: Any) -> FetcherSettings:
    """Test defaults: no host delay, quick retries, no ops port; `extra` overrides."""
    base: dict[str, Any] = {
        "fetch_host_delay_s": 0.0,
        "fetch_host_concurrency": 4,
        "fetch_retry_base_s": 0.05,
        "fetch_retry_attempts": 3,
        "fetch_ops_port": -1,
    }
    base.update(extra)
    return FetcherSettings(
        kafka_bootstrap=settings.kafka_bootstrap, topic_prefix=settings.topic_prefix, **base
    )
