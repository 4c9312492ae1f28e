"""The bare components `bench/load.py` holds the pipeline against, each run as its own
process so that its rate and peak memory are its alone:

    python -m bench.load_bare httpx URLS_FILE            # GET every URL, 64 at a time
    python -m bench.load_bare parse URLS_FILE            # GET them (untimed), then parse each
    python -m bench.load_bare kafka BOOTSTRAP PREFIX N   # N page-sized records through
                                                         # consume -> produce, acks=all

Each prints one JSON line: {"rate": per second, "peak_rss_mb": VmHWM}.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import httpx
import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONCURRENCY = 64
PAGE_BYTES = 12_000  # about a corpus page, as JSON on the pages topic


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def get_all(urls: list[str]) -> list[bytes]:
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    bodies: list[bytes] = [b""] * len(urls)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(len(urls)):
        queue.put_nowait(i)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                i = queue.get_nowait()
                response = await client.get(urls[i])
                bodies[i] = response.content

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return bodies


def bare_httpx(urls: list[str]) -> float:
    started = time.perf_counter()
    asyncio.run(get_all(urls))
    return len(urls) / (time.perf_counter() - started)


def bare_parse(urls: list[str]) -> float:
    from services.parser.parse import parse

    bodies = asyncio.run(get_all(urls))
    started = time.perf_counter()
    for url, body in zip(urls, bodies, strict=True):
        parse(body, url=url, content_type="text/html; charset=utf-8")
    return len(urls) / (time.perf_counter() - started)


async def _passthrough(bootstrap: str, prefix: str, count: int) -> float:
    """Produce `count` records, then time a consumer that sends each one on (acks=all)
    and commits, as a consume loop does, until all are acknowledged."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    src, dst = f"{prefix}bare-in", f"{prefix}bare-out"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(src, 6, 1), NewTopic(dst, 6, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5,
                                enable_idempotence=True, max_request_size=10_485_760)  # fmt: skip
    await producer.start()
    value = orjson.dumps({"text": "x" * PAGE_BYTES})
    await asyncio.gather(*[await producer.send(src, value, key=b"%d" % i) for i in range(count)])
    consumer = AIOKafkaConsumer(src, bootstrap_servers=bootstrap, group_id=f"{prefix}bare",
                                enable_auto_commit=False, auto_offset_reset="earliest")  # fmt: skip
    await consumer.start()
    started, done = time.perf_counter(), 0
    try:
        while done < count:
            batch = await consumer.getmany(timeout_ms=500, max_records=500)
            sends = [await producer.send(dst, orjson.dumps(orjson.loads(r.value)), key=r.key)
                     for records in batch.values() for r in records]  # fmt: skip
            await asyncio.gather(*sends)
            await consumer.commit()
            done += len(sends)
        return count / (time.perf_counter() - started)
    finally:
        await consumer.stop()
        await producer.stop()


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "kafka":
        rate = asyncio.run(_passthrough(argv[1], argv[2], int(argv[3])))
    else:
        urls = Path(argv[1]).read_text().split()
        rate = bare_httpx(urls) if mode == "httpx" else bare_parse(urls)
    print(orjson.dumps({"rate": round(rate, 1), "peak_rss_mb": round(peak_rss_mb(), 1)}).decode())


if __name__ == "__main__":
    main(sys.argv[1:])
