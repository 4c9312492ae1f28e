"""A running fetcher (in process) against the test origin, on a fresh topic prefix.

Shared by the fetcher's module-scoped integration tests (hostile origin, SSRF):
each sends one URL request per case and reads the one outcome keyed by its URL.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from services.fetcher.app import serve
from shared.contracts import FETCH_FAILURES, PAGES, URL_REQUESTS, UrlRequest, url_request_key
from shared.kafka import ensure_topics
from shared.settings import ServiceSettings
from tests.kafka_io import Broker
from tests.origin import Origin, Outcomes, fetcher_settings, serve_origin
from tests.services import in_process


@dataclass
class Live:
    broker: Broker
    origin: Origin
    outcomes: Outcomes

    async def fetch(self, target: str) -> tuple[str, object]:
        """Request `target` (a URL, or a path on the origin); the outcome's short
        topic name (`pages`, `fetch-failures`) and its value."""
        url = target if "://" in target else self.origin.url(target)
        await self.broker.send(URL_REQUESTS, UrlRequest(url=url), url_request_key(url))
        topic, value = await self.outcomes.one(url)
        return topic.name.split(".")[1], value


@asynccontextmanager
async def live_fetcher(
    kafka_bootstrap: str, origin: Mapping[str, Any], **fetcher: Any
) -> AsyncIterator[Live]:
    """`serve_origin(**origin)` and a fetcher with `fetcher` settings, both running."""
    settings = ServiceSettings(
        kafka_bootstrap=kafka_bootstrap, topic_prefix=f"t{uuid.uuid4().hex[:10]}."
    )
    await ensure_topics(settings)
    async with (
        Broker(settings) as broker,
        serve_origin(**origin) as served,
        Outcomes(settings, [PAGES, FETCH_FAILURES]) as outcomes,
        in_process(serve, fetcher_settings(settings, **fetcher)),
    ):
        yield Live(broker, served, outcomes)
