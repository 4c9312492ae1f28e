"""Fetching one URL: from a replay archive or the live web, each redirect hop vetted.

A live fetch goes hop by hop (httpx never follows a redirect itself): every hop
passes the URL checks, robots.txt and its host's politeness slot, and connects
through the guarded transport (see guard.py). Bodies are decoded in bounded
steps and counted as they are decoded (decoding.py).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from services.fetcher.archive import ArchivedResponse, Replay, WarcRecorder
from services.fetcher.decoding import ACCEPT_ENCODING, BoundedDecoder, DecodingError
from services.fetcher.guard import (
    AllowList,
    Blocked,
    GuardedBackend,
    GuardedTransport,
    check_url,
    resolve,
    static_resolver,
    tls_context,
)
from services.fetcher.metrics import Metrics
from services.fetcher.politeness import Politeness
from services.fetcher.retry import RETRYABLE_STATUS, parse_retry_after
from services.fetcher.robots import MAX_ROBOTS_BYTES, Disallowed, Robots, RobotsUnreachable
from services.fetcher.settings import FetcherSettings
from services.fetcher.urls import canonicalize

log = logging.getLogger(__name__)

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 §2.3.1.2


class FetchFailed(Exception):
    """Why a fetch gave no page. `kind` is a short label for metrics; `retryable`
    failures (timeouts, connection errors, 429, 5xx) go back on the retry topic."""

    def __init__(
        self,
        reason: str,
        detail: str = "",
        status: int | None = None,
        *,
        kind: str = "other",
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason, self.detail, self.status = reason, detail, status
        self.kind, self.retryable, self.retry_after = kind, retryable, retry_after


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    redirects: tuple[str, ...] = ()
    from_archive: bool = False


@dataclass(frozen=True)
class Validators:
    """What a conditional request sends back (RFC 9110 §13)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass
class _Hop:
    url: httpx.URL
    headers: dict[str, str] = field(default_factory=dict)
    max_wait: float = float("inf")


