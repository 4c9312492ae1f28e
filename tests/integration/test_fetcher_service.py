"""The fetcher service on the real broker against a real origin on 127.0.0.1."""

from __future__ import annotations

from services.fetcher.app import serve
from services.fetcher.settings import FetcherSettings
from shared.contracts import DEAD_LETTERS, FETCH_FAILURES, PAGES, URL_REQUESTS, UrlRequest
from tests.kafka_io import Broker
from tests.origin import ARTICLE_HTML, serve_origin
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
