"""Faust's aiokafka transport, fixed where its exactly-once loses table state.

Faults of faust-streaming (0.15.3, the newest release), all silent loss or double counting.

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

**A commit that splits an event.** Faust commits on a timer, in its own
task, with the offsets of the events acked so far. An event is acked only
when the agent asks for the next one, so a commit that runs while the agent
is suspended inside an event (waiting on a full producer buffer, say) puts
that event's table changes and outputs in the transaction but not its
offset: after a SIGKILL the event is folded a second time. Here a commit
waits for the event in hand (`App.event_boundary`, held by the agent from
taking an event to acking it) and no event starts while a commit runs.

**Input records skipped or folded twice after a rebalance.** A fetch that
was under way when a rebalance began can return records after it ended;
Faust stamps them with the new generation and delivers them, although the
rebalance has since moved the partition's position back to the committed
offset. Faust's gap tracking then marks the offsets between as done and the
re-fetched records as already read ("DROPPED MESSAGE"): the committed
offset sticks and those reports are never folded. Such a batch is thrown
away here and the partitions seeked back (`Consumer._wait_next_records`);
`ConsumerThread._seek_to_committed` covers partitions without a committed
offset.

**Records delivered during the seek after recovery.** When recovery ends,
Faust resumes the input partitions, seeks them to their committed offsets
(a round trip to the coordinator, long under load) and only then resumes its
flow control, which empties every stream queue. Records fetched and queued in
between are dropped unacked: the batch they came from goes on being
delivered after the seek, so they are never fetched again, never folded, and
the partition's committed offset sticks below them for good (the restarted
worker "folded a few reports, then nothing"). A commit that ran during the
seek was overwritten by the offsets read before it, which stalls commits the
same way. Here the consumer flow stops when recovery resumes the input
partitions (recovery resumes it after its seek) and a seek waits for the
event in hand and holds off commits (`Consumer.perform_seek`).

**Recovery that waits for markers.** With exactly-once every transaction
ends with a commit marker in each changelog partition it wrote, so a
changelog's last offset is a marker, never a record: recovery, which counts
the records it applied against the highwater, stays one short and ends only
after two idle 5-second waits for more records (about 11 s of a restart's
outage). Here a partition is done as soon as its fetch position has passed the
highwater and the last record fetched has been applied (`Recovery`, via
`TableManager`).

**Producers of partitions given away are kept.** Faust stops the
transactional producers of revoked partitions only if they did not become
standbys here, which with tables they always do. The producer stays in use
after the new owner's producer with the same transactional id has fenced it;
when the partition comes back (its owner died) every send fails with
ProducerFenced and the worker crashes. `TransactionManager.on_rebalance`
stops every producer whose partition is no longer an active one here.

**Changelog records left behind at a rebalance.** Faust's flush on revoke
gives up on its buffer after 0.1 s without progress and then stops the
revoked partitions' producers: what was still buffered goes out later
through a producer that a newer one with the same transactional id has
fenced (ProducerFenced). `Producer.flush` waits for the whole buffer.

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
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer, TopicPartition
from faust import tables as faust_tables
from faust.tables import recovery as faust_recovery
from faust.transport import consumer as faust_consumer
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.transport.producer import ProducerBuffer
from faust.types import TP, FutureMessage

log = logging.getLogger(__name__)

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

    def verify_event_path(self, now: float, tp: TP) -> None:
        # Faust's livelock check reads the partition's fetch position, which a
        # seek to the beginning leaves unset until aiokafka has looked the offset
        # up: aiokafka asserts, and the worker crashed just after a recovery.
        if not _has_position(self._ensure_consumer(), tp):
            return None
        return super().verify_event_path(now, tp)

    async def _seek_to_committed(self) -> Mapping[TP, int]:
        """Seek every input partition back to its committed offset, the beginning if none.

        aiokafka's `seek_to_committed` leaves a partition without a committed
        offset (or with 0) where it is. After a rebalance Faust resumes the input
        partitions, seeks, and only then resumes its stream queues, which drops
        what they hold: records fetched in between are gone while the position
        stays past them, so with no committed offset to go back to they were
        never folded (and Faust's gap tracking then commits past them).

        Records fetched across the seek itself are thrown away by
        `Consumer._wait_next_records`.
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


def _tp_state(consumer: AIOKafkaConsumer, tp: TP) -> Any:
    """aiokafka's fetch state of `tp` (its position), None if not assigned."""
    subscription = consumer._fetcher._subscriptions.subscription
    if subscription is None:
        return None
    return subscription.assignment.state_value(TopicPartition(tp.topic, tp.partition))


def _has_position(consumer: AIOKafkaConsumer, tp: TP) -> bool:
    state = _tp_state(consumer, tp)
    return state is not None and state.has_valid_position


class CountingBuffer(ProducerBuffer):
    """The producer buffer, counting what was put in and what reached the producer."""

    # Faust stops delivering events while more than this many changelog records
    # wait (logging a warning each time); at its 100, a few reports' worth,
    # that was hundreds of stops a second.
    max_messages = 1000

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

    async def flush(self) -> None:
        if self.buffer.size:  # a stopped producer has nothing left to hand over
            await drain_buffer(self, DRAIN_TIMEOUT_S)
        await super().flush()

    async def commit_transactions(
        self,
        tid_to_offset_map: Mapping[str, Mapping[TP, int]],
        group_id: str,
        start_new_transaction: bool = True,
    ) -> None:
        """Commit the partitions' transactions together, not one after the other.

        Each takes three round trips to the coordinator; one by one, six
        partitions took longer than the commit interval, and no event is
        folded while a commit runs. Each transactional id has its own producer
        and lock, so they do not interfere.
        """
        commit_one = super().commit_transactions
        outcomes = await asyncio.gather(
            *(
                commit_one({tid: offsets}, group_id, start_new_transaction)
                for tid, offsets in tid_to_offset_map.items()
            ),
            return_exceptions=True,
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome


class Consumer(faust_aiokafka.Consumer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The last offset of each partition that a fetch returned since its last seek.
        self.fetched_upto: dict[TP, int] = {}

    def _new_consumer_thread(self) -> faust_aiokafka.AIOKafkaConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def seek_wait(self, partitions: Mapping[TP, int]) -> None:
        for tp in partitions:
            self.fetched_upto.pop(tp, None)
        await super().seek_wait(partitions)

    def only_markers_left(self, tp: TP, applied: int | None, highwater: int) -> bool:
        """Whether every record of `tp` below `highwater` + 1 is fetched and applied.

        The fetch position has passed the highwater, and the last record any
        fetch returned is one recovery has applied: what lies between is
        transaction markers (or aborted records, which read_committed skips).
        """
        state = _tp_state(self._thread._ensure_consumer(), tp)
        if state is None or not state.has_valid_position or state.position <= highwater:
            return False
        fetched = self.fetched_upto.get(tp)
        return fetched is None or (applied is not None and fetched <= applied)

    async def _wait_next_records(self, timeout: float) -> tuple[Any, Any]:
        if not self.flow_active:  # as Faust does, so the generation is read after it
            await self.wait(self.can_resume_flow)  # type: ignore[arg-type]
        generation = self.app.consumer_generation_id
        records, active = await super()._wait_next_records(timeout)
        if records and (generation != self.app.consumer_generation_id or not self.flow_active):
            # Fetched across a rebalance: the position may have been moved back
            # since. Nothing of the new generation was delivered yet, so going
            # back to the committed offsets loses and repeats nothing.
            log.info("dropping a fetch that spans a rebalance; seeking to committed offsets")
            try:
                await self.perform_seek()
            except Exception as exc:  # the rebalance still under way seeks again
                log.warning("seek after a stale fetch failed: %r", exc)
            return {}, active
        for tp, fetched in (records or {}).items():
            if fetched:
                self.fetched_upto[tp] = fetched[-1].offset
        return records, active

    def resume_partitions(self, tps: Iterable[TP]) -> None:
        tps = set(tps)
        changelogs = self.app.tables.changelog_topics
        if self.flow_active and any(tp.topic not in changelogs for tp in tps):
            # "Records delivered during the seek after recovery" above: recovery
            # resumes the flow after its seek.
            self.stop_flow()
        super().resume_partitions(tps)

    async def perform_seek(self) -> None:
        # No event folded and no offset committed while the positions, the read
        # offsets and the committed offsets are reset: a commit under way would
        # be overwritten by the offsets read before it, and Faust never commits
        # a partition again once its committed offset lags its first ack by more
        # than one.
        async with event_boundary(self.app):
            await super().perform_seek()

    async def force_commit(self, topics: Any = None, start_new_transaction: bool = True) -> bool:
        # Between events only: see "A commit that splits an event" above.
        async with event_boundary(self.app):
            return await super().force_commit(topics, start_new_transaction)

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


class TransactionManager(faust_consumer.TransactionManager):
    async def on_rebalance(
        self, assigned: set[TP], revoked: set[TP], newly_assigned: set[TP]
    ) -> None:
        active = self._tps_to_transactional_ids(assigned)  # standbys have no producer
        producers = self.producer._transaction_producers  # type: ignore[attr-defined]
        elsewhere = sorted(set(producers) - active)
        if elsewhere:
            log.info("stopping %d producers of partitions active elsewhere", len(elsewhere))
            await self._stop_transactions(elsewhere)
        await super().on_rebalance(assigned, revoked, newly_assigned)


class Recovery(faust_recovery.Recovery):
    def need_recovery(self) -> bool:
        # See "Recovery that waits for markers" above.
        consumer = self.app.consumer
        offsets, highwaters = self.active_offsets, self.active_highwaters
        for tp, left in self.active_remaining().items():
            if left > 0 and consumer.only_markers_left(tp, offsets.get(tp), highwaters[tp]):
                log.info("recovery of %s done: only transaction markers left", tp)
                offsets[tp] = highwaters[tp]
        return super().need_recovery()


class TableManager(faust_tables.TableManager):
    @property
    def recovery(self) -> Recovery:
        if self._recovery is None:
            self._recovery = Recovery(self.app, self, beacon=self.beacon, loop=self.loop)
        return self._recovery


class Transport(faust_aiokafka.Transport):
    Consumer = Consumer
    Producer = Producer
    TransactionManager = TransactionManager


class App(faust.App):
    """A `faust.App` whose `kafka://` transport and table recovery are the ones above.

    `event_boundary` is held by the agent for each event, from taking it to
    acking it, and by every offset commit.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("TableManager", TableManager)
        super().__init__(*args, **kwargs)
        self.event_boundary = asyncio.Lock()

    def _new_transport(self) -> Any:
        return Transport(self.conf.broker_consumer, self)


async def changelogs_known(app: Any, tables: Iterable[Any], timeout: float = 60.0) -> None:
    """Wait until the consumer's metadata gives every table's changelog its partitions.

    A changelog topic created at start-up can be in the group's metadata
    snapshot with 0 partitions for a moment; Faust then refuses every table
    write ("has 0 partitions", PartitionsMismatch), and the reports of that
    moment would go to the dead letters. Asking for fresh metadata ends it.
    """
    thread = app.consumer._thread
    deadline = asyncio.get_running_loop().time() + timeout
    while any(app.consumer.topic_partitions(t.changelog_topic_name) == 0 for t in tables):
        if asyncio.get_running_loop().time() > deadline:
            return  # the write fails and says why
        client = thread._ensure_consumer()._client
        await thread.call_thread(_refresh_metadata, client)
        await asyncio.sleep(0.1)


async def _refresh_metadata(client: Any) -> None:
    await client.force_metadata_update()


def event_boundary(app: Any) -> asyncio.Lock:
    lock = getattr(app, "event_boundary", None)
    if not isinstance(lock, asyncio.Lock):
        raise TypeError(f"not the aggregator's app: {type(app).__name__}")
    return lock
