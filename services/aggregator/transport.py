"""Faust's aiokafka transport, fixed where its exactly-once loses table state.

Three faults of faust-streaming (0.15.3, the newest release), all silent data loss.

**Table changes committed after their input offsets.** A table assignment
does not send its changelog record: it puts it in the producer's buffer (a
table's `__setitem__` cannot await), and a background task hands it to the
partition's transactional producer later. Faust's exactly-once commit sends
the input offsets and commits the transaction without waiting for that
buffer (its at-least-once commit does flush it). The changes of reports whose
offsets are already committed then land in the *next* transaction; a SIGKILL
before that one commits aborts them, and the restarted worker, which starts
after the committed offsets, never folds those reports again. Here every
commit first waits until everything put in the buffer has reached the
producer (aiokafka itself sends all it holds before it ends a transaction).

**Input records skipped after a rebalance**: see
`ConsumerThread._seek_to_committed` (only partly fixed: see there).

**Restart that recovers nothing.** Table recovery reads each changelog
partition up to its highwater. With `processing_guarantee="exactly_once"`
Faust takes that highwater from `AIOKafkaConsumer.last_stable_offset(tp)`,
which is only the value the last *fetch response* carried: `None` for a
partition the consumer has not fetched yet, which Faust turns into -1,
"nothing to recover". A worker that starts up (or gets a partition back) reads
the highwaters a few milliseconds after the assignment; on an idle machine the
first fetch has usually come back by then, under CPU load it has not, and the
worker then recovers nothing, reports "Recovery complete", and goes on from
the committed input offsets with empty tables: the province state is lost.

Here the highwaters come from a ListOffsets request instead
(`end_offsets`), which for a `read_committed` consumer is the broker's last
stable offset now: everything committed is recovered, and nothing of a
transaction still open (or being aborted) is waited for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.transport.producer import ProducerBuffer
from faust.types import TP, FutureMessage

# How long a commit waits for the buffered changelog records to reach the producer.
DRAIN_TIMEOUT_S = 60.0


async def stable_end_offsets(consumer: AIOKafkaConsumer, partitions: Iterable[TP]) -> dict[TP, int]:
    """Each partition's end as the broker has it now (under read_committed: its LSO)."""
    ends = await consumer.end_offsets(list(partitions))
    return {TP(tp.topic, tp.partition): offset for tp, offset in ends.items()}


class ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    async def _highwaters(self, partitions: list[TP]) -> Mapping[TP, int]:
        return await stable_end_offsets(self._ensure_consumer(), partitions)

    async def seek_to_committed(self) -> Mapping[TP, int]:
        return await self.call_thread(self._seek_to_committed)

    async def _seek_to_committed(self) -> Mapping[TP, int]:
        """Seek every input partition back to its committed offset, the beginning if none.

        aiokafka's `seek_to_committed` leaves a partition without a committed
        offset (or with 0) where it is. After a rebalance Faust resumes the input
        partitions, seeks, and only then resumes its stream queues, which drops
        what they hold: records fetched in between are gone while the position
        stays past them, so with no committed offset to go back to they were
        never folded (and Faust's gap tracking then commits past them).

        Left: records fetched *after* this seek and before Faust resumes its
        queues are still dropped the same way when a committed offset exists
        (seen under CPU load after a SIGKILL restart). Stopping the flow
        before the seek made rebalances worse (duplicate enriched records).
        """
        consumer = self._ensure_consumer()
        committed = await consumer.seek_to_committed()
        changelogs = set(self.app.tables.changelog_topics)
        for tp, offset in committed.items():
            if tp.topic in changelogs or (offset is not None and offset > 0):
                continue
            if offset is None:
                await consumer.seek_to_beginning(tp)  # auto_offset_reset is "earliest"
            else:
                consumer.seek(tp, offset)
        return committed


class CountingBuffer(ProducerBuffer):
    """The producer buffer, counting what was put in and what reached the producer."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.put_count = 0
        self.handed_count = 0

    def put(self, fut: FutureMessage) -> None:
        self.put_count += 1
        super().put(fut)

    async def _send_pending(self, fut: FutureMessage) -> None:
        try:
            await super()._send_pending(fut)  # in the producer's batch once this returns
        finally:
            self.handed_count += 1

    async def drain(self, timeout: float) -> None:
        """Wait until every record put in so far is in the producer; raise at the deadline."""
        target = self.put_count
        deadline = asyncio.get_running_loop().time() + timeout
        while self.handed_count < target:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"{target - self.handed_count} changelog records not sent")
            self.message_sent.clear()
            if self.handed_count >= target:
                break
            try:
                await asyncio.wait_for(self.message_sent.wait(), timeout=0.1)
            except TimeoutError:
                pass


class Producer(faust_aiokafka.Producer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.app.conf.producer_threaded:
            raise ValueError("producer_threaded is not supported by the aggregator's transport")
        buffer = CountingBuffer(loop=self.loop, beacon=self.beacon)
        buffer.app = self.app
        self.buffer = buffer


class Consumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> faust_aiokafka.AIOKafkaConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def _commit_offsets(
        self, offsets: Mapping[TP, int], start_new_transaction: bool = True
    ) -> bool:
        if self.in_transaction:
            # A timeout raises: no offset is committed ahead of its table changes.
            await drain_buffer(self.app.producer, DRAIN_TIMEOUT_S)
        return await super()._commit_offsets(offsets, start_new_transaction)


async def drain_buffer(producer: Any, timeout: float) -> None:
    buffer = producer.buffer
    if not isinstance(buffer, CountingBuffer):
        raise TypeError(f"not the aggregator's producer buffer: {type(buffer).__name__}")
    await buffer.drain(timeout)


class Transport(faust_aiokafka.Transport):
    Consumer = Consumer
    Producer = Producer


class App(faust.App):
    """A `faust.App` whose `kafka://` transport is the one above."""

    def _new_transport(self) -> Any:
        return Transport(self.conf.broker_consumer, self)
