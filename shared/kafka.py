"""The one consume loop that owns Kafka for the plain (non-Faust) services.

Handlers are async functions from a decoded value to outputs; they never touch
Kafka. The loop decodes and validates each message against its topic's
contract, turns a bad message or a failing handler into a dead letter, sends
every output, waits for the broker's acknowledgements and only then commits
the offsets (at-least-once; a crash replays the uncommitted batch).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from aiokafka import (
    AIOKafkaConsumer,
    AIOKafkaProducer,
    ConsumerRebalanceListener,
    ConsumerRecord,
    TopicPartition,
)
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import MessageSizeTooLargeError, TopicAlreadyExistsError

from shared.contracts import ALL_TOPICS, DEAD_LETTERS, Contract, DeadLetter, DecodeError, Topic
from shared.offsets import OffsetTracker
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)

DEAD_LETTER_VALUE_CAP = 4 * 1024 * 1024
# Offsets are committed at most this often (and always on stop and rebalance).
COMMIT_EVERY_S = 0.2


class Rejected(Exception):
    """Expected bad input: the message goes to the dead-letter topic with `reason`."""

    def __init__(self, reason: str, outputs: Sequence[Output] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.outputs = list(outputs)  # still sent, before the dead letter


class Output(NamedTuple):
    topic: Topic[Any]
    key: str | None
    value: Contract


Handler = Callable[[Any], Awaitable[Sequence[Output]]]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


async def ensure_topics(
    settings: ServiceSettings, topics: Iterable[Topic[Any]] = ALL_TOPICS
) -> list[str]:
    """Create the contract topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                t.full_name(settings.topic_prefix),
                t.partitions,
                1,
                topic_configs=dict(t.configs),
            )
            for t in topics
            if t.full_name(settings.topic_prefix) not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass  # a sibling service created it between our list and create
        return [t.name for t in wanted]
    finally:
        await admin.close()


def make_producer(settings: ServiceSettings, **overrides: Any) -> AIOKafkaProducer:
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap,
        "acks": "all",
        "enable_idempotence": True,
        "max_request_size": settings.max_message_bytes,
        "linger_ms": 5,
        # Pages are ~100 KB: with the 16 KB default every page would be a request
        # of its own, each waiting for acks=all.
        "max_batch_size": 1_048_576,
    }
    options.update(overrides)
    return AIOKafkaProducer(**options)


def dead_letter(
    service: str, topic_name: str, msg: ConsumerRecord[bytes, bytes] | None, reason: str, error: str
) -> Output:
    raw = (msg.value or b"") if msg is not None else b""
    # base64 grows by a third: cap the copy so the letter itself always fits; the
    # topic/partition/offset still point at the whole original.
    truncated = len(raw) > DEAD_LETTER_VALUE_CAP
    key = msg.key.decode("utf-8", "backslashreplace") if msg is not None and msg.key else None
    letter = DeadLetter(
        reason=reason,
        error=error,
        service=service,
        source_topic=topic_name,
        partition=msg.partition if msg is not None else None,
        offset=msg.offset if msg is not None else None,
        key=key,
        value_b64=base64.b64encode(raw[:DEAD_LETTER_VALUE_CAP]).decode("ascii"),
        value_truncated=truncated,
        failed_at=now_iso(),
    )
    return Output(DEAD_LETTERS, key, letter)


def dead_letter_headers(letter: DeadLetter) -> list[tuple[str, bytes]]:
    fields = {
        "reason": letter.reason,
        "error": letter.error,
        "source_topic": letter.source_topic,
        "partition": str(letter.partition),
        "offset": str(letter.offset),
        "service": letter.service,
    }
    return [(k, v.encode("utf-8")[:1000]) for k, v in fields.items()]


