"""Talking to the pipeline from outside: publish requests and articles, read topics back."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.contracts import (
    ALL_TOPICS,
    ARTICLES,
    URL_REQUESTS,
    ArticleText,
    Topic,
    UrlRequest,
    url_request_key,
)
from shared.kafka import Output, make_producer, now_iso
from shared.settings import ServiceSettings


def topic_named(name: str) -> Topic[Any]:
    """A contract topic by its full name or a short one ("meetings", "dead-letters")."""
    for topic in ALL_TOPICS:
        short = topic.name.removeprefix("tinhuy.").removesuffix(".v1")
        if name in (topic.name, short, short.replace("-", "_")):
            return topic
    names = ", ".join(t.name.removeprefix("tinhuy.").removesuffix(".v1") for t in ALL_TOPICS)
    raise ValueError(f"unknown topic {name!r}; one of: {names}")


async def publish(settings: ServiceSettings, outputs: Iterable[Output]) -> int:
    producer = make_producer(settings)
    await producer.start()
    try:
        sent = [
            await producer.send(
                o.topic.full_name(settings.topic_prefix),
                o.value.to_json(),
                key=o.key.encode() if o.key is not None else None,
            )
            for o in outputs
        ]
        await asyncio.gather(*sent)
        return len(sent)
    finally:
        await producer.stop()


def url_requests(urls: Iterable[str], *, force: bool = False) -> list[Output]:
    return [
        Output(
            URL_REQUESTS, url_request_key(u), UrlRequest(url=u, force=force, requested_at=now_iso())
        )
        for u in urls
    ]


def seed_articles(folder: Path) -> list[Output]:
    """Each seed text as an article, and each source URL it names as a URL request."""
    from services.parser.article import from_text  # the parser's own source rules

    files = sorted(folder.glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed articles (*.txt) in {folder}")
    outputs = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        outputs.append(
            Output(ARTICLES, f.stem, ArticleText(doc_id=f.stem, text=text, origin="seed"))
        )
        outputs += [
            Output(
                URL_REQUESTS,
                url_request_key(u),
                UrlRequest(
                    url=u, depth=1, discovered_from=f"article:{f.stem}", requested_at=now_iso()
                ),
            )
            for u in from_text(text).source_urls
        ]
    return outputs


async def read_topic(
    settings: ServiceSettings,
    topic: Topic[Any],
    *,
    follow: bool = False,
    idle_s: float = 2.0,
) -> AsyncIterator[tuple[bytes | None, dict[str, Any] | str]]:
    """Every record from the beginning: (key, decoded JSON or the raw text if not JSON).

    Without `follow`, stops at the end offsets taken at the start, or after `idle_s`
    without a record (transaction markers can keep a position short of the end).
    """
    name = topic.full_name(settings.topic_prefix)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap,
        enable_auto_commit=False,
        max_partition_fetch_bytes=settings.max_message_bytes,
        isolation_level="read_committed",
    )
    await consumer.start()
    try:
        tps = [TopicPartition(name, p) for p in range(topic.partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        last_record = time.monotonic()
        while True:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for r in records:
                    last_record = time.monotonic()
                    yield r.key, _decode(r.value)
            if not follow and await _reached(consumer, ends):
                return
            if not follow and time.monotonic() - last_record > idle_s:
                return
    finally:
        await consumer.stop()


async def _reached(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    positions = [await consumer.position(tp) for tp in ends]
    return all(p >= end for p, end in zip(positions, ends.values(), strict=True))


def _decode(raw: bytes | None) -> dict[str, Any] | str:
    try:
        return orjson.loads(raw or b"")
    except orjson.JSONDecodeError:
        return (raw or b"").decode("utf-8", "backslashreplace")
