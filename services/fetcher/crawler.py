"""One URL request in, exactly one outcome out: a page, a failure that says why, or
(not an outcome yet) the request parked on the retry topic for later.

Outcomes: a `FetchedPage`; a `FetchFailure` for refusals, errors, retries given
up, and the two "nothing new" cases, `fetched recently` (within the refetch
interval, not forced) and `not modified` (a conditional refetch answered 304),
both carrying the hash of the page published before. Every fetched or
revalidated URL also updates its `FetchState` (see state.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import time
from datetime import UTC, datetime, timedelta

import httpx

from services.fetcher.charset import decode
from services.fetcher.fetch import Fetcher, FetchFailed, Response, Validators, status_failure
from services.fetcher.guard import Blocked, check_url
from services.fetcher.metrics import Metrics
from services.fetcher.politeness import TICK, Deferred
from services.fetcher.retry import retry_delay
from services.fetcher.settings import FetcherSettings
from services.fetcher.state import StateStore
from services.fetcher.urls import canonical_url
from shared.contracts import (
    FETCH_FAILURES,
    FETCH_RETRIES,
    FETCH_STATE,
    PAGES,
    FetchedPage,
    FetchFailure,
    FetchState,
    UrlRequest,
    url_request_key,
)
from shared.kafka import Output, now_iso

log = logging.getLogger(__name__)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


class Crawler:
    def __init__(
        self,
        settings: FetcherSettings,
        fetcher: Fetcher,
        store: StateStore,
        metrics: Metrics,
        stop: asyncio.Event,
        rng: random.Random | None = None,
    ) -> None:
        self.settings, self.fetcher, self.store = settings, fetcher, store
        self.metrics, self.stop = metrics, stop
        self.rng = rng or random.Random()
        self.inflight: dict[str, asyncio.Event] = {}

    async def on_request(self, request: UrlRequest) -> list[Output]:
        """Handler of the URL request topic: never waits long for a host."""
        return await self._outcome(request, self.settings.fetch_max_host_wait_s)

    async def on_retry(self, request: UrlRequest) -> list[Output]:
        """Handler of the retry topic, on its own consumer: waits until the request is due."""
        due = _epoch(request.not_before) if request.not_before else 0.0
        due = min(due, time.time() + self.settings.fetch_retry_max_delay_s)
        while (left := due - time.time()) > 0:
            if self.stop.is_set():  # park it again untouched: the next worker takes it
                return [Output(FETCH_RETRIES, url_request_key(request.url), request)]
            await asyncio.sleep(min(left, TICK))
        return await self._outcome(request, 4 * self.settings.fetch_max_host_wait_s)

    async def _outcome(self, request: UrlRequest, max_wait: float) -> list[Output]:
        try:
            # Parsed once: the canonical form is the state's key and what is fetched.
            target = canonical_url(check_url(request.url))
        except Blocked as exc:
            return self._failure(request, FetchFailed(exc.reason, kind="refused"))
        except httpx.InvalidURL as exc:
            return self._failure(request, FetchFailed(f"malformed URL: {exc}", kind="refused"))
        url = str(target)
        while (pending := self.inflight.get(url)) is not None:
            await pending.wait()  # the same URL twice at once: the second sees the first's state
        self.inflight[url] = done = asyncio.Event()
        try:
            return await self._fetch(request, url, target, max_wait)
        finally:
            del self.inflight[url]
            done.set()

    async def _fetch(
        self, request: UrlRequest, url: str, target: httpx.URL, max_wait: float
    ) -> list[Output]:
        state = self.store.get(url)
        if state is not None and not request.force and self._fresh(state):
            self.metrics.skipped.labels("recent").inc()
            detail = f"fetched at {state.fetched_at}"
            return [self._record(request, "fetched recently", detail, None, state.sha256)]
        validators = None
        if state is not None and not request.force:
            validators = Validators(state.etag, state.last_modified)
        try:
            response = await self.fetcher.fetch(target, validators, max_wait)
            if response.status == 304 and validators is not None and state is not None:
                return self._not_modified(request, url, state, response)
            failure = status_failure(response) or self._unusable(response)
            if failure is not None:
                raise failure
        except Deferred as exc:
            self.metrics.retried.labels("host busy").inc()
            return [self._park(request, request.attempt, exc.not_before, exc.why)]
        except FetchFailed as exc:
            return self._failure(request, exc)
        return self._page(request, url, response)

    def _fresh(self, state: FetchState) -> bool:
        age = datetime.now(UTC) - datetime.fromisoformat(state.fetched_at)
        return age < timedelta(seconds=self.settings.fetch_refetch_interval_s)

    def _unusable(self, response: Response) -> FetchFailed | None:
        if not 200 <= response.status < 300:
            return FetchFailed(
                f"HTTP {response.status}", response.url, response.status, kind="http"
            )
        content_type = _header(response, "content-type") or ""
        mime = content_type.split(";")[0].strip().lower()
        if mime and mime not in self.settings.content_types:
            return FetchFailed("content type not allowed", mime, response.status, kind="type")
        return None

    def _page(self, request: UrlRequest, url: str, response: Response) -> list[Output]:
        headers = {k.lower(): v for k, v in response.headers}
        content_type = headers.get("content-type")
        text, charset = decode(response.body, content_type)
        page = FetchedPage(
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
            attempts=request.attempt + 1,
        )
        self.metrics.fetched.labels("archive" if response.from_archive else "live").inc()
        log.info(
            "fetched %s (%d bytes%s)",
            page.final_url,
            page.size,
            ", archive" if page.from_archive else "",
            extra={"url": request.url},
        )
        state = FetchState(
            url=url,
            fetched_at=page.fetched_at,
            status=page.status,
            sha256=page.sha256,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )
        self.store.put(state)
        return [Output(PAGES, request.url, page), Output(FETCH_STATE, url, state)]

    def _not_modified(
        self, request: UrlRequest, url: str, state: FetchState, response: Response
    ) -> list[Output]:
        self.metrics.skipped.labels("not modified").inc()
        etag = _header(response, "etag") or state.etag
        fresh = state.model_copy(update={"fetched_at": now_iso(), "etag": etag})
        self.store.put(fresh)
        record = self._record(request, "not modified", response.url, 304, state.sha256)
        return [record, Output(FETCH_STATE, url, fresh)]

    def _failure(self, request: UrlRequest, exc: FetchFailed) -> list[Output]:
        attempts = request.attempt + 1
        detail = exc.detail
        if exc.retryable and attempts < self.settings.fetch_retry_attempts:
            delay = retry_delay(
                attempts,
                self.settings.fetch_retry_base_s,
                self.settings.fetch_retry_max_delay_s,
                exc.retry_after,
                self.rng,
            )
            if delay is not None:
                self.metrics.retried.labels(exc.kind).inc()
                return [self._park(request, attempts, time.time() + delay, exc.reason)]
            detail = f"Retry-After {exc.retry_after:.0f} s is beyond the retry window"
        elif exc.retryable:
            detail = f"gave up after {attempts} attempts: {detail}"
        self.metrics.failed.labels(exc.kind).inc()
        log.info("fetch failed: %s (%s)", request.url, exc.reason, extra={"url": request.url})
        return [self._record(request, exc.reason, detail, exc.status, None, attempts)]

    def _record(
        self,
        request: UrlRequest,
        reason: str,
        detail: str,
        status: int | None,
        sha256: str | None,
        attempts: int | None = None,
    ) -> Output:
        failure = FetchFailure(
            url=request.url,
            reason=reason,
            detail=detail,
            status=status,
            attempts=attempts if attempts is not None else request.attempt + 1,
            depth=request.depth,
            discovered_from=request.discovered_from,
            failed_at=now_iso(),
            sha256=sha256,
        )
        return Output(FETCH_FAILURES, request.url, failure)

    def _park(self, request: UrlRequest, attempt: int, not_before: float, why: str) -> Output:
        parked = request.model_copy(
            update={"attempt": attempt, "not_before": _iso(not_before), "last_failure": why}
        )
        return Output(FETCH_RETRIES, url_request_key(request.url), parked)


def _header(response: Response, name: str) -> str | None:
    return next((v for k, v in response.headers if k.lower() == name), None)
