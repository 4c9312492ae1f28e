"""Test-side Kafka I/O: send raw or contract values, read records back with a deadline."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from shared.contracts import Contract, Topic
from shared.settings import ServiceSettings


@dataclass
class Received:
    key: bytes | None
    value: Any  # the decoded contract model
    headers: dict[str, str]
    raw: bytes | None


class Broker:
    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.producer = AIOKafkaProducer(
            bootstrap_servers=settings.kafka_bootstrap, max_request_size=settings.max_message_bytes
        )

    async def __aenter__(self) -> Broker:
        await self.producer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.producer.stop()

    def name(self, topic: Topic[Any]) -> str:
        return topic.full_name(self.settings.topic_prefix)

    async def send(
        self, topic: Topic[Any], value: Contract | bytes | None, key: str | bytes | None = None
    ) -> None:
        raw = value.to_json() if isinstance(value, Contract) else value
        key_bytes = key.encode() if isinstance(key, str) else key
        await self.producer.send_and_wait(self.name(topic), raw, key=key_bytes)

    def _consumer(self) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            bootstrap_servers=self.settings.kafka_bootstrap,
            enable_auto_commit=False,
            isolation_level="read_committed",
            max_partition_fetch_bytes=self.settings.max_message_bytes,
        )

    async def read(self, topic: Topic[Any], count: int, timeout: float = 30.0) -> list[Received]:
        """The first `count` records of `topic` (all partitions), or fewer at the deadline."""
        consumer = self._consumer()
        await consumer.start()
        try:
            tps = [TopicPartition(self.name(topic), p) for p in range(topic.partitions)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            got: list[Received] = []
            deadline = time.monotonic() + timeout
            while len(got) < count and time.monotonic() < deadline:
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    got += [self._received(topic, r) for r in records]
            return got[:count] if len(got) >= count else got
        finally:
            await consumer.stop()

    async def read_all(self, topic: Topic[Any], timeout: float = 30.0) -> list[Received]:
        """Every record committed to `topic` now: read until each partition's end offset."""
        consumer = self._consumer()
        await consumer.start()
        try:
            tps = [TopicPartition(self.name(topic), p) for p in range(topic.partitions)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            ends = await consumer.end_offsets(tps)
            got: list[Received] = []
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                # A transaction's closing marker takes an offset no record has, so
                # the position (not the record offsets) says when a partition is done.
                if all([await consumer.position(tp) >= end for tp, end in ends.items()]):
                    return got
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    got += [self._received(topic, r) for r in records]
            raise TimeoutError(f"{self.name(topic)}: not read to its end in {timeout}s")
        finally:
            await consumer.stop()

    async def read_exactly(
        self, topic: Topic[Any], count: int, timeout: float = 30.0, settle: float = 1.5
    ) -> list[Received]:
        """At least `count` records, then all there are after waiting `settle` seconds more."""
        await self.read(topic, count, timeout)
        await asyncio.sleep(settle)
        return await self.read_all(topic, timeout)

    @staticmethod
    def _received(topic: Topic[Any], record: Any) -> Received:
        headers = {k: v.decode("utf-8", "replace") for k, v in (record.headers or [])}
        try:
            value = topic.decode(record.value)
        except ValueError:
            value = None
        return Received(record.key, value, headers, record.value)
