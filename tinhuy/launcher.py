"""`tinhuy run`: the whole pipeline on this machine, offline, on the seeds.

It starts the repo's own Apache Kafka (scripts/kafka.sh) and the three services
as processes with the same TINHUY_* variables docker-compose.yml sets, seeds
the articles, waits until every consumer group has caught up, then writes the
enriched records and prints a per-province summary.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from shared.contracts import (
    ARTICLES,
    ENRICHED,
    FETCH_RETRIES,
    MEETINGS,
    PAGES,
    URL_REQUESTS,
    Topic,
)
from shared.kafka import ensure_topics
from shared.settings import ServiceSettings
from tinhuy import client, summary

ROOT = Path(__file__).resolve().parent.parent
KAFKA_SCRIPT = ROOT / "scripts" / "kafka.sh"
SERVICES = ("fetcher", "parser", "aggregator")
# Which topics each consumer group reads: idle means no lag on any. The fetcher
# runs two groups, its retries read apart from fresh requests.
GROUP_INPUTS: dict[str, tuple[Topic, ...]] = {
    "fetcher": (URL_REQUESTS,),
    "fetcher-retry": (FETCH_RETRIES,),
    "parser": (PAGES, ARTICLES),
    "aggregator": (MEETINGS,),
}
PID_FILE = ROOT / ".cache" / "run" / "services.pids"
RUN_ENV = {
    "TINHUY_FETCH_MODE": "replay",
    "TINHUY_FETCH_REPLAY_WARC": str(ROOT / "seeds" / "pages.warc.gz"),
    "TINHUY_AGG_DATA_DIR": str(ROOT / ".cache" / "run" / "aggregator"),
}


def log(message: str) -> None:
    print(f"tinhuy run: {message}", file=sys.stderr, flush=True)


def service_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **{k: v for k, v in RUN_ENV.items() if k not in os.environ}}
    env.setdefault("TINHUY_KAFKA_DATA", str(ROOT / ".cache" / "run" / "kafka"))
    return {**env, **(extra or {})}


def kafka(command: str, env: dict[str, str]) -> None:
    subprocess.run(["bash", str(KAFKA_SCRIPT), command], env=env, check=True)


@contextmanager
def services(env: dict[str, str], logs: Path, keep: bool) -> Iterator[list[subprocess.Popen]]:
    logs.mkdir(parents=True, exist_ok=True)
    procs = []
    for name in SERVICES:
        with (logs / f"{name}.log").open("ab") as out:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", f"services.{name}"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=ROOT,
                )
            )
    PID_FILE.parent.mkdir(parents=True, exist_ok=True)
    PID_FILE.write_text("".join(f"{p.pid}\n" for p in procs))
    log("started " + ", ".join(f"{n} (pid {p.pid})" for n, p in zip(SERVICES, procs, strict=True)))
    try:
        yield procs
    finally:
        if not keep:
            stop_processes(procs)
            PID_FILE.unlink(missing_ok=True)


def stop_processes(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


async def total_lag(settings: ServiceSettings) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_bootstrap)
    await admin.start()
    await consumer.start()
    try:
        lag = 0
        for group, topics in GROUP_INPUTS.items():
            committed = await admin.list_consumer_group_offsets(settings.group_id(group))
            tps = [
                TopicPartition(t.full_name(settings.topic_prefix), p)
                for t in topics
                for p in range(t.partitions)
            ]
            ends = await consumer.end_offsets(tps)
            lag += sum(
                end - (committed[tp].offset if tp in committed else 0) for tp, end in ends.items()
            )
        return lag
    finally:
        await consumer.stop()
        await admin.close()


async def wait_idle(
    settings: ServiceSettings, procs: list[subprocess.Popen], limit_s: float
) -> None:
    """Until no group has lag for three checks in a row; a dead service is an error."""
    deadline, quiet = time.monotonic() + limit_s, 0
    while quiet < 3:
        if dead := [n for n, p in zip(SERVICES, procs, strict=True) if p.poll() is not None]:
            raise RuntimeError(f"service exited early: {', '.join(dead)} (see out/logs/)")
        if time.monotonic() > deadline:
            raise TimeoutError(f"pipeline not idle after {limit_s:.0f}s (see out/logs/)")
        try:
            lag = await total_lag(settings)
        except KafkaError as exc:  # e.g. the offsets topic is still being created
            log(f"lag not known yet ({type(exc).__name__}); waiting")
            lag = None
        quiet = quiet + 1 if lag == 0 else 0
        await asyncio.sleep(1.5)


async def collect(settings: ServiceSettings) -> list[dict]:
    return [v async for _, v in client.read_topic(settings, ENRICHED) if isinstance(v, dict)]


def write_jsonl(records: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


def run_pipeline(seeds: Path, out: Path, keep: bool, timeout: float = 300.0) -> int:
    env = service_env()
    settings = ServiceSettings(
        **{"kafka_bootstrap": env.get("TINHUY_KAFKA_BOOTSTRAP", "127.0.0.1:9092")}
    )
    env.setdefault("TINHUY_KAFKA_PORT", settings.kafka_bootstrap.rsplit(":", 1)[1])
    kafka("stop", env)  # a stack a previous `run --keep` left behind
    kafka("clean", env)  # each run starts from empty topics: the output is this run's
    kafka("start", env)
    try:
        asyncio.run(ensure_topics(settings))
        with services(env, out.parent / "logs", keep) as procs:
            outputs = client.seed_articles(seeds)
            asyncio.run(client.publish(settings, outputs))
            log(f"seeded {len(outputs)} messages from {seeds}; waiting for the pipeline")
            asyncio.run(wait_idle(settings, procs, timeout))
            records = asyncio.run(collect(settings))
            write_jsonl(records, out)
            print(summary.table(records))
            log(f"wrote {len(records)} enriched records to {out}")
            if keep:
                port = env.get("TINHUY_AGG_WEB_PORT", "6066")
                log(
                    f"stack left running; dashboard at http://127.0.0.1:{port}/dashboard/, "
                    f"API at http://127.0.0.1:{port}/provinces (stop it with `make stop`)"
                )
    finally:
        if not keep:
            kafka("stop", env)
    return 0


def stop_stack() -> int:
    """Stop what `run --keep` left running: the services, then the broker."""
    pids = PID_FILE.read_text().split() if PID_FILE.exists() else []
    for pid in map(int, pids):
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        for _ in range(60):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.5)
    PID_FILE.unlink(missing_ok=True)
    kafka("stop", service_env())
    log(f"stopped {len(pids)} services and the broker")
    return 0
