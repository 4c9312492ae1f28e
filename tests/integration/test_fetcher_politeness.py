"""Politeness on the wire: robots.txt fetched once and obeyed, Crawl-delay kept, busy
hosts put off to the retry topic instead of held in the consumer."""

from __future__ import annotations

from itertools import pairwise

from services.fetcher.app import serve
from shared.contracts import FETCH_FAILURES, FETCH_RETRIES, PAGES, URL_REQUESTS, UrlRequest
from tests.kafka_io import Broker
from tests.origin import Outcomes, fetcher_settings, serve_origin
from tests.services import in_process

UA = "tinhuy-test/1.0 (+https://example.org/bot)"


async def test_crawl_delay_spaces_requests_and_robots_txt_is_read_once(broker: Broker) -> None:
    settings = fetcher_settings(
        broker.settings,
        fetch_allow="127.0.0.1",
        fetch_user_agent=UA,
        fetch_host_concurrency=1,
        fetch_max_host_wait_s=30.0,
    )
    robots = "User-agent: *\nCrawl-delay: 1\n"
    async with (
        serve_origin(robots=robots) as origin,
        Outcomes(broker.settings, [PAGES, FETCH_FAILURES]) as out,
        in_process(serve, settings),
    ):
        urls = [origin.url(f"/page/{n}") for n in range(3)]
        for url in urls:
            await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
        outcomes = [await out.one(url) for url in urls]
    assert [topic for topic, _ in outcomes] == [PAGES] * 3
    assert origin.count("/robots.txt") == 1
    assert {h.headers["User-Agent"] for h in origin.hits} == {UA}
    # A lower bound, not a speed: the origin never saw two requests closer than Crawl-delay.
    arrivals = [h.at for h in origin.hits]
    assert all(b - a >= 1.0 for a, b in pairwise(arrivals))


async def test_requests_for_a_busy_host_are_parked_not_waited_for(broker: Broker) -> None:
    settings = fetcher_settings(
        broker.settings,
        fetch_allow="127.0.0.1",
        fetch_robots=False,
        fetch_host_concurrency=1,
        fetch_host_delay_s=2.0,
        fetch_max_host_wait_s=0.0,
    )
    async with (
        serve_origin() as origin,
        Outcomes(broker.settings, [PAGES, FETCH_FAILURES, FETCH_RETRIES]) as out,
        in_process(serve, settings),
    ):
        urls = [origin.url(f"/page/{n}") for n in range(3)]
        for url in urls:
            await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
        outcomes = [await out.one(url) for url in urls]
        parked = await out.records("127.0.0.1", 2)  # the retry topic is keyed by host
    assert [(topic, page.attempts) for topic, page in outcomes] == [(PAGES, 1)] * 3
    # Only the first went straight through; the others waited on the retry topic.
    assert sorted((p.url, p.attempt) for _, p in parked) == [(urls[1], 0), (urls[2], 0)]
    assert all(p.last_failure.startswith("host 127.0.0.1 busy for") for _, p in parked)
    assert [origin.count(f"/page/{n}") for n in range(3)] == [1, 1, 1]
