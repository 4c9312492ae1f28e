"""`make bench-aggregate`: meeting records per second through the aggregator.

The same reports go to two fresh topic prefixes; a bare aiokafka consumer
reads one of them end to end (the baseline), then the aggregator folds each
one as a process, once with exactly-once and once with at-least-once. Its
rate is the input records over the span between the first and the last
enriched record it publishes (broker timestamps), so start-up and recovery
are not counted. Figures are ratios to the baseline of the same run; the last
line is one JSON object.

Broker: KAFKA_BOOTSTRAP=host:port, or the repo's own (scripts/kafka.sh) on
free ports in a temporary directory, stopped at the end.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.aggregator.tables import NAMES, ProvinceTables  # noqa: E402
from shared.contracts import ENRICHED, MEETINGS  # noqa: E402
from shared.kafka import ensure_topics  # noqa: E402
from shared.settings import ServiceSettings  # noqa: E402
from tests.records import report_stream  # noqa: E402
from tinhuy.localbroker import free_port, local_broker  # noqa: E402

MEETINGS_COUNT = int(os.environ.get("BENCH_MEETINGS", "3000"))
TIMEOUT_S = 600


async def produce(bootstrap: str, prefixes: list[str], records: list[tuple[str, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, acks="all")
    await producer.start()
    try:
        for prefix in prefixes:
            await ensure_topics(ServiceSettings(kafka_bootstrap=bootstrap, topic_prefix=prefix))
            topic = MEETINGS.full_name(prefix)
            sends = [await producer.send(topic, v, key=k.encode()) for k, v in records]
            await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def bare_consumer(bootstrap: str, prefix: str, count: int) -> float:
    """Records per second a plain aiokafka consumer reads the meetings topic at."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, fetch_max_bytes=50 * 2**20
    )
    await consumer.start()
    try:
        tps = [TopicPartition(MEETINGS.full_name(prefix), p) for p in range(MEETINGS.partitions)]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, 0)
        seen, start = 0, time.perf_counter()
        while seen < count and time.perf_counter() - start < TIMEOUT_S:
            batch = await consumer.getmany(timeout_ms=500, max_records=10_000)
            for msgs in batch.values():
                for m in msgs:
                    orjson.loads(m.value)  # decode, as any consumer would
                seen += sum(len(msgs) for msgs in batch.values())
        return seen / (time.perf_counter() - start)
    finally:
        await consumer.stop()


async def enriched_span(bootstrap: str, prefix: str, count: int) -> float:
    """Seconds between the first and the `count`th enriched record (broker timestamps)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, isolation_level="read_committed"
    )
    await consumer.start()
    try:
        tps = [TopicPartition(ENRICHED.full_name(prefix), p) for p in range(ENRICHED.partitions)]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, 0)
        stamps: list[int] = []
        deadline = time.monotonic() + TIMEOUT_S
        while len(stamps) < count and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            stamps += [m.timestamp for msgs in batch.values() for m in msgs]
        if len(stamps) < count:
            raise RuntimeError(f"only {len(stamps)} of {count} enriched records in time")
        return (max(stamps) - min(stamps)) / 1000
    finally:
        await consumer.stop()


async def aggregator(
    bootstrap: str, prefix: str, guarantee: str, inputs: int, outputs: int
) -> float:
    env = {
        **os.environ,
        "TINHUY_KAFKA_BOOTSTRAP": bootstrap,
        "TINHUY_TOPIC_PREFIX": prefix,
        "TINHUY_AGG_PROCESSING_GUARANTEE": guarantee,
        "TINHUY_AGG_WEB_PORT": str(free_port()),
        "TINHUY_AGG_DATA_DIR": tempfile.mkdtemp(prefix="tinhuy-bench-agg-"),
        "TINHUY_LOG_LEVEL": "WARNING",
    }
    log = Path(tempfile.gettempdir()) / f"tinhuy-bench-aggregator-{guarantee}.log"
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "services.aggregator", env=env, cwd=ROOT, stdout=out, stderr=out
        )
    try:
        span = await enriched_span(bootstrap, prefix, outputs)
    finally:
        proc.terminate()
        await asyncio.wait_for(proc.wait(), timeout=60)
    return (inputs - 1) / span


async def main() -> None:
    stream = report_stream(MEETINGS_COUNT)
    state = ProvinceTables({name: {} for name in NAMES})
    outputs = sum(state.fold(r, "t") is not None for _, r in stream)
    records = [(k, r.to_json()) for k, r in stream]
    run = uuid.uuid4().hex[:8]
    eos, alo = f"b{run}eos.", f"b{run}alo."
    with local_broker() as kafka:
        bootstrap = kafka.bootstrap
        await produce(bootstrap, [eos, alo], records)
        print(f"{len(records)} meeting records ({outputs} enriched) on {bootstrap}", flush=True)
        base = max([await bare_consumer(bootstrap, eos, len(records)) for _ in range(2)])
        print(f"bare aiokafka consumer: {base:,.0f} records/s", flush=True)
        rate_eos = await aggregator(bootstrap, eos, "exactly_once", len(records), outputs)
        print(f"aggregator exactly_once: {rate_eos:,.0f} records/s", flush=True)
        rate_alo = await aggregator(bootstrap, alo, "at_least_once", len(records), outputs)
        print(f"aggregator at_least_once: {rate_alo:,.0f} records/s", flush=True)
    result = {
        "records": len(records),
        "records_per_s_aiokafka": round(base, 1),
        "records_per_s_eos": round(rate_eos, 1),
        "records_per_s_alo": round(rate_alo, 1),
        "ratio_vs_aiokafka_eos": round(rate_eos / base, 4),
        "ratio_vs_aiokafka_alo": round(rate_alo / base, 4),
        "goal_ratio_eos": 0.3,
    }
    print(orjson.dumps(result).decode())


if __name__ == "__main__":
    asyncio.run(main())
