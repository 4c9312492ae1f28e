"""`make bench`: the whole pipeline under load, pages served by the local corpus origin.

One broker, the corpus origin (`python -m tinhuy.corpus serve`, 20 loopback addresses) and
the three services as processes (`tests/pipeline.py`), one topic prefix. Phases, each on
its own meetings of one seeded corpus (an original with its translations stays in one
phase, so a phase never finds its pages already fetched):

1. throughput: every URL of the phase published at once; URLs/s from the first publish
   to the last URL's outcome (its report in an enriched record, or its failure);
2. latency: URLs at a fixed rate (50/s); for each URL, from its publish to the arrival
   (read_committed, as a downstream consumer sees it) of the first enriched record that
   lists it; p50/p99;
3. with `--faults`: the fixed rate again while the fetcher, the parser and the aggregator
   are SIGKILLed and restarted in turn and the broker is stopped and started (own broker
   only); latency and completions per second in the 10 s after each fault.

Baselines, each its own process (`bench/load_bare.py`): a bare httpx GET of the same
URLs, the parser's `parse` on the same bytes, a bare aiokafka consume -> produce
(acks=all) pass-through of page-sized records. Peak memory is each process's VmHWM.
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared.kafka import ensure_topics  # noqa: E402
from shared.settings import ServiceSettings  # noqa: E402
from tests.pipeline import (  # noqa: E402
    SKIPS,
    Recorder,
    Stack,
    _dead_letter_url,
    pipeline_env,
    publish_paced,
)
from tinhuy.corpus import Corpus, Origin, generate  # noqa: E402
from tinhuy.corpus.origin import assign  # noqa: E402
from tinhuy.localbroker import free_port, local_broker  # noqa: E402

HOSTS = 20
SEED = 3
DEADLINE_S = 600.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@contextmanager
def broker() -> Iterator[tuple[str, dict[str, str] | None]]:
    """KAFKA_BOOTSTRAP, or the repo's own broker on free ports (its env, to restart it)."""
    with local_broker() as kafka_broker:
        yield kafka_broker.bootstrap, None if kafka_broker.external else kafka_broker.env


def kafka(env: dict[str, str], command: str) -> None:
    subprocess.run(["bash", str(ROOT / "scripts/kafka.sh"), command], env=env, check=True,
                   stderr=subprocess.DEVNULL)  # fmt: skip


@contextmanager
def corpus_origin(meetings: int) -> Iterator[tuple[Corpus, Origin]]:
    """The corpus served by its own process; the same seed gives the same corpus here."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tinhuy.corpus",
            "serve",
            "--seed",
            str(SEED),
            "--meetings",
            str(meetings),
            "--hosts",
            str(HOSTS),
            "--port",
            "0",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        info = orjson.loads(proc.stdout.readline())
        corpus = generate(SEED, meetings)
        yield corpus, Origin(corpus, info["port"], assign(corpus, HOSTS), names=False)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def phases(corpus: Corpus, origin: Origin, sizes: list[int]) -> list[list[str]]:
    """Served URLs in submission order, cut by whole meetings into phases of ~`sizes`."""
    out: list[list[str]] = []
    meetings = iter(corpus.truth.meetings.values())
    for size in sizes:
        wanted: set[str] = set()
        while len(wanted) < size:
            wanted.update(next(meetings).urls)
        out.append([origin.url_for(u) for u in corpus.urls if u in wanted])
    return out


def bare(mode: str, *args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-m", "bench.load_bare", mode, *args], cwd=ROOT,
                          capture_output=True, check=True, text=True)  # fmt: skip
    return orjson.loads(done.stdout.splitlines()[-1])


def completions(rec: Recorder) -> dict[str, float]:
    """URL -> when its outcome became visible: the first enriched record listing it, or
    its failure (the fetcher's "fetched recently" skips are not outcomes)."""
    done: dict[str, float] = {}
    for s in rec["enriched"]:
        for report in (s.value or {}).get("reports") or []:
            if report.get("url"):
                done.setdefault(report["url"], s.at)
    for s in rec["fetch-failures"]:
        if s.value and s.value.get("reason") not in SKIPS:
            done.setdefault(s.value["url"], s.at)
    for s in rec["dead-letters"]:
        url = _dead_letter_url(s)
        if url:
            done.setdefault(url, s.at)
    return done


async def until_done(rec: Recorder, urls: list[str], timeout: float = DEADLINE_S) -> None:
    deadline = time.monotonic() + timeout
    while True:
        done = completions(rec)
        left = [u for u in urls if u not in done]
        if not left:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(left)} URLs without an outcome, e.g. {left[:3]}")
        await asyncio.sleep(0.5)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def latency_stats(
    urls: list[str], sent: dict[str, float], done: dict[str, float]
) -> dict[str, Any]:
    """Publish -> first enriched record listing the URL. An original published after one
    of its translations may be done before it is published (the parser requested it from
    the translation's source line): it is counted in `early`, not in the percentiles."""
    pairs = [(done[u] - sent[u]) * 1000 for u in urls if u in done and u in sent]
    lat = [ms for ms in pairs if ms >= 0]
    return {
        "n": len(lat),
        "early": len(pairs) - len(lat),
        "p50_ms": round(percentile(lat, 0.50), 1),
        "p99_ms": round(percentile(lat, 0.99), 1),
        "max_ms": round(max(lat), 1) if lat else None,
    }


