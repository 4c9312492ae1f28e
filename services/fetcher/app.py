"""The fetcher service: URL requests in, fetched pages or fetch failures out.

Two consume loops share one fetcher: `fetcher` reads URL requests and never
sleeps on a host or a retry; `fetcher-retry` (its own consumer group) reads the
retry topic and waits there until each request is due. On SIGTERM both finish
their batch: HTTP exchanges under way complete and are published, requests
still waiting for their turn are parked on the retry topic, and only then are
offsets committed, so a stop loses no request.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import sniffio

from services.fetcher.crawler import Crawler
from services.fetcher.fetch import Fetcher
from services.fetcher.metrics import Metrics, OpsServer
from services.fetcher.settings import FetcherSettings
from services.fetcher.state import StateStore
from shared.consume import ConsumeLoop
from shared.contracts import FETCH_RETRIES, URL_REQUESTS
from shared.kafka import ensure_topics
from shared.lifecycle import run_until_signalled

log = logging.getLogger(__name__)

RETRY_BATCH = 500  # retry handlers mostly wait: many at once cost little


class FetcherService:
    def __init__(self, settings: FetcherSettings, stop: asyncio.Event) -> None:
        self.settings, self.stop = settings, stop
        self.metrics = Metrics()
        self.fetcher = Fetcher(settings, self.metrics, stop)
        self.store = StateStore(settings)
        self.crawler = Crawler(settings, self.fetcher, self.store, self.metrics, stop)
        self.loops = [
            ConsumeLoop(
                settings,
                "fetcher",
                {URL_REQUESTS: self.crawler.on_request},
                concurrency=settings.fetch_concurrency,
                max_records=max(200, settings.fetch_concurrency),
                producer_options=settings.producer_options,
            ),
            ConsumeLoop(
                settings,
                "fetcher-retry",
                {FETCH_RETRIES: self.crawler.on_retry},
                concurrency=RETRY_BATCH,
                max_records=RETRY_BATCH,
                producer_options=settings.producer_options,
            ),
        ]
        self.ops = OpsServer(self.metrics, self.health)
        self.tasks: list[asyncio.Task[None]] = []

    def health(self) -> dict[str, Any]:
        running = bool(self.tasks) and not any(t.done() for t in self.tasks)
        return {
            "ok": running and not self.stop.is_set(),
            "consuming": running,
            "stopping": self.stop.is_set(),
            "processed": sum(loop.processed for loop in self.loops),
            "known_urls": len(self.store.table),
        }

    async def run(self) -> None:
        # httpcore asks sniffio which event loop runs it at every lock, timeout and
        # shield, and sniffio finds out through asyncio.current_task() each time
        # (a few % of the fetcher's CPU in bench-fetch); the tasks started below inherit
        # the answer instead.
        sniffio.current_async_library_cvar.set("asyncio")
        await ensure_topics(self.settings)
        await self.ops.start(self.settings.fetch_ops_host, self.settings.fetch_ops_port)
        try:
            await self.store.start()
            self.tasks = [asyncio.create_task(loop.run(self.stop)) for loop in self.loops]
            done, _ = await asyncio.wait(self.tasks, return_when=asyncio.FIRST_EXCEPTION)
            self.stop.set()  # one loop failed: take the other down with it
            await asyncio.gather(*self.tasks, return_exceptions=True)
            for task in done:
                task.result()
        finally:
            await self.ops.stop()
            await self.store.stop()
            await self.fetcher.close()


async def serve(settings: FetcherSettings, stop: asyncio.Event) -> None:
    await FetcherService(settings, stop).run()


def main() -> None:
    settings = FetcherSettings()
    run_until_signalled(settings, lambda stop: serve(settings, stop))
