"""The fetcher's memory of URLs, kept in a compacted topic so that it survives restarts.

Like a Faust table's changelog: the handlers return a `FetchState` output with
each outcome (sent and acknowledged before the request's offset is committed),
and every worker reads the whole topic at start, then follows it, so a host that
moves to another worker after a rebalance keeps its history. Each worker holds
every URL's state: a few hundred bytes each, fine up to a few million URLs.
"""

from __future__ import annotations

import asyncio
import logging
import time

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.contracts import FETCH_STATE, DecodeError, FetchState
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)


class StateStore:
    def __init__(self, settings: ServiceSettings) -> None:
        self.topic = FETCH_STATE.full_name(settings.topic_prefix)
        self.table: dict[str, FetchState] = {}
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap,
            enable_auto_commit=False,
            max_partition_fetch_bytes=settings.max_message_bytes,
        )
        self.follower: asyncio.Task[None] | None = None

    def get(self, url: str) -> FetchState | None:
        return self.table.get(url)

    def put(self, state: FetchState) -> None:
        known = self.table.get(state.url)
        if known is None or known.fetched_at <= state.fetched_at:
            self.table[state.url] = state

    async def start(self, timeout: float = 120.0) -> None:
        """Read the topic to its end (the restore), then follow it in the background."""
        await self.consumer.start()
        parts = [TopicPartition(self.topic, p) for p in range(FETCH_STATE.partitions)]
        self.consumer.assign(parts)
        await self.consumer.seek_to_beginning(*parts)
        ends = await self.consumer.end_offsets(parts)
        deadline = time.monotonic() + timeout
        while [tp for tp, end in ends.items() if await self.consumer.position(tp) < end]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"fetch state not restored from {self.topic} in {timeout} s")
            await self._poll(500)
        log.info("fetch state restored: %d URLs from %s", len(self.table), self.topic)
        self.follower = asyncio.create_task(self._follow())

    async def stop(self) -> None:
        if self.follower is not None:
            self.follower.cancel()
            try:
                await self.follower
            except asyncio.CancelledError:
                pass
        await self.consumer.stop()

    async def _follow(self) -> None:
        while True:
            try:
                await self._poll(1000)
            except asyncio.CancelledError:
                raise
            except Exception:  # a broker hiccup must not end the follower
                log.exception("following %s failed; retrying", self.topic)
                await asyncio.sleep(1.0)

    async def _poll(self, timeout_ms: int) -> None:
        batches = await self.consumer.getmany(timeout_ms=timeout_ms, max_records=5000)
        for records in batches.values():
            for record in records:
                if record.value is None:  # a tombstone: forget the URL
                    self.table.pop(record.key.decode() if record.key else "", None)
                    continue
                try:
                    self.put(FETCH_STATE.decode(record.value))
                except DecodeError as exc:
                    log.warning("skipping bad state record at %s: %s", record.offset, exc)
