"""The one consume loop that owns Kafka for the plain (non-Faust) services.

Handlers are async functions from a decoded value to outputs; they never touch
Kafka. The loop decodes and validates each message against its topic's
contract, turns a bad message or a failing handler into a dead letter, sends
every output, waits for the broker's acknowledgements and only then marks the
message done; offsets are committed up to each partition's first message not
done (at-least-once: a crash replays what was not committed).

Outputs not acknowledged within `delivery_timeout_s` mean a stuck producer: it
is replaced and the loop reads again from the committed offsets, skipping what
it had already delivered (so without a crash nothing is published twice).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from aiokafka import (
    AIOKafkaConsumer,
    AIOKafkaProducer,
    ConsumerRebalanceListener,
    ConsumerRecord,
    TopicPartition,
)
from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError

from shared.contracts import DeadLetter, DecodeError, Topic
from shared.kafka import (
    Handler,
    Output,
    Rejected,
    dead_letter,
    dead_letter_headers,
    make_producer,
)
from shared.offsets import OffsetTracker
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)

# Offsets are committed at most this often (and always on stop and rebalance).
COMMIT_EVERY_S = 0.2


class ConsumeLoop:
    """Consume `handlers`' topics as `service`, forever, until `stop` is set.

    Pipelined: up to `window` messages are in flight at once (handled, their
    outputs sent and acknowledged) while the loop keeps fetching, so one slow
    message never holds up the rest of its batch. Each partition's offsets are
    committed up to the first message still in flight. `producer_factory` builds
    each producer (the first, and any replacing a stuck one).
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
        producer_options: Mapping[str, Any] | None = None,
        producer_factory: Callable[[], AIOKafkaProducer] | None = None,
    ) -> None:
        self.settings = settings
        self.service = service
        self.by_name = {t.full_name(settings.topic_prefix): (t, h) for t, h in handlers.items()}
        self.concurrency = asyncio.Semaphore(concurrency)
        self.max_records = max_records
        self.window = window or max(max_records, concurrency)
        options = dict(producer_options or {})
        self.make_producer = producer_factory or (lambda: make_producer(settings, **options))
        self.producer = self.make_producer()
        self.consumer = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap,
            group_id=settings.group_id(service),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=settings.max_message_bytes,
            fetch_max_bytes=settings.max_message_bytes * 2,
        )
        self.offsets: OffsetTracker[TopicPartition] = OffsetTracker()
        # Acknowledged behind an unacknowledged message: skipped when a rewind reads them again.
        self.delivered: dict[TopicPartition, set[int]] = {}
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
                if self._was_delivered(tp, msg.offset):
                    self.offsets.finished(tp, msg.offset)
                    continue
                task = asyncio.create_task(self._run_one(tp, msg))
                self.inflight.add(task)
                task.add_done_callback(self.inflight.discard)

    async def _run_one(self, tp: TopicPartition, msg: ConsumerRecord[bytes, bytes]) -> None:
        outputs = await self._handle(msg)
        try:
            # Encoded at once, so that while the producer has no room a page waits as
            # its JSON bytes only, not also as its decoded text; and once handed to the
            # producer (which copies them into a batch) not even those.
            records = [self._encode(out) for out in outputs]
            del outputs
            # aiokafka's idempotent producer can retry forever after a broker restart
            # (OutOfOrderSequence), and then its sends also wait for room: one
            # deadline over both turns that hang into a rewind.
            async with asyncio.timeout(self.settings.delivery_timeout_s):
                deliveries = [await self._send_or_dead_letter(record) for record in records]
                del records
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
            for tp in partitions:  # their next owner replays from the commit, all of it
                self.delivered.pop(tp, None)

    def _was_delivered(self, tp: TopicPartition, offset: int) -> bool:
        done = self.delivered.get(tp)
        if done is None or offset not in done:
            return False
        done.discard(offset)
        if not done:
            del self.delivered[tp]
        return True

    async def _rewind(self) -> None:
        log.warning(
            "%s: delivery failed (%s); replaying from committed offsets",
            self.service,
            self.delivery_error,
        )
        stuck = isinstance(self.delivery_error, TimeoutError | KafkaTimeoutError)
        await self.drain()
        for tp, offsets in self.offsets.delivered().items():
            self.delivered.setdefault(tp, set()).update(offsets)
        if stuck:
            await self._replace_producer()
        for tp in self.consumer.assignment():
            committed = await self.consumer.committed(tp)
            if committed is None:
                await self.consumer.seek_to_beginning(tp)
            else:
                self.consumer.seek(tp, committed)
        self.offsets.forget()
        self.delivery_error = None
        await asyncio.sleep(1.0)

    async def _replace_producer(self) -> None:
        old, self.producer = self.producer, self.make_producer()
        try:
            await asyncio.wait_for(old.stop(), 10)
        except TimeoutError:
            log.warning("%s: old producer did not stop in time; abandoned", self.service)
        await self.producer.start()

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

    def _encode(self, out: Output) -> _Record:
        headers = dead_letter_headers(out.value) if isinstance(out.value, DeadLetter) else None
        topic = out.topic.full_name(self.settings.topic_prefix)
        return _Record(topic, out.key, out.value.to_json(), headers)

    async def _send_or_dead_letter(self, record: _Record) -> asyncio.Future[Any]:
        try:
            return await self._send(record)
        except MessageSizeTooLargeError as exc:
            letter = dead_letter(
                self.service, record.topic, None, "output too large for the broker", str(exc)
            )
            letter.value.key = record.key  # the original key, in the value and as the key
            return await self._send(self._encode(letter._replace(key=record.key)))

    async def _send(self, record: _Record) -> asyncio.Future[Any]:
        return await self.producer.send(
            record.topic,
            record.value,
            key=record.key.encode("utf-8") if record.key is not None else None,
            headers=record.headers,
        )


class _Record(NamedTuple):
    """An output as the producer takes it."""

    topic: str
    key: str | None
    value: bytes
    headers: list[tuple[str, bytes]] | None


class _Drain(ConsumerRebalanceListener):  # type: ignore[misc]
    """Before partitions move to another worker, finish and commit their messages."""

    def __init__(self, loop: ConsumeLoop) -> None:
        self.loop = loop

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        await self.loop.drain(list(revoked))

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        return None
