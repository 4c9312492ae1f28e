"""The fetcher's connection pool bookkeeping (services/fetcher/pool.py), on stub connections."""

from __future__ import annotations

from dataclasses import dataclass

import httpcore
from httpcore._async.connection_pool import AsyncPoolRequest

from services.fetcher.pool import Pool


@dataclass(eq=False)
class Stub:
    origin: str
    idle: bool = True
    closed: bool = False
    expired: bool = False
    http2: bool = False
    probes: int = 0

    def is_closed(self) -> bool:
        return self.closed

    def has_expired(self) -> bool:
        if self.idle:
            self.probes += 1
        return self.expired

    def is_idle(self) -> bool:
        return self.idle

    def is_available(self) -> bool:
        return self.idle

    def info(self) -> str:
        version = "HTTP/2" if self.http2 else "HTTP/1.1"
        return f"'http://{self.origin}:80', {version}, {'IDLE' if self.idle else 'ACTIVE'}"

    def can_handle_request(self, origin: httpcore.Origin) -> bool:
        return f"{origin.host.decode()}" == self.origin


def pool_with(*connections: Stub, max_connections: int = 4, keepalive: int = 4) -> Pool:
    pool = Pool(max_connections=max_connections, max_keepalive_connections=keepalive)
    pool._connections = list(connections)  # type: ignore[arg-type]
    return pool


def queue(pool: Pool, host: str) -> AsyncPoolRequest:
    request = AsyncPoolRequest(httpcore.Request("GET", f"http://{host}/"))
    pool._requests.append(request)
    return request


def test_httpcore_is_the_version_the_pool_was_written_against() -> None:
    # Pool overrides a private method and reads private fields: review it on upgrade.
    assert httpcore.__version__ == "1.0.9"


async def test_a_queued_request_reuses_the_idle_connection_to_its_origin() -> None:
    a, b = Stub("a.test"), Stub("b.test")
    pool = pool_with(a, b)
    pool._next_sweep = float("inf")  # no sweep: only the reused connection is probed
    request = queue(pool, "b.test")
    assert pool._assign_requests_to_connections() == []
    assert request.connection is b
    assert (a.probes, b.probes) == (0, 1)


async def test_an_idle_connection_goes_to_one_queued_request_only() -> None:
    idle = Stub("a.test")
    pool = pool_with(idle)
    first, second = queue(pool, "a.test"), queue(pool, "a.test")
    assert pool._assign_requests_to_connections() == []
    assert first.connection is idle
    assert second.connection is not None and second.connection is not idle
    assert pool._connections == [idle, second.connection]


async def test_an_idle_connection_given_to_a_request_not_started_is_not_given_again() -> None:
    # Two passes, as when a second request arrives before the first one's task runs.
    idle = Stub("a.test")
    pool = pool_with(idle, max_connections=1)
    first = queue(pool, "a.test")
    assert pool._assign_requests_to_connections() == []
    second = queue(pool, "a.test")
    assert pool._assign_requests_to_connections() == []  # nor closed to make room
    assert (first.connection, second.connection, pool._connections) == (idle, None, [idle])


async def test_an_http2_connection_serves_requests_not_started_yet_together() -> None:
    shared = Stub("a.test", http2=True)
    pool = pool_with(shared)
    first = queue(pool, "a.test")
    assert pool._assign_requests_to_connections() == []
    second = queue(pool, "a.test")
    assert pool._assign_requests_to_connections() == []
    assert (first.connection, second.connection) == (shared, shared)


async def test_a_release_with_nothing_queued_probes_nothing_between_sweeps() -> None:
    first, second = Stub("a.test"), Stub("b.test")
    pool = pool_with(first, second)
    pool._next_sweep = float("inf")
    assert pool._assign_requests_to_connections() == []
    assert (first.probes, second.probes) == (0, 0)
    assert pool._connections == [first, second]


async def test_an_idle_connection_the_server_closed_is_closed_not_reused() -> None:
    stale = Stub("a.test", expired=True)
    pool = pool_with(stale)
    pool._next_sweep = float("inf")
    request = queue(pool, "a.test")
    assert pool._assign_requests_to_connections() == [stale]
    assert request.connection is not None and request.connection is not stale
    assert pool._connections == [request.connection]


async def test_a_sweep_closes_expired_idle_connections_and_drops_closed_ones() -> None:
    fresh, stale, closed = Stub("a.test"), Stub("b.test", expired=True), Stub("c.test", closed=True)
    pool = pool_with(fresh, stale, closed)
    assert pool._assign_requests_to_connections() == [stale]
    assert pool._connections == [fresh]


async def test_a_full_pool_replaces_the_oldest_idle_connection_of_another_origin() -> None:
    old, busy = Stub("a.test"), Stub("b.test", idle=False)
    pool = pool_with(old, busy, max_connections=2)
    request = queue(pool, "c.test")
    assert pool._assign_requests_to_connections() == [old]
    assert pool._connections[0] is busy and request.connection is pool._connections[1]


async def test_a_full_pool_with_every_connection_busy_leaves_the_request_queued() -> None:
    pool = pool_with(Stub("a.test", idle=False), max_connections=1)
    request = queue(pool, "b.test")
    assert pool._assign_requests_to_connections() == []
    assert request.connection is None


async def test_idle_connections_beyond_the_keepalive_limit_are_closed_oldest_first() -> None:
    first, second, third = Stub("a.test"), Stub("b.test"), Stub("c.test")
    pool = pool_with(first, second, third, keepalive=1)
    assert pool._assign_requests_to_connections() == [first, second]
    assert pool._connections == [third]
