"""Fetcher bench: throughput against a bare httpx loop, memory at 1,000 in flight, politeness.

Not a test. Starts the repo's Kafka broker (or uses KAFKA_BOOTSTRAP) and an
origin process serving ~100 KB pages on 127.0.0.2..127.0.0.20, then:

1. baseline: a bare `httpx.AsyncClient` loop fetches N URLs with C workers (in a
   child process, so that its memory is not counted as the fetcher's);
2. fetcher: the real service (Kafka in, Kafka out, SSRF guard, state, outputs
   acknowledged before commit), politeness off, fetches N other URLs of the same
   shape; its rate is counted from its first to its last committed request;
3. memory: 1,000 requests held open by the origin, fetcher concurrency 1,000; the
   process's resident memory when 1,000 are in flight (and the phase's peak);
4. politeness on: per-host delay D, one request per host at a time; the share of
   consecutive same-host arrivals at the origin at least D apart.

The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import orjson

from services.fetcher.app import FetcherService
from services.fetcher.fetch import Fetcher
from services.fetcher.metrics import Metrics
from services.fetcher.settings import FetcherSettings
from shared.contracts import URL_REQUESTS, UrlRequest, url_request_key
from shared.kafka import ensure_topics, make_producer
from shared.settings import ServiceSettings
from tinhuy.localbroker import local_broker

ROOT = Path(__file__).resolve().parent.parent
HOSTS = [f"127.0.0.{n}" for n in range(2, 21)]


def log(msg: str) -> None:
    print(f"bench-fetch: {msg}", file=sys.stderr, flush=True)


@contextmanager
def origin(hits: Path) -> Iterator[dict[str, int]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.fetch_origin", str(hits), ",".join(HOSTS)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        yield orjson.loads(proc.stdout.readline())
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def urls(sites: dict[str, int], tag: str, count: int, path: str) -> list[str]:
    hosts = list(sites.items())
    return [
        f"http://{h}:{p}{path.format(n=n)}{'&' if '?' in path else '?'}run={tag}"
        for n in range(count)
        for h, p in [hosts[n % len(hosts)]]
    ]


async def bare_httpx(targets: list[str], concurrency: int) -> float:
    """Pages a second for a plain httpx loop: the ceiling the fetcher is held against."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in targets:
        queue.put_nowait(url)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                response = await client.get(queue.get_nowait())
                response.raise_for_status()
                _ = response.text

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return len(targets) / (time.perf_counter() - started)


def _baseline_run(warm: list[str], targets: list[str], concurrency: int) -> float:
    async def both() -> float:
        await bare_httpx(warm, concurrency)
        return await bare_httpx(targets, concurrency)

    return asyncio.run(both())


async def baseline(warm: list[str], targets: list[str], concurrency: int) -> float:
    """`bare_httpx` after a warm-up, in a child process of its own: the bare loop
    leaves ~250 MB resident behind, which must not count as the fetcher's memory."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        job = pool.submit(_baseline_run, warm, targets, concurrency)
        return await asyncio.wrap_future(job)


async def fetch_path(settings: FetcherSettings, targets: list[str], concurrency: int) -> float:
    """Pages a second for the fetcher's HTTP path alone (guard, limits, decoding), no Kafka."""
    fetcher = Fetcher(settings, Metrics())
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in targets:
        queue.put_nowait(url)

    async def worker() -> None:
        while not queue.empty():
            await fetcher.fetch(queue.get_nowait())

    started = time.perf_counter()
    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await fetcher.close()
    return len(targets) / (time.perf_counter() - started)


async def publish(settings: ServiceSettings, targets: list[str]) -> None:
    producer = make_producer(settings, linger_ms=20)
    await producer.start()
    try:
        sends = [
            await producer.send(
                URL_REQUESTS.full_name(settings.topic_prefix),
                UrlRequest(url=url).to_json(),
                key=url_request_key(url).encode(),
            )
            for url in targets
        ]
        await asyncio.gather(*sends)
    finally:
        await producer.stop()


async def run_fetcher(
    settings: FetcherSettings, targets: list[str], on_tick: Any = None, timeout: float = 600
) -> float:
    """Pages a second for the fetcher service, first to last committed request."""
    await ensure_topics(settings)
    await publish(settings, targets)
    stop = asyncio.Event()
    service = FetcherService(settings, stop)
    task = asyncio.create_task(service.run())
    first: tuple[float, int] | None = None
    deadline = time.monotonic() + timeout
    try:
        while (done := service.loops[0].processed) < len(targets):
            if task.done() or time.monotonic() > deadline:
                raise RuntimeError(f"fetcher stopped at {done}/{len(targets)}")
            if first is None and done:
                first = (time.perf_counter(), done)
            if on_tick is not None:
                on_tick(service)
            await asyncio.sleep(0.02)
        if first is None:  # everything landed in one batch: no rate to speak of
            return float("nan")
        return (len(targets) - first[1]) / (time.perf_counter() - first[0])
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)


