"""The SSRF guard in the running fetcher: refusals after DNS, on every hop, and the
connection made to the vetted address. Only 127.0.0.1 is allowed here."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fetcher_live import Live, live_fetcher


@pytest.fixture(scope="module")
async def live(kafka_bootstrap: str) -> AsyncIterator[Live]:
    async with live_fetcher(
        kafka_bootstrap,
        {"also": ["127.0.0.2"]},
        fetch_allow="127.0.0.1",
        fetch_resolve="intranet.test=10.0.0.1,named.test=127.0.0.1",
        fetch_connect_timeout_s=1.0,
    ) as live:
        yield live


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
