"""Per-host slots: a busy host puts requests off instead of holding them."""

from __future__ import annotations

import asyncio
import time

import pytest

from services.fetcher.politeness import Deferred, Politeness


async def test_request_behind_a_long_delay_is_deferred_with_its_due_time() -> None:
    polite = Politeness(concurrency=1, delay=10.0, stop=asyncio.Event())
    async with polite.slot("x.vn"):
        pass
    with pytest.raises(Deferred) as caught:
        async with polite.slot("x.vn", max_wait=1.0):
            pass
    assert caught.value.not_before >= time.time() + 9.0
    async with polite.slot("other.vn", max_wait=0.0):  # hosts do not share a schedule
        pass


async def test_stopping_turns_a_wait_into_a_deferral() -> None:
    stop = asyncio.Event()
    polite = Politeness(concurrency=1, delay=10.0, stop=stop)
    async with polite.slot("x.vn"):
        pass
    stop.set()
    with pytest.raises(Deferred, match="stopping"):
        async with polite.slot("x.vn"):
            pass


async def test_queue_depth_is_reported_per_host() -> None:
    depths: list[tuple[str, int]] = []
    polite = Politeness(1, 0.0, asyncio.Event(), lambda h, d: depths.append((h, d)))
    async with polite.slot("x.vn"):
        pass
    assert depths == [("x.vn", 1), ("x.vn", 0)]
