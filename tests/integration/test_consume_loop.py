"""The shared consume loop on the real broker: outputs the broker cannot take, and a
producer that stops delivering."""

from __future__ import annotations

import asyncio
from typing import Any

from aiokafka import AIOKafkaProducer

from shared.consume import ConsumeLoop
from shared.contracts import DEAD_LETTERS, FETCH_FAILURES, URL_REQUESTS, FetchFailure, UrlRequest
from shared.kafka import Output, make_producer, producer_config
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


class StuckOn(AIOKafkaProducer):
    """A real producer that never delivers records keyed `key`, as aiokafka's
    idempotent producer retrying one partition's batch for ever after a broker
    restart; every other record goes to the broker as usual."""

    def __init__(self, key: bytes, **options: Any) -> None:
        super().__init__(**options)
        self.key, self.held = key, 0

    async def send(self, topic: str, value: Any = None, key: Any = None, **kw: Any) -> Any:
        if key == self.key:
            self.held += 1
            return asyncio.get_running_loop().create_future()  # never resolved
        return await super().send(topic, value, key=key, **kw)


async def test_a_stuck_delivery_replaces_the_producer_and_each_input_is_published_once(
    broker: Broker,
) -> None:
    settings = ServiceSettings(
        kafka_bootstrap=broker.settings.kafka_bootstrap,
        topic_prefix=broker.settings.topic_prefix,
        delivery_timeout_s=1.0,
    )
    urls = [f"http://127.0.0.1/{n}" for n in range(6)]
    stuck = StuckOn(urls[2].encode(), **producer_config(settings))
    producers: list[AIOKafkaProducer] = []

    def factory() -> AIOKafkaProducer:  # the stuck one first, then healthy ones
        producers.append(make_producer(settings) if producers else stuck)
        return producers[-1]

    async def handler(request: UrlRequest) -> list[Output]:
        failure = FetchFailure(url=request.url, reason="r", failed_at="now")
        return [Output(FETCH_FAILURES, request.url, failure)]

    # One partition: the stuck input sits between delivered ones, which the
    # replay from the committed offset reads again and must not send again.
    for url in urls:
        await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
    loop = ConsumeLoop(settings, "test", {URL_REQUESTS: handler}, producer_factory=factory)
    stop = asyncio.Event()
    task = asyncio.create_task(loop.run(stop))
    try:
        published = await broker.read_exactly(FETCH_FAILURES, len(urls), settle=2.0)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert sorted(r.key.decode() for r in published) == urls
    assert (stuck.held, len(producers), loop.processed) == (1, 2, len(urls))
