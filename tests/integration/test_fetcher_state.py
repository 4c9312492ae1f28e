"""Dedup and refetch: the fetcher's memory survives a restart; refetches are conditional."""

from __future__ import annotations

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from services.fetcher.app import serve
from shared.contracts import FETCH_FAILURES, FETCH_STATE, PAGES, URL_REQUESTS, UrlRequest
from tests.kafka_io import Broker
from tests.origin import ARTICLE_HTML, ETAG, Outcomes, fetcher_settings, serve_origin
from tests.services import in_process


async def cleanup_policies(broker: Broker, *names: str) -> dict[str, str]:
    """Each topic's cleanup.policy as the broker reports it."""
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.settings.kafka_bootstrap)
    await admin.start()
    try:
        resources = [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
        responses = await admin.describe_configs(resources)
    finally:
        await admin.close()
    return {
        resource[3]: value
        for response in responses
        for resource in response.resources
        for key, value, *_ in resource[4]
        if key == "cleanup.policy"
    }


async def test_the_fetch_state_topic_is_created_compacted(broker: Broker) -> None:
    # The memory must keep each URL's latest state for ever, not a week of history.
    state, requests = (
        t.full_name(broker.settings.topic_prefix) for t in (FETCH_STATE, URL_REQUESTS)
    )
    assert await cleanup_policies(broker, state, requests) == {
        state: "compact",
        requests: "delete",
    }


async def test_fetched_url_is_not_fetched_again_by_a_restarted_fetcher(broker: Broker) -> None:
    settings = fetcher_settings(broker.settings, fetch_allow="127.0.0.1")
    async with serve_origin() as origin, Outcomes(broker.settings, [PAGES, FETCH_FAILURES]) as out:
        url = origin.url("/cached")
        async with in_process(serve, settings):
            await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
            [(_, page)] = await out.records(url, 1)
        async with in_process(serve, settings):  # a new worker: its memory comes from the topic
            # The same page under another spelling: the canonical URL is the key.
            again = origin.url("/cached?utm_source=mail#top")
            await broker.send(URL_REQUESTS, UrlRequest(url=again), "127.0.0.1")
            [(topic, skipped)] = await out.records(again, 1)
    assert (page.status, page.text) == (200, ARTICLE_HTML)
    assert topic is FETCH_FAILURES
    assert (skipped.reason, skipped.sha256, skipped.status) == (
        "fetched recently",
        page.sha256,
        None,
    )
    assert skipped.detail == f"fetched at {page.fetched_at}"
    assert origin.count("/cached") == 1


async def test_refetch_is_conditional_and_304_says_not_modified(broker: Broker) -> None:
    settings = fetcher_settings(
        broker.settings, fetch_allow="127.0.0.1", fetch_refetch_interval_s=0.0
    )
    async with (
        serve_origin() as origin,
        Outcomes(broker.settings, [PAGES, FETCH_FAILURES]) as out,
        in_process(serve, settings),
    ):
        url = origin.url("/cached")
        await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
        [(_, page)] = await out.records(url, 1)
        await broker.send(URL_REQUESTS, UrlRequest(url=url), "127.0.0.1")
        [_, (topic, not_modified)] = await out.records(url, 2)
        await broker.send(URL_REQUESTS, UrlRequest(url=url, force=True), "127.0.0.1")
        [_, _, (forced_topic, forced)] = await out.records(url, 3)
    assert topic is FETCH_FAILURES
    assert (not_modified.reason, not_modified.status, not_modified.sha256) == (
        "not modified",
        304,
        page.sha256,
    )
    conditional, unconditional = origin.hits[-2].headers, origin.hits[-1].headers
    assert conditional.get("If-None-Match") == ETAG
    assert "If-None-Match" not in unconditional  # force: the whole page again
    assert forced_topic is PAGES
    assert (forced.status, forced.sha256) == (200, page.sha256)
