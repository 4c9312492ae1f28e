"""The SSRF guard in the running fetcher: refusals after DNS, on every hop, and the
connection made to the vetted address. Only 127.0.0.1 is allowed here."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

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

    async def fetch(self, url: str) -> tuple[str, object]:
        await self.broker.send(URL_REQUESTS, UrlRequest(url=url), url_request_key(url))
        topic, value = await self.outcomes.one(url)
        return topic.name.split(".")[1], value


@pytest.fixture(scope="module")
async def live(kafka_bootstrap: str) -> AsyncIterator[Live]:
    settings = ServiceSettings(
        kafka_bootstrap=kafka_bootstrap, topic_prefix=f"t{uuid.uuid4().hex[:10]}."
    )
    await ensure_topics(settings)
    fetcher = fetcher_settings(
        settings,
        fetch_allow="127.0.0.1",
        fetch_resolve="intranet.test=10.0.0.1,named.test=127.0.0.1",
        fetch_connect_timeout_s=1.0,
    )
    async with (
        Broker(settings) as broker,
        serve_origin(also=["127.0.0.2"]) as origin,
        Outcomes(settings, [PAGES, FETCH_FAILURES]) as outcomes,
        in_process(serve, fetcher),
    ):
        yield Live(broker, origin, outcomes)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "http://169.254.169.254/latest/meta-data/",
            "blocked address 169.254.169.254 (cloud metadata)",
        ),
        ("http://10.0.0.1/", "blocked address 10.0.0.1 (private)"),
        ("http://167772161/", "blocked address 10.0.0.1 (private)"),
        ("http://[::1]/", "blocked address ::1 (loopback)"),
        ("http://[fd00:ec2::254]/", "blocked address fd00:ec2::254 (cloud metadata)"),
        ("http://100.64.0.1/", "blocked address 100.64.0.1 (carrier-grade NAT)"),
        ("http://intranet.test/", "blocked address 10.0.0.1 (private)"),
    ],
)
async def test_forbidden_destination_is_refused(live: Live, url: str, reason: str) -> None:
    topic, value = await live.fetch(url)
    assert (topic, value.reason, value.status, value.attempts) == (
        "fetch-failures",
        reason,
        None,
        1,
    )


async def test_loopback_address_outside_the_allow_list_is_refused(live: Live) -> None:
    topic, value = await live.fetch(live.origin.url("/article", host="127.0.0.2"))
    assert (topic, value.reason) == ("fetch-failures", "blocked address 127.0.0.2 (loopback)")
    assert [h for h in live.origin.hits if h.host.startswith("127.0.0.2")] == []


async def test_redirect_from_an_allowed_host_to_a_private_one_is_refused(live: Live) -> None:
    topic, value = await live.fetch(live.origin.url("/redirect?to=http://10.0.0.1/admin"))
    assert (topic, value.reason, value.detail) == (
        "fetch-failures",
        "blocked address 10.0.0.1 (private)",
        "http://10.0.0.1/robots.txt",  # the first connection the new host would get
    )


async def test_connection_goes_to_the_vetted_address_with_the_name_as_host(live: Live) -> None:
    url = f"http://named.test:{live.origin.port}/echo-host"
    topic, page = await live.fetch(url)
    assert (topic, page.text) == ("pages", f"host=named.test:{live.origin.port}")


async def test_non_http_and_malformed_urls_are_refused(live: Live) -> None:
    cases = {
        "file:///etc/passwd": "scheme not allowed: file",
        "http://user:pw@example.org/": "credentials in URL",
        "http://bad host/": "malformed URL: bad host 'bad%20host'",
        "http://example.org:99999/": "malformed URL: bad port 99999",
    }
    for url, reason in cases.items():
        topic, value = await live.fetch(url)
        assert (topic, value.reason) == ("fetch-failures", reason), url