async def throughput(rec: Recorder, settings: ServiceSettings, urls: list[str]) -> dict[str, Any]:
    sent: dict[str, float] = {}
    await publish_paced(settings, urls, None, sent, batch=200)
    await until_done(rec, urls)
    done = completions(rec)
    ends = sorted(done[u] for u in urls)
    start = min(sent[u] for u in urls)
    middle = ends[int(0.9 * len(ends))] - ends[int(0.1 * len(ends))]
    return {
        "urls": len(urls),
        "urls_per_s": round(len(urls) / (ends[-1] - start), 1),
        "urls_per_s_10_90": round(0.8 * len(urls) / middle, 1) if middle > 0 else None,
        "publish_s": round(max(sent.values()) - start, 2),
    }


async def fixed_rate(
    rec: Recorder, settings: ServiceSettings, urls: list[str], rate: float
) -> dict[str, Any]:
    sent: dict[str, float] = {}
    await publish_paced(settings, urls, rate, sent, batch=1)
    await until_done(rec, urls)
    return latency_stats(urls, sent, completions(rec))


async def with_faults(
    rec: Recorder,
    settings: ServiceSettings,
    stack: Stack,
    broker_env: dict[str, str] | None,
    urls: list[str],
    rate: float,
    every: float,
) -> list[dict[str, Any]]:
    """The fixed rate while each fault happens in turn, `every` seconds apart."""
    sent: dict[str, float] = {}
    publisher = asyncio.create_task(publish_paced(settings, urls, rate, sent, batch=1))
    began = time.time()
    marks: list[tuple[str, float]] = [("none (before the first fault)", began)]
    faults = ["SIGKILL fetcher", "SIGKILL parser", "SIGKILL aggregator"]
    if broker_env is not None:
        faults.append("broker stop 3 s + start")
    for n, fault in enumerate(faults, start=1):
        await asyncio.sleep(max(0.0, began + n * every - time.time()))
        marks.append((fault, time.time()))
        if fault.startswith("SIGKILL"):
            name = fault.split()[1]
            stack.kill(name)
            await asyncio.sleep(1.0)
            stack.start(name)
        elif broker_env is not None:
            await asyncio.to_thread(kafka, broker_env, "stop")
            await asyncio.sleep(3.0)
            await asyncio.to_thread(kafka, broker_env, "start")
    await asyncio.wait_for(publisher, timeout=DEADLINE_S)
    await until_done(rec, urls)
    done = completions(rec)
    rows = []
    for name, at in marks:
        window = [u for u in urls if at <= sent[u] < at + every]
        finished = [t for u, t in done.items() if u in sent and at <= t < at + every]
        rows.append({"fault": name, **latency_stats(window, sent, done),
                     "completed_per_s": round(len(finished) / every, 1)})  # fmt: skip
    return rows


