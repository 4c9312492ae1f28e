"""The fetcher against a hostile origin: one fetcher per module, one URL per case.

Each case sends one URL request and asserts the exact outcome record keyed by
that URL: retries, limits, redirects, charsets, robots.txt.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.fetcher_live import Live, live_fetcher
from tests.origin import ARTICLE_HTML, CP1258_TEXT

ROBOTS = "User-agent: *\nDisallow: /private/\n"
LIMIT = 100_000


@pytest.fixture(scope="module")
async def live(kafka_bootstrap: str) -> AsyncIterator[Live]:
    async with live_fetcher(
        kafka_bootstrap,
        {"robots": ROBOTS},
        fetch_allow="127.0.0.1",
        fetch_read_timeout_s=0.3,
        fetch_total_timeout_s=3.0,
        fetch_max_body_bytes=LIMIT,
        fetch_max_redirects=3,
        fetch_retry_max_delay_s=10.0,
    ) as live:
        yield live


def failure(value: object) -> tuple[str, str, int | None, int]:
    return (value.reason, value.detail, value.status, value.attempts)  # type: ignore[attr-defined]


async def test_redirect_chain_within_the_limit_is_followed(live: Live) -> None:
    topic, page = await live.fetch("/chain/2")
    assert topic == "pages"
    assert page.final_url == live.origin.url("/article")
    assert page.redirects == [live.origin.url(p) for p in ("/chain/2", "/chain/1", "/chain/0")]
    assert page.text == ARTICLE_HTML


async def test_redirect_chain_past_the_limit_is_a_failure(live: Live) -> None:
    topic, value = await live.fetch("/chain/5")
    chain = " -> ".join(live.origin.url(f"/chain/{n}") for n in (5, 4, 3, 2))
    assert (topic, failure(value)) == ("fetch-failures", ("too many redirects", chain, 302, 1))


async def test_redirect_loop_is_detected(live: Live) -> None:
    topic, value = await live.fetch("/loop/a")
    loop = " -> ".join(live.origin.url(p) for p in ("/loop/a", "/loop/b", "/loop/a"))
    assert (topic, failure(value)) == ("fetch-failures", ("redirect loop", loop, 302, 1))


async def test_429_is_retried_after_retry_after_and_then_fetched(live: Live) -> None:
    topic, page = await live.fetch("/throttled?fails=1&retry_after=1")
    assert (topic, page.status, page.attempts, page.text) == ("pages", 200, 2, ARTICLE_HTML)


async def test_retry_after_beyond_the_retry_window_fails_at_once(live: Live) -> None:
    topic, value = await live.fetch("/throttled?fails=1&retry_after=3600")
    detail = "Retry-After 3600 s is beyond the retry window"
    assert (topic, failure(value)) == ("fetch-failures", ("HTTP 429", detail, 429, 1))
    assert live.origin.count("/throttled?fails=1&retry_after=3600") == 1


async def test_flapping_503_is_retried_until_it_passes(live: Live) -> None:
    topic, page = await live.fetch("/flaky?fails=2")
    assert (topic, page.status, page.attempts) == ("pages", 200, 3)


async def test_503_past_the_attempt_limit_is_a_failure(live: Live) -> None:
    path = "/flaky?fails=99"
    topic, value = await live.fetch(path)
    detail = f"gave up after 3 attempts: {live.origin.url(path)}"
    assert (topic, failure(value)) == ("fetch-failures", ("HTTP 503", detail, 503, 3))
    assert live.origin.count(path) == 3


async def test_slow_drip_past_the_read_timeout_fails_after_retries(live: Live) -> None:
    topic, value = await live.fetch("/drip?every=1&n=5")
    assert topic == "fetch-failures"
    assert (value.reason, value.attempts) == ("read timeout", 3)
    assert value.detail.startswith("gave up after 3 attempts: ReadTimeout")


async def test_oversized_body_stops_at_the_limit(live: Live) -> None:
    topic, value = await live.fetch(f"/big?size={2 * LIMIT}")
    detail = f"Content-Length {2 * LIMIT + 26} over {LIMIT} bytes"  # refused before the body
    assert (topic, failure(value)) == ("fetch-failures", ("body too large", detail, 200, 1))


@pytest.mark.parametrize("encoding", ["gzip", "br"])
async def test_compression_bomb_stops_at_the_decoded_limit(live: Live, encoding: str) -> None:
    topic, value = await live.fetch(f"/bomb/{encoding}")
    detail = f"over {LIMIT} decoded bytes"
    assert (topic, failure(value)) == ("fetch-failures", ("body too large", detail, 200, 1))


async def test_wrong_content_type_is_refused_before_the_body(live: Live) -> None:
    topic, value = await live.fetch("/image")
    assert (topic, failure(value)) == (
        "fetch-failures",
        ("content type not allowed", "image/png", 200, 1),
    )


async def test_lying_charset_header_gives_way_to_the_meta(live: Live) -> None:
    topic, page = await live.fetch("/lying-charset")
    assert (topic, page.charset) == ("pages", "cp1258")
    assert CP1258_TEXT in page.text


async def test_unknown_charset_is_detected(live: Live) -> None:
    topic, page = await live.fetch("/unknown-charset")
    assert (topic, page.charset) == ("pages", "utf-8")
    assert ARTICLE_HTML in page.text


async def test_robots_disallowed_path_is_not_fetched(live: Live) -> None:
    topic, value = await live.fetch("/private/report")
    url = live.origin.url("/private/report")
    assert (topic, failure(value)) == ("fetch-failures", ("disallowed by robots.txt", url, None, 1))
    assert live.origin.count("/private/report") == 0
