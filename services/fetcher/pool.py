"""httpcore's connection pool with its bookkeeping made linear, and cheap idle checks.

httpcore 1.0.9 walks every pooled connection on each request and each release,
and for each idle one walks them all again (`len([... is_idle() ...])`): with
64 connections that is thousands of calls per request. Each idle HTTP/1.1
connection is also probed with `get_extra_info("is_readable")`, which anyio
answers by building a dict of every socket attribute (a `getpeername` call and
enum conversions included), and one idle connection is handed to every queued
request of its origin, so all but one come back for another pass. Profiled
under the fetcher bench, this took half of the process's time. `Pool` makes the
same decisions in the same order in one pass (as proposed in
encode/httpcore#1035), gives an idle HTTP/1.1 connection to one request, skips
releases with nothing queued, and probes only the connection it reuses (every
idle one once a sweep); `ProbedStream` answers the probe with one poll() of the
socket it keeps. Both lean on httpcore internals: tests/unit/test_fetch_pool.py
pins the version they were written against.
"""

from __future__ import annotations

import socket
import ssl
import time
from typing import Any

import httpcore
from httpcore._async.connection_pool import AsyncPoolRequest
from httpcore._async.interfaces import AsyncConnectionInterface
from httpcore._utils import is_socket_readable

# How often every idle connection is probed for a server close or keep-alive expiry.
SWEEP_S = 1.0


class ProbedStream(httpcore.AsyncNetworkStream):
    """A network stream whose `is_readable` probe is one poll() of a kept socket."""

    def __init__(self, inner: httpcore.AsyncNetworkStream, sock: socket.socket | None = None):
        self.inner = inner
        self.sock = sock if sock is not None else inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self.inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self.inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        tls = await self.inner.start_tls(ssl_context, server_hostname, timeout)
        return ProbedStream(tls, self.sock)  # TLS runs over the same socket

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return is_socket_readable(self.sock)
        return self.inner.get_extra_info(info)


class Pool(httpcore.AsyncConnectionPool):
    _next_sweep = 0.0

    def _assign_requests_to_connections(self) -> list[AsyncConnectionInterface]:
        """Drop closed connections, close expired and surplus idle ones, then give
        each queued request a connection: one to its origin, a new one while there
        is room, else a new one in place of an idle one. Returns those to close."""
        queued: list[AsyncPoolRequest] = []
        # HTTP/1.1 connections assigned to a request that has not started on them
        # yet still look idle: given to a second request, one of the two finds it
        # taken (ConnectionNotAvailable) and comes back; under bench-fetch ~3 times
        # a request. Nor may they be closed for room. (An HTTP/2 one takes many.)
        claimed: set[int] = set()
        for request in self._requests:
            if request.connection is None:
                queued.append(request)
            elif _single_use(request.connection):
                claimed.add(id(request.connection))
        # Probing an idle connection costs a poll(): all of them once a sweep,
        # otherwise only the one about to be reused (below).
        now = time.monotonic()
        sweep = now >= self._next_sweep
        if not (queued or sweep or len(self._connections) > self._max_keepalive_connections):
            return []  # a release with nothing waiting: closed ones go on the next pass
        if sweep:
            self._next_sweep = now + SWEEP_S
        closing: list[AsyncConnectionInterface] = []
        kept: list[AsyncConnectionInterface] = []
        idle: list[AsyncConnectionInterface] = []
        for connection in self._connections:
            if connection.is_closed():
                continue
            is_idle = connection.is_idle()
            if (sweep or not is_idle) and connection.has_expired():
                closing.append(connection)
                continue
            kept.append(connection)
            if is_idle and id(connection) not in claimed:
                idle.append(connection)
        surplus = len(idle) - self._max_keepalive_connections
        if surplus > 0:  # the oldest idle ones go, as in httpcore
            closing.extend(idle[:surplus])
            gone = {id(c) for c in idle[:surplus]}
            kept = [c for c in kept if id(c) not in gone]
            idle = idle[surplus:]
        self._connections = kept
        available = [c for c in kept if c.is_available() and id(c) not in claimed] if queued else []
        for pool_request in queued:
            origin = pool_request.request.url.origin
            reuse = self._reusable(origin, available, idle, closing)
            if reuse is not None:
                pool_request.assign_to_connection(reuse)
                if reuse.is_idle() and _single_use(reuse):
                    # Spoken for until its request starts: httpcore would hand it to
                    # every queued request of the origin, and all but one come back
                    # (ConnectionNotAvailable) for another pass; nor is it an idle
                    # one to close for room (encode/httpcore#1110).
                    available.remove(reuse)
                    idle.remove(reuse)
                continue
            if len(self._connections) >= self._max_connections:
                if not idle:
                    continue  # stays queued until a connection is released
                victim = idle.pop(0)
                self._connections.remove(victim)
                closing.append(victim)
                if victim in available:
                    available.remove(victim)
            connection = self.create_connection(origin)
            self._connections.append(connection)
            pool_request.assign_to_connection(connection)
            if connection.is_available():  # HTTP/2 to be: later requests may share it
                available.append(connection)
        return closing

    def _reusable(
        self,
        origin: httpcore.Origin,
        available: list[AsyncConnectionInterface],
        idle: list[AsyncConnectionInterface],
        closing: list[AsyncConnectionInterface],
    ) -> AsyncConnectionInterface | None:
        """A connection to `origin` that can take one more request; an idle one
        the server closed (or whose keep-alive ran out) is closed instead."""
        for connection in list(available):
            if not connection.can_handle_request(origin):
                continue
            if not (connection.is_idle() and connection.has_expired()):
                return connection
            available.remove(connection)
            idle.remove(connection)
            self._connections.remove(connection)
            closing.append(connection)
        return None


def _single_use(connection: AsyncConnectionInterface) -> bool:
    """Whether it takes one request at a time (HTTP/1.1), not many (HTTP/2)."""
    return ", HTTP/2," not in connection.info()
