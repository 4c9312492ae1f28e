"""The fetcher service: URL requests in, fetched pages or fetch failures out."""

from __future__ import annotations

import asyncio
import logging

from services.fetcher.fetch import Fetcher, FetchFailed
from services.fetcher.settings import FetcherSettings
from shared.contracts import FETCH_FAILURES, PAGES, URL_REQUESTS, FetchFailure, UrlRequest
from shared.kafka import ConsumeLoop, Handler, Output, ensure_topics, now_iso
from shared.lifecycle import run_until_signalled

log = logging.getLogger(__name__)


def make_handler(fetcher: Fetcher) -> Handler:
    async def handle(request: UrlRequest) -> list[Output]:
        try:
            page = await fetcher.fetch(request)
        except FetchFailed as exc:
            log.info("fetch failed: %s (%s)", request.url, exc.reason)
            failure = FetchFailure(
                url=request.url,
                reason=exc.reason,
                detail=exc.detail,
                status=exc.status,
                depth=request.depth,
                discovered_from=request.discovered_from,
                failed_at=now_iso(),
            )
            return [Output(FETCH_FAILURES, request.url, failure)]
        log.info(
            "fetched %s (%d bytes%s)",
            page.final_url,
            page.size,
            ", archive" if page.from_archive else "",
        )
        return [Output(PAGES, request.url, page)]

    return handle


async def serve(settings: FetcherSettings, stop: asyncio.Event) -> None:
    await ensure_topics(settings)
    fetcher = Fetcher(settings)
    loop = ConsumeLoop(
        settings,
        "fetcher",
        {URL_REQUESTS: make_handler(fetcher)},
        concurrency=settings.fetch_concurrency,
    )
    try:
        await loop.run(stop)
    finally:
        await fetcher.close()


def main() -> None:
    settings = FetcherSettings()
    run_until_signalled(settings, lambda stop: serve(settings, stop))
