"""Exactly-once across crashes and restarts: the known ways Faust's EOS goes wrong.

- duplicates after SIGKILL (memory store: recovery from the changelog; RocksDB:
  a local copy that may hold writes of an aborted transaction);
- recovery that hangs when a changelog partition ends on a transaction marker.
Each compares every province and every enriched record with the truth: the
same reports folded once, in order, by the pure code.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.aggregator.settings import AggregatorSettings
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
    with worker(service_env, tmp_path, "agg", TINHUY_AGG_STORE=store) as w:
        await send_all(broker, records[:half])
        await broker.read(ENRICHED, 20, timeout=60)  # it is folding and committing
        sending = asyncio.create_task(send_all(broker, records[half:]))
        await broker.read(ENRICHED, half, timeout=60)
        w.proc.kill()  # SIGKILL: no commit, no shutdown, transactions left open
        w.proc.wait()
        await sending
    with worker(service_env, tmp_path, "agg", TINHUY_AGG_STORE=store) as w:
        await assert_matches_truth(w, broker, records)


async def test_restart_recovers_tables_whose_changelogs_end_on_a_transaction_marker(
    broker: Broker, service_env: dict[str, str], tmp_path: Path
) -> None:
    records = report_stream(40)
    with worker(service_env, tmp_path, "agg") as w:
        await send_all(broker, records)
        await eventually(lambda: api_rows(w), lambda r: r == rows(truth(records)[0]), 90, "folded")
    settings = AggregatorSettings(
        kafka_bootstrap=broker.settings.kafka_bootstrap, topic_prefix=broker.settings.topic_prefix
    )
    changelog = f"{settings.app_id}-provinces-changelog"
    ends = await last_records_and_ends(broker.settings.kafka_bootstrap, changelog)
    # A transaction's commit marker takes the offset after its last record.
    assert ends and all(end == last + 2 for last, end in ends.values())
    with worker(service_env, tmp_path, "agg") as w:
        await assert_matches_truth(w, broker, records)


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
