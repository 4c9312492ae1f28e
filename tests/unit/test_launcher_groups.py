"""`make run` waits for every consumer group the services run, the fetcher's two included."""

from __future__ import annotations

import asyncio

from services.fetcher.app import FetcherService
from services.fetcher.settings import FetcherSettings
from tinhuy.launcher import GROUP_INPUTS


async def test_the_launcher_waits_on_each_fetcher_group_and_the_topics_it_reads() -> None:
    settings = FetcherSettings(fetch_ops_port=-1)
    service = FetcherService(settings, asyncio.Event())  # builds clients, connects nothing
    groups = {loop.service: tuple(t for t, _ in loop.by_name.values()) for loop in service.loops}
    for loop in service.loops:  # never started: closing them is all bookkeeping
        await loop.consumer.stop()
        await loop.producer.stop()
    await service.store.consumer.stop()
    await service.fetcher.close()
    assert groups == {name: GROUP_INPUTS[name] for name in ("fetcher", "fetcher-retry")}
