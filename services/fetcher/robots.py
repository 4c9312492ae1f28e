"""robots.txt (RFC 9309) per origin, cached with a TTL, parsed by protego.

A 4xx means no rules; a 5xx, a 429 or a network error means "assume complete
disallow" (RFC 9309 §2.3.1.4) for a short while, which the fetcher reports as
a retryable failure so the request comes back later.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from protego import Protego

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least the first 500 KiB
UNREACHABLE_TTL_S = 60.0

# (url) -> (status, body); raises RobotsUnreachable for network trouble.
FetchRobots = Callable[[httpx.URL], Awaitable[tuple[int, bytes]]]


class RobotsUnreachable(Exception):
    pass


class Disallowed(Exception):
    pass


@dataclass(frozen=True)
class _Entry:
    expires: float
    rules: Protego | None  # None: no rules, everything allowed
    unreachable: str = ""


def origin_of(url: httpx.URL) -> str:
    return str(url.copy_with(raw_path=b"/", fragment=None))


class Robots:
    def __init__(self, fetch: FetchRobots, user_agent: str, ttl: float) -> None:
        self.fetch, self.user_agent, self.ttl = fetch, user_agent, ttl
        self.cache: dict[str, _Entry] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: httpx.URL) -> float | None:
        """The origin's Crawl-delay for us, or None; raises Disallowed or RobotsUnreachable."""
        entry = await self._entry(origin_of(url))
        if entry.unreachable:
            raise RobotsUnreachable(entry.unreachable)
        if entry.rules is None:
            return None
        if not entry.rules.can_fetch(str(url), self.user_agent):
            raise Disallowed(str(url))
        delay = entry.rules.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    async def _entry(self, origin: str) -> _Entry:
        entry = self.cache.get(origin)
        if entry is not None and entry.expires > time.monotonic():
            return entry
        lock = self.locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one fetch per origin; the others wait for its answer
            entry = self.cache.get(origin)
            if entry is None or entry.expires <= time.monotonic():
                entry = self.cache[origin] = await self._load(origin)
        return entry

    async def _load(self, origin: str) -> _Entry:
        now = time.monotonic()
        try:
            status, body = await self.fetch(httpx.URL(origin).join("/robots.txt"))
        except RobotsUnreachable as exc:
            return _Entry(now + UNREACHABLE_TTL_S, None, f"robots.txt unreachable: {exc}")
        if status == 429 or status >= 500:
            return _Entry(now + UNREACHABLE_TTL_S, None, f"robots.txt answered HTTP {status}")
        if status >= 400:
            return _Entry(now + self.ttl, None)
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
        return _Entry(now + self.ttl, Protego.parse(text))
