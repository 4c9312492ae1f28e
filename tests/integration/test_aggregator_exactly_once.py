"""Exactly-once across crashes and restarts: the known ways Faust's EOS goes wrong.

- duplicates after SIGKILL (memory store: recovery from the changelog; RocksDB:
  a local copy that may hold writes of an aborted transaction);
- recovery that hangs when a changelog partition ends on a transaction marker;
- recovery that restores nothing: Faust took a changelog's highwater from the
  consumer's last fetch response, absent (so -1) for a partition not fetched
  yet, which under CPU load is every one of them (see services/aggregator/transport.py).
Each compares every province and every enriched record with the truth: the
same reports folded once, in order, by the pure code.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

from services.aggregator.app import create_app
from services.aggregator.settings import AggregatorSettings
from services.aggregator.tables import NAMES
from services.aggregator.transport import Transport, stable_end_offsets
from shared.contracts import ENRICHED, MEETINGS
from tests.integration.test_aggregator_service import (
    api_rows,
    enriched_ids,
    eventually,
    local_details,
    rows,
    send_all,
    truth,
    worker,
)
from tests.kafka_io import Broker
from tests.records import report_stream


async def assert_matches_truth(w, broker, records) -> None:  # type: ignore[no-untyped-def]
    state, enriched = truth(records)
    await eventually(lambda: api_rows(w), lambda r: r == rows(state), 120, "province counts")
    for code in state.provinces:
        status, body = await w.get(f"/provinces/{code}")
        expected = local_details(state, code)
        assert status == 200
        assert {k: body[k] for k in expected} == expected
    assert await enriched_ids(broker, len(enriched)) == enriched


@pytest.mark.parametrize("store", ["memory://", "rocksdb://"])
async def test_sigkill_mid_stream_and_restart_count_every_report_exactly_once(
    broker: Broker, service_env: dict[str, str], tmp_path: Path, store: str
) -> None:
    records = report_stream(150)
    half = len(records) // 2
    async with TransactionProbe(broker) as probe:
        with worker(service_env, tmp_path, "agg", TINHUY_AGG_STORE=store) as w:
            await send_all(broker, records[:half])
            await broker.read(ENRICHED, 20, timeout=60)  # it is folding and committing
            # SIGKILL while a transaction holds uncommitted changelog writes: no commit,
            # no shutdown, the transaction left open for the next worker to abort.
            sent, killed = half, False
            while not killed and sent < len(records):
                killed = await signal_inside_a_transaction(w.proc.pid, probe, signal.SIGKILL, 5)
                if not killed:
                    await send_all(broker, records[sent : sent + 1])
                    sent += 1
            assert killed, "no transaction seen open"
            w.proc.wait()
    await send_all(broker, records[sent:])  # the rest of the stream comes while it is down
    with worker(service_env, tmp_path, "agg", TINHUY_AGG_STORE=store) as w:
        await assert_matches_truth(w, broker, records)


async def test_sigterm_mid_transaction_commits_and_restart_recovers_changelogs_ending_on_markers(
    broker: Broker, service_env: dict[str, str], tmp_path: Path
) -> None:
    records = report_stream(40)
    settings = app_settings(broker)
    async with TransactionProbe(broker) as probe:
        with worker(service_env, tmp_path, "agg") as w:
            await send_all(broker, records[:30])
            await eventually(
                lambda: api_rows(w), lambda r: r == rows(truth(records[:30])[0]), 90, "folded"
            )
            lag = lambda: committed_lag(broker, settings.app_id)  # noqa: E731
            await eventually(lag, lambda n: n == 0, 60, "input offsets committed")
            # One report at a time until a SIGTERM finds its changelog writes uncommitted.
            sent, stopped_inside = 30, False
            while not stopped_inside and sent < len(records):
                await send_all(broker, records[sent : sent + 1])
                sent += 1
                stopped_inside = await signal_inside_a_transaction(
                    w.proc.pid, probe, signal.SIGTERM, 5
                )
            assert stopped_inside, "no transaction seen open"
            assert w.proc.wait(timeout=60) == 0
        records = records[:sent]
        # The SIGTERM'd worker ended every transaction it had begun: none is left open.
        assert await probe.open_transactions() == []
    # At most the report being folded at the SIGTERM is left to fold again; all the
    # rest of the new worker's state can only come from the changelogs.
    assert await committed_lag(broker, settings.app_id) <= 1
    changelog = f"{settings.app_id}-provinces-changelog"
    ends = await last_records_and_ends(settings.kafka_bootstrap, changelog)
    # Changelogs end on a commit marker: the offset after their last record.
    assert ends and all(end == last + 2 for last, end in ends.values())
    with worker(service_env, tmp_path, "agg") as w:
        # So all this state is what it recovered from the changelogs.
        await assert_matches_truth(w, broker, records)


async def test_changelog_highwaters_are_the_brokers_last_stable_offsets_before_any_fetch(
    broker: Broker,
) -> None:
    """The root cause of a restart that recovered nothing, without a race.

    A worker reads the changelog highwaters right after its assignment. Faust's
    exactly-once path answers from the last fetch response, so for a partition
    not fetched yet it has no offset (recovery then restores nothing); ours asks
    the broker, which answers the last stable offset: the committed records and
    not the ones of a transaction still open.
    """
    bootstrap = broker.settings.kafka_bootstrap
    tp = TopicPartition(broker.name(MEETINGS), 0)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, transactional_id=f"{tp.topic}-tx")
    await producer.start()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_committed"
    )
    await consumer.start()
    try:
        async with producer.transaction():
            for n in range(3):
                await producer.send_and_wait(tp.topic, b"committed %d" % n, partition=0)
        await producer.begin_transaction()
        for n in range(2):
            await producer.send_and_wait(tp.topic, b"open %d" % n, partition=0)
        consumer.assign([tp])
        faust_view = SimpleNamespace(
            _ensure_consumer=lambda: consumer, consumer=SimpleNamespace(in_transaction=True)
        )
        assert await AIOKafkaConsumerThread._highwaters(faust_view, [tp]) == {tp: None}  # type: ignore[arg-type]
        # 3 records and their commit marker; the open transaction starts at 4.
        assert await stable_end_offsets(consumer, [tp]) == {tp: 4}
        await producer.abort_transaction()
    finally:
        await consumer.stop()
        await producer.stop()
    app = create_app(app_settings(broker))
    assert isinstance(app.transport, Transport)  # the aggregator's workers use stable_end_offsets


def app_settings(broker: Broker) -> AggregatorSettings:
    return AggregatorSettings(
        kafka_bootstrap=broker.settings.kafka_bootstrap, topic_prefix=broker.settings.topic_prefix
    )


class TransactionProbe:
    """The aggregator's open transactions: partitions whose last stable offset lags the end."""

    def __init__(self, broker: Broker) -> None:
        app_id = app_settings(broker).app_id
        topics = [broker.name(ENRICHED), *(f"{app_id}-{name}-changelog" for name in NAMES)]
        self.tps = [TopicPartition(t, p) for t in topics for p in range(MEETINGS.partitions)]
        self.consumers = {
            isolation: AIOKafkaConsumer(
                bootstrap_servers=broker.settings.kafka_bootstrap, isolation_level=isolation
            )
            for isolation in ("read_committed", "read_uncommitted")
        }

    async def __aenter__(self) -> TransactionProbe:
        for consumer in self.consumers.values():
            await consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        for consumer in self.consumers.values():
            await consumer.stop()

    async def open_transactions(self) -> list[TopicPartition]:
        stable = await self.consumers["read_committed"].end_offsets(self.tps)
        end = await self.consumers["read_uncommitted"].end_offsets(self.tps)
        return sorted(tp for tp in self.tps if stable[tp] < end[tp])