async def run(args: argparse.Namespace, bootstrap: str, broker_env: dict[str, str] | None) -> None:
    sizes = [20, args.urls, int(args.rate * args.latency_s)]
    if args.faults:
        sizes.append(int(args.rate * args.fault_every * 5))
    meetings = int(sum(sizes) / 2.0) + 200  # ~2.1 URLs a meeting
    work = Path(tempfile.mkdtemp(prefix="tinhuy-load-"))
    with corpus_origin(meetings) as (corpus, origin):
        warm, *parts = phases(corpus, origin, sizes)
        (work / "urls.txt").write_text("\n".join(parts[0]))
        log(f"corpus: {meetings} meetings; phases of {[len(p) for p in parts]} URLs")
        base = {
            "httpx": bare("httpx", str(work / "urls.txt")),
            "parse": bare("parse", str(work / "urls.txt")),
            "kafka": bare("kafka", bootstrap, f"b{uuid.uuid4().hex[:8]}.", str(len(parts[0]))),
        }
        log(f"bare components: {base}")
        prefix = f"load{uuid.uuid4().hex[:8]}."
        settings = ServiceSettings(kafka_bootstrap=bootstrap, topic_prefix=prefix)
        await ensure_topics(settings)
        env = {
            **pipeline_env(dict(os.environ), work / "agg", free_port()),
            "TINHUY_KAFKA_BOOTSTRAP": bootstrap,
            "TINHUY_TOPIC_PREFIX": prefix,
            "TINHUY_LOG_LEVEL": "WARNING",
            "TINHUY_FETCH_HOST_CONCURRENCY": str(args.host_concurrency),
            "TINHUY_AGG_SESSION_TIMEOUT_S": "8",
        }
        if args.commit_interval is not None:  # Faust's own variable (not a TINHUY_ one)
            env["BROKER_COMMIT_INTERVAL"] = str(args.commit_interval)
        stack = Stack(env, work / "logs")
        stack.start_all()
        try:
            async with Recorder(settings) as rec:
                await publish_paced(settings, warm, None, {})
                await until_done(rec, warm, timeout=120)
                log("warm: every service answers")
                tput = await throughput(rec, settings, parts[0])
                log(f"throughput: {tput}")
                lat = await fixed_rate(rec, settings, parts[1], args.rate)
                log(f"latency at {args.rate:.0f}/s: {lat}")
                rss = {k: round(v, 1) for k, v in stack.peak_rss_mb().items()}
                rows = []
                if args.faults:
                    rows = await with_faults(rec, settings, stack, broker_env, parts[2],
                                             args.rate, args.fault_every)  # fmt: skip
            alive = stack.alive()
        finally:
            stack.stop()
    report(args, base, tput, lat, rss, rows, alive)


def report(args: argparse.Namespace, base: dict[str, dict[str, float]], tput: dict[str, Any],
           lat: dict[str, Any], rss: dict[str, float], rows: list[dict[str, Any]],
           alive: dict[str, bool]) -> None:  # fmt: skip
    rate = tput["urls_per_s"]
    print(f"throughput: {rate} URLs/s ({tput['urls']} URLs; 10-90 %: {tput['urls_per_s_10_90']})")
    for name, b in base.items():
        print(f"  bare {name}: {b['rate']}/s  pipeline/bare = {rate / b['rate']:.2f}")
    print(f"latency at {args.rate:.0f} URLs/s: p50 {lat['p50_ms']} ms, p99 {lat['p99_ms']} ms, "
          f"max {lat['max_ms']} ms ({lat['n']} URLs; {lat['early']} reached earlier "
          "through a translation's source line)")  # fmt: skip
    bare_rss = max(b["peak_rss_mb"] for b in base.values())
    for name, mb in rss.items():
        print(f"  peak RSS {name}: {mb} MB ({mb / bare_rss:.2f} x the largest bare component)")
    if rows:
        print(f"faults at {args.rate:.0f} URLs/s (windows of {args.fault_every:.0f} s):")
        print("  fault | URLs | p50 ms | p99 ms | max ms | completed/s")
        for r in rows:
            print(f"  {r['fault']} | {r['n']} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} "
                  f"| {r['completed_per_s']}")  # fmt: skip
        print(f"  services alive at the end: {alive}")
    summary = {
        "urls_per_s": rate,
        "p50_ms": lat["p50_ms"],
        "p99_ms": lat["p99_ms"],
        "peak_rss_mb": max(rss.values()),
        "peak_rss_mb_by_service": rss,
        "ratio_vs_httpx": round(rate / base["httpx"]["rate"], 3),
        "ratio_vs_parse": round(rate / base["parse"]["rate"], 3),
        "ratio_vs_aiokafka": round(rate / base["kafka"]["rate"], 3),
        "bare_per_s": {k: v["rate"] for k, v in base.items()},
        "bare_peak_rss_mb": {k: v["peak_rss_mb"] for k, v in base.items()},
        "fixed_rate": args.rate,
        "commit_interval_s": args.commit_interval,
        "faults": rows,
    }
    print(orjson.dumps(summary).decode())


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--urls", type=int, default=3000, help="URLs in the throughput phase")
    parser.add_argument("--rate", type=float, default=50.0, help="the fixed rate, URLs/s")
    parser.add_argument("--latency-s", type=float, default=30.0, help="fixed-rate phase length")
    parser.add_argument("--faults", action="store_true", help="add the fault phase")
    parser.add_argument("--fault-every", type=float, default=15.0, help="seconds between faults")
    parser.add_argument(
        "--host-concurrency",
        type=int,
        default=4,
        help="TINHUY_FETCH_HOST_CONCURRENCY (requests per loopback host)",
    )
    parser.add_argument(
        "--commit-interval",
        type=float,
        default=None,
        help="BROKER_COMMIT_INTERVAL for the aggregator (Faust's default: 2.8)",
    )
    args = parser.parse_args()
    with broker() as (bootstrap, env):
        asyncio.run(run(args, bootstrap, env))


if __name__ == "__main__":
    main()