def fetcher_settings(bootstrap: str, prefix: str, **extra: Any) -> FetcherSettings:
    base: dict[str, Any] = {
        "kafka_bootstrap": bootstrap,
        "topic_prefix": prefix,
        "fetch_allow": "127.0.0.0/8",
        "fetch_ops_port": -1,
        "fetch_robots": False,
        "fetch_host_delay_s": 0.0,
        "fetch_max_body_bytes": 1_000_000,
        "log_level": "WARNING",
    }
    base.update(extra)
    return FetcherSettings(**base)


def spacing_share(hits: list[tuple[str, str, float]], tag: str, delay: float) -> float:
    by_host: dict[str, list[float]] = defaultdict(list)
    for host, path, at in hits:
        if f"run={tag}" in path or path == "/robots.txt":
            by_host[host].append(at)
    gaps = [b - a for times in by_host.values() for a, b in pairwise(sorted(times))]
    return sum(g >= delay for g in gaps) / len(gaps) if gaps else float("nan")


async def bench(args: argparse.Namespace, bootstrap: str, sites: dict[str, int]) -> dict[str, Any]:
    run = f"b{int(time.time())}"
    page = f"/page/{{n}}?size={args.page_kb * 1000}"
    log(f"baseline: bare httpx, {args.requests} pages, concurrency {args.concurrency}")
    httpx_rate = await baseline(
        urls(sites, "warm", 200, page), urls(sites, "httpx", args.requests, page), args.concurrency
    )
    direct_rate = await fetch_path(
        fetcher_settings(
            bootstrap,
            "unused.",
            fetch_concurrency=args.concurrency,
            fetch_host_concurrency=args.concurrency,
        ),
        urls(sites, "direct", args.requests, page),
        args.concurrency,
    )
    log(f"fetcher: the same through Kafka ({httpx_rate:.0f} pages/s to beat)")
    settings = fetcher_settings(
        bootstrap,
        f"{run}a.",
        fetch_concurrency=args.concurrency,
        fetch_host_concurrency=args.concurrency,
    )
    fetcher_rate = await run_fetcher(settings, urls(sites, "fetcher", args.requests, page))

    log("memory: 1,000 requests in flight")
    samples: dict[str, float] = {"at_1000": float("nan"), "peak": 0.0, "max_in_flight": 0}

    def sample(service: FetcherService) -> None:
        in_flight = service.metrics.in_flight._value.get()
        now = rss_mb()
        samples["peak"] = max(samples["peak"], now)
        samples["max_in_flight"] = max(samples["max_in_flight"], in_flight)
        if in_flight >= 1000 and samples["at_1000"] != samples["at_1000"]:
            samples["at_1000"] = now

    settings = fetcher_settings(
        bootstrap, f"{run}m.", fetch_concurrency=1000, fetch_host_concurrency=1000
    )
    slow = f"/slow?delay=3&size={args.page_kb * 1000}&n={{n}}"
    await run_fetcher(settings, urls(sites, "memory", 1000, slow), on_tick=sample)

    log(f"politeness on: {args.delay} s between requests to one host")
    settings = fetcher_settings(
        bootstrap,
        f"{run}p.",
        fetch_host_delay_s=args.delay,
        fetch_host_concurrency=1,
        fetch_robots=True,
    )
    polite = urls(dict(list(sites.items())[:5]), "polite", 40, page)
    await run_fetcher(settings, polite)
    return {
        "httpx_pages_per_s": round(httpx_rate, 1),
        "fetcher_pages_per_s": round(fetcher_rate, 1),
        "ratio_vs_httpx": round(fetcher_rate / httpx_rate, 3),
        "fetch_path_pages_per_s": round(direct_rate, 1),
        "ratio_fetch_path_vs_httpx": round(direct_rate / httpx_rate, 3),
        "rss_mb_at_1000_inflight": round(samples["at_1000"], 1),
        "rss_mb_peak_1000_phase": round(samples["peak"], 1),
        "max_in_flight": samples["max_in_flight"],
        "polite_delay_s": args.delay,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--page-kb", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, local_broker() as kafka:
        bootstrap = kafka.bootstrap
        hits_path = Path(tmp) / "hits.json"
        with origin(hits_path) as sites:
            figures = asyncio.run(bench(args, bootstrap, sites))
        hits = orjson.loads(hits_path.read_bytes())
    figures["polite_spacing_share"] = round(spacing_share(hits, "polite", args.delay), 3)
    figures["pages"] = args.requests
    figures["page_kb"] = args.page_kb
    figures["hosts"] = len(HOSTS)
    figures["concurrency"] = args.concurrency
    print(orjson.dumps(figures).decode())


if __name__ == "__main__":
    main()
