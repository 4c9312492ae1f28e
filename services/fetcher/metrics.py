"""Prometheus metrics and the /metrics and /healthz endpoints of the fetcher.

Each fetcher gets its own registry, so several can live in one process (tests).
Failure reasons are counted by `kind` (a short, closed set), never by the full
reason, which names addresses and would explode the label space; the per-host
queue depth only has a series while the host has requests waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

log = logging.getLogger(__name__)


class Metrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.fetched = Counter("tinhuy_fetcher_fetched", "Pages published", ["source"], registry=r)
        self.failed = Counter(
            "tinhuy_fetcher_failed", "Fetch failures published, by kind", ["kind"], registry=r
        )
        self.skipped = Counter(
            "tinhuy_fetcher_skipped",
            "Requests not fetched: recent or not modified",
            ["why"],
            registry=r,
        )
        self.retried = Counter(
            "tinhuy_fetcher_retried", "Requests parked on the retry topic", ["why"], registry=r
        )
        self.bytes = Counter("tinhuy_fetcher_body_bytes", "Decoded response bytes read", registry=r)
        self.latency = Histogram(
            "tinhuy_fetcher_request_seconds",
            "One HTTP exchange, headers to last body byte",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.in_flight = Gauge("tinhuy_fetcher_in_flight", "HTTP exchanges in progress", registry=r)
        self.host_queue = Gauge(
            "tinhuy_fetcher_host_queue_depth",
            "Requests waiting for their host's turn",
            ["host"],
            registry=r,
        )

    def set_host_queue(self, host: str, depth: int) -> None:
        if depth:
            self.host_queue.labels(host).set(depth)
        else:
            try:
                self.host_queue.remove(host)
            except KeyError:
                pass

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class OpsServer:
    """GET /metrics (Prometheus text) and GET /healthz (200 while healthy, else 503)."""

    def __init__(self, metrics: Metrics, health: Callable[[], dict[str, object]]) -> None:
        self.metrics, self.health = metrics, health
        self.runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self, host: str, port: int) -> None:
        if port < 0:
            return
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, host, port)
        try:
            await site.start()
        except OSError as exc:  # a taken port must not stop the fetching itself
            log.error("metrics/health endpoint not started on %s:%d: %s", host, port, exc)
            return
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("metrics on http://%s:%d/metrics, health on /healthz", host, self.port)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(
            body=self.metrics.exposition(), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def _healthz(self, request: web.Request) -> web.Response:
        status = self.health()
        return web.json_response(status, status=200 if status.get("ok") else 503)
