"""The whole pipeline as processes, for the chaos tests and the load bench.

`Stack` runs the three services (`python -m services.<name>`) with one environment and
can SIGKILL and restart each; `Recorder` reads every topic of a run in the background
(read_committed, surviving a broker restart) and keeps what it saw, with arrival times;
`account` turns what was seen into one terminal outcome per URL, or a diff of what is
missing (URL -> last stage seen).
"""

from __future__ import annotations

import asyncio
import base64
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError

from shared.contracts import (
    DEAD_LETTERS,
    ENRICHED,
    FETCH_FAILURES,
    FETCH_RETRIES,
    MEETINGS,
    PAGES,
    URL_REQUESTS,
    Topic,
    UrlRequest,
    url_request_key,
)
from shared.kafka import make_producer, now_iso
from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("fetcher", "parser", "aggregator")
# Fetch outcomes that are not terminal: the fetcher answers a request it has already served
# (a replay after a crash, or an original requested again from a translation's source line)
# with one of these, carrying the hash of the page it published before.
SKIPS = frozenset({"fetched recently", "not modified"})


def pipeline_env(base: dict[str, str], data_dir: Path, web_port: int) -> dict[str, str]:
    """The services' environment for a run against the corpus origin on loopback."""
    return {
        **base,
        "TINHUY_FETCH_ALLOW": "127.0.0.0/8",
        "TINHUY_FETCH_OPS_PORT": "0",
        "TINHUY_FETCH_HOST_DELAY_S": "0",
        "TINHUY_AGG_WEB_PORT": str(web_port),
        "TINHUY_AGG_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
    }


