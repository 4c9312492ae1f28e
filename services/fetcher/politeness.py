"""Per-host schedules: so many requests in flight, so long between two of them.

Requests are keyed by host on the topic, so one worker owns a host's schedule
and this in-memory state is the whole truth for that host. A request whose
turn is further away than its `max_wait` is not slept on: `Deferred` tells the
caller when to come back, and the caller parks it on the retry topic, so the
partition keeps moving.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

TICK = 0.25  # how often a waiting request looks at the stop flag


class Deferred(Exception):
    """Not now: come back at `not_before` (epoch seconds)."""

    def __init__(self, not_before: float, why: str) -> None:
        super().__init__(why)
        self.not_before, self.why = not_before, why


@dataclass
class _Host:
    slots: asyncio.Semaphore
    # Monotonic times of the last start and the last end: the next request waits
    # `delay` after both, so a Crawl-delay learnt late (from robots.txt) still holds.
    last: float = float("-inf")
    waiting: int = 0
    active: int = 0


class Politeness:
    def __init__(
        self,
        concurrency: int,
        delay: float,
        stop: asyncio.Event,
        on_depth: Callable[[str, int], None] = lambda host, depth: None,
    ) -> None:
        self.concurrency, self.delay, self.stop = concurrency, delay, stop
        self.on_depth = on_depth
        self.hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        state = self.hosts.get(host)
        if state is None:
            if len(self.hosts) > 10_000:
                self._forget_idle()
            state = self.hosts[host] = _Host(asyncio.Semaphore(self.concurrency))
        return state

    def _forget_idle(self) -> None:
        now = time.monotonic()
        for name, h in list(self.hosts.items()):
            if not h.waiting and not h.active and h.last < now - 3600:
                del self.hosts[name]

    def eta(self, host: str, delay: float) -> float:
        """Seconds until a request queued now for `host` would start (an estimate)."""
        h = self._host(host)
        queued = (h.waiting + h.active) // self.concurrency
        return max(0.0, h.last + delay - time.monotonic()) + queued * delay

    @asynccontextmanager
    async def slot(
        self, host: str, delay: float | None = None, max_wait: float = float("inf")
    ) -> AsyncIterator[None]:
        """Hold one of `host`'s slots, started no sooner than `delay` after the last."""
        delay = self.delay if delay is None else delay
        h = self._host(host)
        wait = self.eta(host, delay)
        if wait > max_wait:
            raise Deferred(time.time() + wait, f"host {host} busy for {wait:.1f} s")
        h.waiting += 1
        self.on_depth(host, h.waiting)
        try:
            await self._turn(h, delay)
        finally:
            h.waiting -= 1
            self.on_depth(host, h.waiting)
        h.active += 1
        h.last = time.monotonic()  # start-to-start spacing
        try:
            yield
        finally:
            h.active -= 1
            # ...and end-to-start: the next request never lands while this one is served.
            h.last = time.monotonic()
            h.slots.release()

    async def _turn(self, h: _Host, delay: float) -> None:
        while True:
            if self.stop.is_set():
                raise Deferred(time.time(), "stopping")
            try:
                async with asyncio.timeout(TICK):
                    await h.slots.acquire()
                break
            except TimeoutError:
                continue
        try:
            while (left := h.last + delay - time.monotonic()) > 0:
                if self.stop.is_set():
                    raise Deferred(time.time() + left, "stopping")
                await asyncio.sleep(min(left, TICK))
        except BaseException:
            h.slots.release()
            raise