async def signal_inside_a_transaction(
    pid: int, probe: TransactionProbe, sig: signal.Signals, timeout: float
) -> bool:
    """Freeze the worker until one of its transactions is seen open, then send it `sig`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        os.kill(pid, signal.SIGSTOP)
        found = await probe.open_transactions()
        if found:
            os.kill(pid, sig)
        os.kill(pid, signal.SIGCONT)
        if found:
            return True
        await asyncio.sleep(0.1)
    return False


async def committed_lag(broker: Broker, group: str) -> int:
    """Input records not yet covered by the group's committed offsets."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=broker.settings.kafka_bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tps = [TopicPartition(broker.name(MEETINGS), p) for p in range(MEETINGS.partitions)]
        ends = await consumer.end_offsets(tps)
        committed = {tp: await consumer.committed(tp) or 0 for tp in tps}
        return sum(ends[tp] - committed[tp] for tp in tps)
    finally:
        await consumer.stop()


async def last_records_and_ends(bootstrap: str, topic: str) -> dict[int, tuple[int, int]]:
    """partition → (offset of its last committed record, end offset), for non-empty ones."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_committed"
    )
    await consumer.start()
    try:
        tps = [TopicPartition(topic, p) for p in range(MEETINGS.partitions)]
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        last: dict[int, int] = {}
        for tp, start in (await consumer.beginning_offsets(tps)).items():
            consumer.seek(tp, start)  # explicit: seek_to_beginning after end_offsets kept the end
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            positions = [await consumer.position(tp) for tp in tps]
            if all(pos >= ends[tp] for pos, tp in zip(positions, tps, strict=True)):
                break
            batch = await consumer.getmany(timeout_ms=500)
            for tp, msgs in batch.items():
                last[tp.partition] = msgs[-1].offset
        return {p: (offset, ends[TopicPartition(topic, p)]) for p, offset in last.items()}
    finally:
        await consumer.stop()