class ConsumeLoop:
    """Consume `handlers`' topics as `service`, forever, until `stop` is set.

    Pipelined: up to `window` messages are in flight at once (handled, their
    outputs sent and acknowledged) while the loop keeps fetching, so one slow
    message never holds up the rest of its batch. Each partition's offsets are
    committed up to the first message still in flight.
    """

    def __init__(
        self,
        settings: ServiceSettings,
        service: str,
        handlers: Mapping[Topic[Any], Handler],
        *,
        concurrency: int = 16,
        max_records: int = 200,
        window: int | None = None,
    ) -> None:
        self.settings = settings
        self.service = service
        self.by_name = {t.full_name(settings.topic_prefix): (t, h) for t, h in handlers.items()}
        self.concurrency = asyncio.Semaphore(concurrency)
        self.max_records = max_records
        self.window = window or max(max_records, concurrency)
        self.producer = make_producer(settings)
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=settings.group_id(service),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=settings.max_message_bytes,
            fetch_max_bytes=settings.max_message_bytes * 2,
        )
        self.offsets: OffsetTracker[TopicPartition] = OffsetTracker()
        self.inflight: set[asyncio.Task[None]] = set()
        self.delivery_error: Exception | None = None
        self.last_commit = 0.0
        self.processed = 0

    async def run(self, stop: asyncio.Event) -> None:
        await self.producer.start()
        await self.consumer.start()
        self.consumer.subscribe(list(self.by_name), listener=_Drain(self))
        log.info("%s consuming %s", self.service, ", ".join(self.by_name))
        try:
            while not stop.is_set():
                self._beat()
                if self.delivery_error is not None:
                    await self._rewind()
                await self._fill()
                await self._commit(force=False)
            await self.drain()
        finally:
            await self.consumer.stop()
            await self.producer.stop()

    def _beat(self) -> None:
        if self.settings.heartbeat_file:
            Path(self.settings.heartbeat_file).touch()

    async def _fill(self) -> None:
        """Start as many new messages as the window has room for, or wait for room."""
        room = self.window - len(self.inflight)
        if room <= 0:
            await asyncio.wait(self.inflight, timeout=0.5, return_when=asyncio.FIRST_COMPLETED)
            return
        timeout_ms = 50 if self.inflight else 500
        batches = await self.consumer.getmany(
            timeout_ms=timeout_ms, max_records=min(room, self.max_records)
        )
        for tp, messages in batches.items():
            for msg in messages:
                self.offsets.started(tp, msg.offset)
                task = asyncio.create_task(self._run_one(tp, msg))
                self.inflight.add(task)
                task.add_done_callback(self.inflight.discard)

    async def _run_one(self, tp: TopicPartition, msg: ConsumerRecord[bytes, bytes]) -> None:
        outputs = await self._handle(msg)
        try:
            deliveries = [await self._send_or_dead_letter(out) for out in outputs]
            await asyncio.gather(*deliveries)
        except Exception as exc:  # KafkaError mostly; anything unsent must be read again
            # Not acknowledged: never marked done, so never committed; read again.
            self.delivery_error = exc
            return
        self.offsets.finished(tp, msg.offset)
        self.processed += 1

    async def _commit(self, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self.last_commit < COMMIT_EVERY_S:
            return
        ready = self.offsets.committable()
        if ready:
            await self.consumer.commit(ready)
        self.last_commit = now

    async def drain(self, partitions: list[TopicPartition] | None = None) -> None:
        """Let every message in flight finish, then commit what is done."""
        if self.inflight:
            await asyncio.gather(*list(self.inflight), return_exceptions=True)
        await self._commit(force=True)
        if partitions is not None:
            self.offsets.forget(partitions)

    async def _rewind(self) -> None:
        log.warning(
            "%s: delivery failed (%s); replaying from committed offsets",
            self.service,
            self.delivery_error,
        )
        await self.drain()
        for tp in self.consumer.assignment():
            committed = await self.consumer.committed(tp)
            if committed is None:
                await self.consumer.seek_to_beginning(tp)
            else:
                self.consumer.seek(tp, committed)
        self.offsets.forget()
        self.delivery_error = None
        await asyncio.sleep(1.0)

    async def _handle(self, msg: ConsumerRecord[bytes, bytes]) -> Sequence[Output]:
        topic, handler = self.by_name[msg.topic]
        try:
            value = topic.decode(msg.value)
        except DecodeError as exc:
            return [dead_letter(self.service, msg.topic, msg, "undecodable message", str(exc))]
        async with self.concurrency:
            try:
                return await handler(value)
            except Rejected as exc:
                letter = dead_letter(self.service, msg.topic, msg, exc.reason, "Rejected")
                return [*exc.outputs, letter]
            except Exception as exc:  # nothing may crash the loop
                log.exception(
                    "%s: handler failed on %s[%d]@%d",
                    self.service,
                    msg.topic,
                    msg.partition,
                    msg.offset,
                )
                return [
                    dead_letter(
                        self.service,
                        msg.topic,
                        msg,
                        "handler error",
                        f"{type(exc).__name__}: {exc}",
                    )
                ]

    async def _send_or_dead_letter(self, out: Output) -> asyncio.Future[Any]:
        try:
            return await self._send(out)
        except MessageSizeTooLargeError as exc:
            letter = dead_letter(
                self.service,
                out.topic.full_name(self.settings.topic_prefix),
                None,
                "output too large for the broker",
                str(exc),
            )
            letter.value.key = out.key
            return await self._send(letter)

    async def _send(self, out: Output) -> asyncio.Future[Any]:
        headers = dead_letter_headers(out.value) if isinstance(out.value, DeadLetter) else None
        return await self.producer.send(
            out.topic.full_name(self.settings.topic_prefix),
            out.value.to_json(),
            key=out.key.encode("utf-8") if out.key is not None else None,
            headers=headers,
        )


class _Drain(ConsumerRebalanceListener):  # type: ignore[misc]
    """Before partitions move to another worker, finish and commit their messages."""

    def __init__(self, loop: ConsumeLoop) -> None:
        self.loop = loop

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        await self.loop.drain(list(revoked))

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        return None
