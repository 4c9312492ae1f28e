"""The shared consume loop on the real broker: outputs the broker cannot take."""

from __future__ import annotations

import asyncio

from shared.consume import ConsumeLoop
from shared.contracts import DEAD_LETTERS, FETCH_FAILURES, URL_REQUESTS, FetchFailure, UrlRequest
from shared.kafka import Output
from shared.settings import ServiceSettings
from tests.kafka_io import Broker


async def test_an_output_too_large_for_the_broker_becomes_a_dead_letter(broker: Broker) -> None:
    settings = ServiceSettings(
        kafka_bootstrap=broker.settings.kafka_bootstrap,
        topic_prefix=broker.settings.topic_prefix,
        max_message_bytes=20_000,
    )

    async def handler(request: UrlRequest) -> list[Output]:
        huge = FetchFailure(url=request.url, reason="r", detail="x" * 50_000, failed_at="now")
        return [Output(FETCH_FAILURES, "the-key", huge)]

    loop = ConsumeLoop(settings, "test", {URL_REQUESTS: handler})
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    try:
        await broker.send(URL_REQUESTS, UrlRequest(url="http://127.0.0.1/big"), "127.0.0.1")
        [letter] = await broker.read(DEAD_LETTERS, 1)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert (letter.key, letter.value.key, letter.value.reason, letter.value.source_topic) == (
        b"the-key",
        "the-key",
        "output too large for the broker",
        broker.name(FETCH_FAILURES),
    )
    assert letter.headers["reason"] == "output too large for the broker"
    assert (loop.processed, await broker.read(FETCH_FAILURES, 1, timeout=1)) == (1, [])
