"""Fetching one URL: from a replay archive or the live web, each redirect hop vetted."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import httpx

from services.fetcher.archive import ArchivedResponse, Replay
from services.fetcher.charset import decode
from services.fetcher.guard import AllowList, Blocked, check_destination, check_url
from services.fetcher.settings import FetcherSettings
from services.fetcher.urls import canonicalize
from shared.contracts import FetchedPage, UrlRequest
from shared.kafka import now_iso

log = logging.getLogger(__name__)

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


class FetchFailed(Exception):
    def __init__(self, reason: str, detail: str = "", status: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.detail, self.status = reason, detail, status


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    redirects: tuple[str, ...] = ()
    from_archive: bool = False


class Fetcher:
    def __init__(self, settings: FetcherSettings) -> None:
        self.settings = settings
        self.allow = AllowList.parse(settings.allow_list)
        self.replay = Replay.load(Path(p) for p in settings.replay_paths)
        timeout = httpx.Timeout(
            settings.fetch_total_timeout_s,
            connect=settings.fetch_connect_timeout_s,
            read=settings.fetch_read_timeout_s,
        )
        self.client = httpx.AsyncClient(
            http2=True,
            timeout=timeout,
            follow_redirects=False,  # every hop goes back through the guard
            headers={"User-Agent": settings.fetch_user_agent},
            limits=httpx.Limits(max_connections=settings.fetch_concurrency),
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def fetch(self, request: UrlRequest) -> FetchedPage:
        try:
            url = canonicalize(str(check_url(request.url)))
        except Blocked as exc:
            raise FetchFailed(exc.reason) from exc
        response = self._from_archive(url)
        if response is None:
            if self.settings.fetch_mode == "replay":
                raise FetchFailed("not in replay archive", url)
            response = await self._live(url)
        return self._page(request, response)

    def _from_archive(self, url: str) -> Response | None:
        if self.settings.fetch_mode == "live":
            return None
        hit: ArchivedResponse | None = self.replay.lookup(url)
        if hit is None:
            return None
        return Response(url, hit.status, list(hit.headers), hit.body, from_archive=True)

    async def _live(self, url: str) -> Response:
        redirects: list[str] = []
        current = url
        while True:
            try:
                target = check_url(current)
                await check_destination(target, self.allow)
            except Blocked as exc:
                raise FetchFailed(exc.reason, current) from exc
            status, headers, body = await self._get(target)
            if status not in REDIRECT_CODES:
                return Response(current, status, headers, body, tuple(redirects))
            location = dict((k.lower(), v) for k, v in headers).get("location")
            if not location:
                raise FetchFailed("redirect without Location", current, status)
            redirects.append(current)
            current = canonicalize(str(target.join(location)))
            if current in redirects:
                raise FetchFailed("redirect loop", " -> ".join([*redirects, current]), status)
            if len(redirects) > self.settings.fetch_max_redirects:
                raise FetchFailed("too many redirects", " -> ".join(redirects), status)

    async def _get(self, url: httpx.URL) -> tuple[int, list[tuple[str, str]], bytes]:
        limit = self.settings.fetch_max_body_bytes
        try:
            async with self.client.stream("GET", url) as response:
                chunks, size = [], 0
                # Counted on decoded bytes, so a compression bomb stops at the limit.
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchFailed(
                            "body too large", f"over {limit} bytes", response.status_code
                        )
                    chunks.append(chunk)
                return response.status_code, list(response.headers.multi_items()), b"".join(chunks)
        except httpx.TimeoutException as exc:
            raise FetchFailed("timeout", f"{type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchFailed("connection error", f"{type(exc).__name__}: {exc}") from exc

    def _page(self, request: UrlRequest, response: Response) -> FetchedPage:
        headers = {k.lower(): v for k, v in response.headers}
        content_type = headers.get("content-type")
        mime = (content_type or "").split(";")[0].strip().lower()
        if response.status >= 400:
            raise FetchFailed(f"HTTP {response.status}", response.url, response.status)
        if mime and mime not in self.settings.content_types:
            raise FetchFailed("content type not allowed", mime, response.status)
        text, charset = decode(response.body, content_type)
        return FetchedPage(
            url=request.url,
            final_url=response.url,
            status=response.status,
            content_type=content_type,
            charset=charset,
            text=text,
            sha256=hashlib.sha256(response.body).hexdigest(),
            size=len(response.body),
            headers=headers,
            redirects=list(response.redirects),
            depth=request.depth,
            discovered_from=request.discovered_from,
            fetched_at=now_iso(),
            from_archive=response.from_archive,
        )