class Stack:
    """The three services as processes; logs append across restarts."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        logs.mkdir(parents=True, exist_ok=True)

    def start(self, name: str) -> None:
        with (self.logs / f"{name}.log").open("ab") as out:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", f"services.{name}"],
                env=self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def start_all(self) -> None:
        for name in SERVICES:
            self.start(name)

    def kill(self, name: str) -> None:
        """SIGKILL: no drain, no commit, no clean-shutdown mark."""
        proc = self.procs[name]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def alive(self) -> dict[str, bool]:
        return {name: proc.poll() is None for name, proc in self.procs.items()}

    def peak_rss_mb(self) -> dict[str, float]:
        """VmHWM of each running service (the kernel's high-water mark of its RSS)."""
        return {name: vm_hwm_mb(proc.pid) for name, proc in self.procs.items()}

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Seen:
    topic: str  # short name: "pages", "enriched", …
    key: str | None
    value: dict[str, Any] | None  # None: not JSON
    headers: dict[str, str]
    at: float  # time.time() when the recorder read it (read_committed: when visible)
    timestamp_ms: int  # the record's timestamp on the broker
    size: int


WATCHED: tuple[Topic[Any], ...] = (
    URL_REQUESTS,
    FETCH_RETRIES,
    PAGES,
    FETCH_FAILURES,
    MEETINGS,
    ENRICHED,
    DEAD_LETTERS,
)


def short(topic: Topic[Any]) -> str:
    return topic.name.removeprefix("tinhuy.").removesuffix(".v1")


@dataclass
class Recorder:
    """Every record of the watched topics under one prefix, as it becomes visible."""

    settings: ServiceSettings
    topics: tuple[Topic[Any], ...] = WATCHED
    seen: dict[str, list[Seen]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    _task: asyncio.Task[None] | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _until_end: bool = False

    async def reread(self, timeout: float = 120.0) -> Recorder:
        """A fresh read of every watched topic from the beginning to its end now: the
        final state, independent of what the live recorder saw during the faults."""
        fresh = Recorder(self.settings, self.topics, _until_end=True)
        await asyncio.wait_for(fresh._run(), timeout)
        return fresh

    async def __aenter__(self) -> Recorder:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        if self._task is not None:
            await asyncio.wait_for(self._task, timeout=30)

    async def _run(self) -> None:
        names = {t.full_name(self.settings.topic_prefix): short(t) for t in self.topics}
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.kafka_bootstrap,
            enable_auto_commit=False,
            isolation_level="read_committed",
            # Never "latest": a broker restart must not make the recorder skip records.
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=self.settings.max_message_bytes,
            fetch_max_bytes=self.settings.max_message_bytes * 2,
        )
        await consumer.start()
        try:
            tps = [
                TopicPartition(t.full_name(self.settings.topic_prefix), p)
                for t in self.topics
                for p in range(t.partitions)
            ]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            ends = await consumer.end_offsets(tps) if self._until_end else {}
            while not self._stop.is_set():
                if self._until_end and all(
                    [await consumer.position(tp) >= end for tp, end in ends.items()]
                ):
                    return
                try:
                    batch = await consumer.getmany(timeout_ms=100, max_records=5000)
                except KafkaError as exc:  # the broker is restarting: keep the positions
                    self.errors[type(exc).__name__] += 1
                    await asyncio.sleep(0.5)
                    continue
                now = time.time()
                for tp, records in batch.items():
                    for r in records:
                        self.seen[names[tp.topic]].append(_seen(names[tp.topic], r, now))
        finally:
            await consumer.stop()

    def __getitem__(self, topic: str) -> list[Seen]:
        return self.seen[topic]


def _seen(topic: str, record: Any, now: float) -> Seen:
    try:
        value = orjson.loads(record.value) if record.value is not None else None
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        value = None
    headers = {k: v.decode("utf-8", "replace") for k, v in (record.headers or [])}
    key = record.key.decode("utf-8", "replace") if record.key is not None else None
    size = len(record.value or b"")
    return Seen(topic, key, value, headers, now, record.timestamp, size)


# --- accounting -------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    kind: str  # "report", "fetch_failure", "dead_letter"
    detail: str  # meeting id, or the reason


@dataclass
class Accounting:
    outcomes: dict[str, set[Outcome]]  # URL -> distinct terminal outcomes
    stage: dict[str, str]  # URL -> the last stage it was seen at
    latest: dict[str, dict[str, Any]]  # meeting id -> latest enriched version (merged ids gone)
    duplicates: dict[str, int]  # URL -> times it is listed among the latest meetings' reports
    skips: Counter[str]

    def missing(self, urls: Iterable[str]) -> dict[str, str]:
        return {u: self.stage.get(u, "not requested") for u in urls if not self.outcomes.get(u)}

    def ambiguous(self, urls: Iterable[str]) -> dict[str, list[Outcome]]:
        """URLs with more than one distinct terminal outcome, or listed in two reports."""
        out = {u: sorted(self.outcomes[u], key=str) for u in urls if len(self.outcomes[u]) > 1}
        out.update({u: [Outcome("report", f"listed {n} times")] for u, n in
                    self.duplicates.items() if n > 1})  # fmt: skip
        return out

    def meetings_per_province(self) -> dict[str, int]:
        counts = Counter(
            (m.get("province") or {}).get("code") or "unknown" for m in self.latest.values()
        )
        return dict(sorted(counts.items()))

    def diff(self, urls: list[str], limit: int = 40) -> str:
        missing = self.missing(urls)
        lines = [f"{len(missing)} of {len(urls)} URLs have no terminal outcome:"]
        lines += [f"  {u} -> last seen: {s}" for u, s in list(missing.items())[:limit]]
        by_stage = Counter(missing.values())
        lines.append(f"  by last stage: {dict(by_stage)}")
        return "\n".join(lines)


STAGES = ("requested", "retry parked", "fetched", "meeting")


def latest_meetings(enriched: list[Seen]) -> dict[str, dict[str, Any]]:
    """The newest version of each meeting; an id another meeting `replaces` is gone."""
    latest: dict[str, dict[str, Any]] = {}
    for s in enriched:
        v = s.value
        if v is None:
            continue
        mid = v["meeting_id"]
        if mid not in latest or v["version"] >= latest[mid]["version"]:
            latest[mid] = v
    replaced = {r for v in latest.values() for r in v.get("replaces") or []}
    return {mid: v for mid, v in latest.items() if mid not in replaced}


def account(rec: Recorder) -> Accounting:
    outcomes: dict[str, set[Outcome]] = defaultdict(set)
    stage: dict[str, str] = {}
    skips: Counter[str] = Counter()
    for s in rec["url-requests"]:
        if s.value and "url" in s.value:
            stage.setdefault(s.value["url"], "requested")
    for s in rec["fetch-retries"]:
        if s.value and "url" in s.value:
            stage[s.value["url"]] = "retry parked"
    for s in rec["pages"]:
        if s.value:
            stage[s.value["url"]] = "fetched"
            stage.setdefault(s.value.get("final_url", ""), "fetched")
    for s in rec["meetings"]:
        url = ((s.value or {}).get("source") or {}).get("url")
        if url:
            stage[url] = "meeting"
    for s in rec["fetch-failures"]:
        v = s.value or {}
        if v.get("reason") in SKIPS:
            skips[v["reason"]] += 1
            continue
        outcomes[v.get("url", s.key or "")].add(Outcome("fetch_failure", v.get("reason", "")))
    for s in rec["dead-letters"]:
        url = _dead_letter_url(s)
        if url:
            outcomes[url].add(Outcome("dead_letter", (s.value or {}).get("reason", "")))
    latest = latest_meetings(rec["enriched"])
    listed: Counter[str] = Counter()
    for mid, v in latest.items():
        for report in v.get("reports") or []:
            if report.get("url"):
                listed[report["url"]] += 1
                outcomes[report["url"]].add(Outcome("report", mid))
    duplicates = {u: n for u, n in listed.items() if n > 1}
    return Accounting(outcomes, stage, latest, duplicates, skips)


def _dead_letter_url(s: Seen) -> str | None:
    """The URL a dead letter is about: the key of a page, or the source of a meeting."""
    v = s.value or {}
    if v.get("source_topic", "").endswith(PAGES.name):
        return s.key
    if v.get("source_topic", "").endswith(MEETINGS.name) and v.get("value_b64"):
        try:
            record = orjson.loads(base64.b64decode(v["value_b64"]))
            return str(record["source"]["url"])
        except (ValueError, KeyError, TypeError):
            return None
    return None


# --- publishing -------------------------------------------------------------


async def publish_paced(
    settings: ServiceSettings,
    urls: list[str],
    rate: float | None,
    sent_at: dict[str, float],
    batch: int = 10,
    deadline_s: float = 300.0,
) -> None:
    """URL requests at `rate` a second (None: as fast as the broker takes them), each
    stamped with `requested_at`; `sent_at[url]` is when it was first handed to a producer.

    A batch the broker refuses or does not acknowledge within BATCH_TIMEOUT_S (it is
    restarting) is sent again by a new producer: after a broker restart aiokafka's
    idempotent producer can retry a batch forever on OutOfOrderSequenceNumber. The fetcher
    answers the copies with `fetched recently`."""
    deadline = time.monotonic() + deadline_s
    started = time.monotonic()
    producer = await _producer(settings)
    try:
        for i in range(0, len(urls), batch):
            chunk = urls[i : i + batch]
            if rate:
                await asyncio.sleep(max(0.0, started + i / rate - time.monotonic()))
            while True:
                try:
                    await asyncio.wait_for(
                        _send_batch(producer, settings, chunk, sent_at), BATCH_TIMEOUT_S
                    )
                    break
                except (KafkaError, TimeoutError):
                    if time.monotonic() > deadline:
                        raise
                    await _close(producer)
                    producer = await _producer(settings)
    finally:
        await _close(producer)


BATCH_TIMEOUT_S = 15.0


async def _producer(settings: ServiceSettings, deadline_s: float = 120.0) -> Any:
    deadline = time.monotonic() + deadline_s
    while True:
        producer = make_producer(settings, request_timeout_ms=10_000)
        try:
            await producer.start()
            return producer
        except KafkaError:  # the broker is still down
            await _close(producer)
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(1.0)


async def _close(producer: Any) -> None:
    try:
        await asyncio.wait_for(producer.stop(), 10)
    except (KafkaError, TimeoutError):
        pass


async def _send_batch(
    producer: Any, settings: ServiceSettings, urls: list[str], sent_at: dict[str, float]
) -> None:
    topic = URL_REQUESTS.full_name(settings.topic_prefix)
    futures = []
    for url in urls:
        now = time.time()
        sent_at.setdefault(url, now)
        request = UrlRequest(url=url, requested_at=now_iso())
        key = url_request_key(url).encode()
        futures.append(await producer.send(topic, request.to_json(), key=key))
    await asyncio.gather(*futures)