class Fetcher:
    def __init__(
        self, settings: FetcherSettings, metrics: Metrics, stop: asyncio.Event | None = None
    ) -> None:
        self.settings = settings
        self.metrics = metrics
        self.allow = AllowList.parse(settings.allow_list)
        self.replay = Replay.load(Path(p) for p in settings.replay_paths)
        self.recorder = (
            WarcRecorder(Path(settings.fetch_record_warc)) if settings.fetch_record_warc else None
        )
        self.politeness = Politeness(
            settings.fetch_host_concurrency,
            settings.fetch_host_delay_s,
            stop or asyncio.Event(),
            metrics.set_host_queue,
        )
        self.robots = Robots(
            self._robots_txt, settings.fetch_user_agent, settings.fetch_robots_ttl_s
        )
        timeout = httpx.Timeout(
            settings.fetch_read_timeout_s,
            connect=settings.fetch_connect_timeout_s,
            pool=settings.fetch_total_timeout_s,
        )
        limits = httpx.Limits(
            max_connections=settings.fetch_concurrency,
            max_keepalive_connections=settings.fetch_concurrency,
        )
        resolver = static_resolver(settings.resolve_overrides, resolve)
        transport = GuardedTransport(
            GuardedBackend(self.allow, resolver),
            limits=limits,
            ssl_context=tls_context(settings.fetch_ca_bundle),
        )
        self.client = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,  # every hop goes back through the checks
            headers={"User-Agent": settings.fetch_user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )

    async def close(self) -> None:
        await self.client.aclose()
        if self.recorder is not None:
            self.recorder.close()

    async def fetch(
        self,
        url: str | httpx.URL,
        validators: Validators | None = None,
        max_wait: float = float("inf"),
    ) -> Response:
        """The response for a canonical `url`; raises FetchFailed or politeness.Deferred."""
        response = self._from_archive(url)
        if response is None:
            if self.settings.fetch_mode == "replay":
                raise FetchFailed("not in replay archive", str(url), kind="replay")
            response = await self._live(url, validators or Validators(), max_wait)
        return response

    def _from_archive(self, url: str | httpx.URL) -> Response | None:
        if self.settings.fetch_mode == "live":
            return None
        key = str(url)
        hit: ArchivedResponse | None = self.replay.lookup(key)
        if hit is None:
            return None
        return Response(key, hit.status, list(hit.headers), hit.body, from_archive=True)

    async def _live(
        self, url: str | httpx.URL, validators: Validators, max_wait: float
    ) -> Response:
        hop = _Hop(httpx.URL(url), validators.headers(), max_wait)
        redirects: list[str] = []
        while True:
            status, headers, body = await self._polite_get(hop, robots=self.settings.fetch_robots)
            current = str(hop.url)
            if status not in REDIRECT_CODES:
                return Response(current, status, headers, body, tuple(redirects))
            redirects.append(current)
            hop = _Hop(self._next_hop(hop.url, headers, status, redirects))
            if len(redirects) > self.settings.fetch_max_redirects:
                raise FetchFailed(
                    "too many redirects", " -> ".join(redirects), status, kind="redirect"
                )

    @staticmethod
    def _next_hop(
        url: httpx.URL, headers: list[tuple[str, str]], status: int, seen: list[str]
    ) -> httpx.URL:
        location = next((v for k, v in headers if k.lower() == "location"), None)
        if not location:
            raise FetchFailed("redirect without Location", str(url), status, kind="redirect")
        try:
            target = canonicalize(str(url.join(location.strip())))
            checked = check_url(target)
        except httpx.InvalidURL as exc:
            raise FetchFailed(f"malformed URL: {exc}", location, status, kind="redirect") from exc
        except Blocked as exc:
            raise FetchFailed(exc.reason, target, status, kind="blocked") from exc
        if target in seen:
            raise FetchFailed(
                "redirect loop", " -> ".join([*seen, target]), status, kind="redirect"
            )
        return checked

    async def _polite_get(
        self, hop: _Hop, robots: bool
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        delay = None
        if robots:
            try:
                crawl_delay = await self.robots.check(hop.url)
            except Disallowed as exc:
                raise FetchFailed("disallowed by robots.txt", str(exc), kind="robots") from exc
            except RobotsUnreachable as exc:
                raise FetchFailed(
                    "robots.txt unreachable", str(exc), kind="robots", retryable=True
                ) from exc
            if crawl_delay is not None:
                delay = max(
                    self.settings.fetch_host_delay_s,
                    min(crawl_delay, self.settings.fetch_max_crawl_delay_s),
                )
        async with self.politeness.slot(hop.url.host, delay, hop.max_wait):
            return await self._get(hop.url, hop.headers, self.settings.fetch_max_body_bytes)

    async def _robots_txt(self, url: httpx.URL) -> tuple[int, bytes]:
        hop, seen = _Hop(url), [str(url)]
        try:
            for _ in range(ROBOTS_MAX_REDIRECTS + 1):
                async with self.politeness.slot(hop.url.host):
                    status, headers, body = await self._get(
                        hop.url, {}, MAX_ROBOTS_BYTES, any_type=True, truncate=True
                    )
                if status not in REDIRECT_CODES:
                    return status, body
                hop = _Hop(self._next_hop(hop.url, headers, status, seen))
                seen.append(str(hop.url))
        except FetchFailed as exc:
            if exc.kind == "blocked":
                raise
            if exc.retryable:
                raise RobotsUnreachable(exc.reason) from exc
            return 404, b""  # a redirect mess or a refused body: no usable rules
        return 404, b""  # more than five redirects: RFC 9309 says treat as unavailable

    async def _get(
        self,
        url: httpx.URL,
        headers: Mapping[str, str],
        limit: int,
        *,
        any_type: bool = False,
        truncate: bool = False,
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        started = time.perf_counter()
        self.metrics.in_flight.inc()
        try:
            async with asyncio.timeout(self.settings.fetch_total_timeout_s):
                async with self.client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    response_headers = list(response.headers.multi_items())
                    if not any_type:
                        self._check_type(response)
                    body = await self._read(response, limit, truncate)
        except TimeoutError as exc:
            raise FetchFailed("total timeout", str(url), kind="timeout", retryable=True) from exc
        except Blocked as exc:
            raise FetchFailed(exc.reason, str(url), kind="blocked") from exc
        except httpx.HTTPError as exc:
            raise _transport_failure(url, exc) from exc
        finally:
            self.metrics.in_flight.dec()
            self.metrics.latency.observe(time.perf_counter() - started)
        self.metrics.bytes.inc(len(body))
        if self.recorder is not None:
            request_headers = [*self.client.headers.items(), *headers.items()]
            self.recorder.write(str(url), status, response_headers, body, request_headers)
        return status, response_headers, body

    def _check_type(self, response: httpx.Response) -> None:
        if not 200 <= response.status_code < 300:
            return
        content_type = response.headers.get("content-type", "")
        mime = content_type.split(";")[0].strip().lower()
        if mime and mime not in self.settings.content_types:
            raise FetchFailed("content type not allowed", mime, response.status_code, kind="type")

    @staticmethod
    async def _read(response: httpx.Response, limit: int, truncate: bool) -> bytes:
        declared = response.headers.get("content-length", "")
        encoded = bool(response.headers.get("content-encoding"))
        if declared.isdigit() and int(declared) > limit and not encoded and not truncate:
            raise FetchFailed(
                "body too large",
                f"Content-Length {declared} over {limit} bytes",
                response.status_code,
                kind="size",
            )
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding"))
        except DecodingError as exc:
            raise FetchFailed(str(exc), "", response.status_code, kind="encoding") from exc
        chunks, size = [], 0
        try:
            async for raw in response.aiter_raw():
                for piece in decoder.feed(raw):
                    size += len(piece)
                    chunks.append(piece)
                    # Counted on decoded bytes, so a compression bomb stops here.
                    if size > limit:
                        if truncate:
                            return b"".join(chunks)[:limit]
                        raise FetchFailed(
                            "body too large",
                            f"over {limit} decoded bytes",
                            response.status_code,
                            kind="size",
                        )
        except DecodingError as exc:
            raise FetchFailed(str(exc), "", response.status_code, kind="encoding") from exc
        return b"".join(chunks)


def _transport_failure(url: httpx.URL, exc: httpx.HTTPError) -> FetchFailed:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if (cert := _certificate_error(exc)) is not None:
        # Not retried: a certificate that does not verify now will not in a minute.
        return FetchFailed("TLS certificate rejected", cert.verify_message, kind="tls")
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchFailed("connect timeout", detail, kind="timeout", retryable=True)
    if isinstance(exc, httpx.ReadTimeout):
        return FetchFailed("read timeout", detail, kind="timeout", retryable=True)
    if isinstance(exc, httpx.TimeoutException):
        return FetchFailed("timeout", detail, kind="timeout", retryable=True)
    if isinstance(exc, httpx.TransportError):
        return FetchFailed("connection error", detail, kind="connection", retryable=True)
    return FetchFailed("HTTP error", detail, kind="connection")


def _certificate_error(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate check failure under httpx's and httpcore's ConnectError, if any."""
    seen: BaseException | None = exc
    for _ in range(8):  # a few links deep; bounded, since a chain may loop
        if seen is None or isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def status_failure(response: Response) -> FetchFailed | None:
    """A failure for an error status: 429 and most 5xx are retryable, with Retry-After."""
    if response.status < 400:
        return None
    retry_after = None
    if response.status in RETRYABLE_STATUS:
        header = next((v for k, v in response.headers if k.lower() == "retry-after"), None)
        retry_after = parse_retry_after(header)
    return FetchFailed(
        f"HTTP {response.status}",
        response.url,
        response.status,
        kind="http",
        retryable=response.status in RETRYABLE_STATUS,
        retry_after=retry_after,
    )
