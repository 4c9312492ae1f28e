"""The fetcher service on the real broker against a real origin on 127.0.0.1."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from services.fetcher.app import FetcherService, serve
from services.fetcher.archive import Replay
from services.fetcher.settings import FetcherSettings
from shared.contracts import DEAD_LETTERS, FETCH_FAILURES, PAGES, URL_REQUESTS, UrlRequest
from tests.kafka_io import Broker
from tests.origin import ARTICLE_HTML, fetcher_settings, serve_origin
from tests.services import in_process


def settings_for(broker: Broker, **extra: str) -> FetcherSettings:
    base = broker.settings
    return FetcherSettings(
        kafka_bootstrap=base.kafka_bootstrap, topic_prefix=base.topic_prefix, **extra
    )


async def test_allowed_origin_page_is_published_with_its_text(broker: Broker) -> None:
    async with (
        serve_origin() as origin,
        in_process(serve, settings_for(broker, fetch_allow="127.0.0.1")),
    ):
        await broker.send(URL_REQUESTS, UrlRequest(url=origin.url("/article")), "127.0.0.1")
        [page] = await broker.read(PAGES, 1)
    assert page.value.url == origin.url("/article")
    assert page.value.final_url == origin.url("/article")
    assert page.value.status == 200
    assert page.value.charset == "utf-8"
    assert page.value.text == ARTICLE_HTML
    assert page.value.size == len(ARTICLE_HTML.encode())


async def test_loopback_without_allow_list_is_refused(broker: Broker) -> None:
    async with serve_origin() as origin, in_process(serve, settings_for(broker)):
        await broker.send(URL_REQUESTS, UrlRequest(url=origin.url("/article")), "127.0.0.1")
        [failure] = await broker.read(FETCH_FAILURES, 1)
    assert failure.value.reason == "blocked address 127.0.0.1 (loopback)"
    assert await broker.read(PAGES, 1, timeout=1) == []


async def test_redirect_to_metadata_address_is_refused_at_the_hop(broker: Broker) -> None:
    async with (
        serve_origin() as origin,
        in_process(serve, settings_for(broker, fetch_allow="127.0.0.1")),
    ):
        url = origin.url("/redirect?to=http://169.254.169.254/latest/meta-data/")
        await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
        [failure] = await broker.read(FETCH_FAILURES, 1)
    assert failure.value.reason == "blocked address 169.254.169.254 (cloud metadata)"


async def test_bad_messages_are_dead_lettered_and_the_fetcher_goes_on(broker: Broker) -> None:
    async with in_process(serve, settings_for(broker)):
        await broker.send(URL_REQUESTS, b"{not json", "x")
        await broker.send(URL_REQUESTS, b'{"schema": "tinhuy.url_request/1"}', "y")
        await broker.send(URL_REQUESTS, UrlRequest(url="ftp://example.org/file"), "example.org")
        dead = await broker.read(DEAD_LETTERS, 2)
        [failure] = await broker.read(FETCH_FAILURES, 1)
    reasons = sorted((d.value.reason, d.value.error.split(":")[0], d.key) for d in dead)
    assert reasons == [
        ("undecodable message", "not JSON", b"x"),
        ("undecodable message", "schema violation", b"y"),
    ]
    assert {d.headers["source_topic"] for d in dead} == {broker.name(URL_REQUESTS)}
    assert {d.headers["service"] for d in dead} == {"fetcher"}
    assert failure.value.reason == "scheme not allowed: ftp"


async def test_non_html_content_type_is_a_failure(broker: Broker) -> None:
    async with (
        serve_origin() as origin,
        in_process(serve, settings_for(broker, fetch_allow="127.0.0.1")),
    ):
        await broker.send(URL_REQUESTS, UrlRequest(url=origin.url("/image")), "127.0.0.1")
        [failure] = await broker.read(FETCH_FAILURES, 1)
    assert (failure.value.reason, failure.value.detail) == ("content type not allowed", "image/png")


async def test_stop_during_a_fetch_publishes_its_page_before_exit(broker: Broker) -> None:
    settings = fetcher_settings(broker.settings, fetch_allow="127.0.0.1")
    async with serve_origin() as origin:
        url = origin.url("/slow?delay=1.5")
        async with in_process(serve, settings):
            await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
            for _ in range(600):  # until the origin has the request (30 s at most)
                if origin.count("/slow?delay=1.5"):
                    break
                await asyncio.sleep(0.05)
        # Left the block: stop was set while the response was still on its way.
        [page] = await broker.read(PAGES, 1, timeout=5)
    assert (page.value.url, page.value.text) == (url, ARTICLE_HTML)


async def test_metrics_and_health_are_served(broker: Broker) -> None:
    settings = fetcher_settings(broker.settings, fetch_allow="127.0.0.1", fetch_ops_port=0)
    stop = asyncio.Event()
    service = FetcherService(settings, stop)
    task = asyncio.create_task(service.run())
    try:
        async with serve_origin() as origin, httpx.AsyncClient() as client:
            await broker.send(URL_REQUESTS, UrlRequest(url=origin.url("/article")), "127.0.0.1")
            await broker.read(PAGES, 1)
            ops = f"http://127.0.0.1:{service.ops.port}"
            metrics = (await client.get(f"{ops}/metrics")).text
            health = await client.get(f"{ops}/healthz")
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert 'tinhuy_fetcher_fetched_total{source="live"} 1.0' in metrics
    assert "tinhuy_fetcher_request_seconds_count 2.0" in metrics  # robots.txt and the page
    assert "tinhuy_fetcher_in_flight 0.0" in metrics
    assert health.status_code == 200
    assert health.json()["ok"] is True


async def test_recorded_warc_replays_the_same_page_offline(broker: Broker, tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    live = fetcher_settings(broker.settings, fetch_allow="127.0.0.1", fetch_record_warc=str(warc))
    replay = fetcher_settings(
        broker.settings,
        fetch_mode="replay",
        fetch_replay_warc=str(warc),
        fetch_refetch_interval_s=0.0,
    )
    async with serve_origin() as origin:
        url = origin.url("/article")
        async with in_process(serve, live):
            await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
            [fetched] = await broker.read(PAGES, 1)
    async with in_process(serve, replay):  # the origin is gone; replay never goes live
        await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
        [_, replayed] = await broker.read(PAGES, 2)
    assert Replay.load([warc]).urls() == [origin.url("/article"), origin.url("/robots.txt")]
    assert replayed.value.from_archive is True
    assert (replayed.value.text, replayed.value.sha256) == (ARTICLE_HTML, fetched.value.sha256)
