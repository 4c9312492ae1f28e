"""Hostile input on every topic and hostile URLs, to the three services as processes: each
ends in its dead letter or fetch failure with the reason, no service stops, and the valid
URLs sent after them all become enriched meetings."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shared.contracts import ARTICLES, FETCH_RETRIES, MEETINGS, PAGES, URL_REQUESTS, Topic
from tests.kafka_io import Broker
from tests.pipeline import SKIPS, Recorder, Stack, account, pipeline_env, publish_paced
from tinhuy.corpus import generate, serve_corpus
from tinhuy.localbroker import free_port

pytestmark = pytest.mark.timeout(300)

DEADLINE_S = 150.0
HUGE = 10_000_000  # under the broker's and producers' 10 MiB (10,485,760 bytes) with headers
# topic -> the service (consume loop) that reads it
READERS: dict[Topic[Any], str] = {
    URL_REQUESTS: "fetcher",
    FETCH_RETRIES: "fetcher-retry",
    PAGES: "parser",
    ARTICLES: "parser",
    MEETINGS: "aggregator",
}
# key suffix -> (raw value, the start of the dead letter's error)
GARBAGE: dict[str, tuple[bytes | None, str]] = {
    "bytes": (b"\xff\xfe\x00\x01binary\x00", "not JSON"),
    "cut-json": (b'{"url": "http://127.0.0.2/a", "depth', "not JSON"),
    "array": (b"[1, 2, 3]", "schema violation"),
    "wrong-schema": (b'{"schema": "tinhuy.nothing/9", "url": 1}', "schema violation"),
    "empty-object": (b"{}", "schema violation"),
    "tombstone": (None, "empty message value"),
    "huge": (b'{"text": "' + b"x" * HUGE + b'"', "not JSON"),
}
# URLs that are not in the corpus: the exact reason each must fail with.
BAD_URLS = {
    "javascript:alert(1)": "scheme not allowed: javascript",
    "http://localhost:1/": "blocked address 127.0.0.1 (loopback)",
    "http://0.0.0.0/": "blocked address 0.0.0.0 (unspecified)",
}


async def wait_for(what: str, done: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.3)


async def test_hostile_input_is_refused_with_reasons_and_valid_urls_after_it_all_arrive(
    broker: Broker, service_env: dict[str, str], tmp_path: Path
) -> None:
    corpus = generate(31, 6, hostile=True)
    async with serve_corpus(corpus, hosts=4) as origin:
        env = {
            **pipeline_env(service_env, tmp_path / "agg", free_port()),
            "TINHUY_FETCH_TOTAL_TIMEOUT_S": "3",  # the endless drip
            "TINHUY_FETCH_RETRY_ATTEMPTS": "2",
            "TINHUY_FETCH_RETRY_BASE_S": "0.2",
            # Only the corpus origin's addresses: localhost and 0.0.0.0 stay blocked.
            "TINHUY_FETCH_ALLOW": ",".join(origin.hosts),
        }
        stack = Stack(env, tmp_path / "logs")
        stack.start_all()
        try:
            async with Recorder(broker.settings) as rec:
                for topic in READERS:
                    for name, (raw, _) in GARBAGE.items():
                        await broker.send(topic, raw, key=f"{short_name(topic)}-{name}")
                hostile = {origin.url_for(u): corpus.truth.by_url[u].expect
                           for u in corpus.of_kind("hostile")}  # fmt: skip
                articles = corpus.of_kind("original") + corpus.of_kind("translation")
                valid = [origin.url_for(u) for u in articles]
                sent: dict[str, float] = {}
                await publish_paced(broker.settings, [*hostile, *BAD_URLS], None, sent)
                await publish_paced(broker.settings, valid, None, sent)
                urls = [*hostile, *BAD_URLS, *valid]
                letters = len(READERS) * len(GARBAGE)

                def done() -> bool:
                    garbage = [s for s in rec["dead-letters"] if s.value and
                               s.value["reason"] == "undecodable message"]  # fmt: skip
                    return len(garbage) >= letters and not account(rec).missing(urls)

                try:
                    await wait_for("every outcome", done, DEADLINE_S)
                except TimeoutError:
                    pass  # the assertions below say what is missing
                result = account(rec)
                dead = list(rec["dead-letters"])
            alive = stack.alive()
        finally:
            stack.stop()
    logs = "\n".join(f"--- {n}\n{stack.tail(n, 20)}" for n in stack.procs)
    assert alive == dict.fromkeys(("fetcher", "parser", "aggregator"), True), logs

    got = {s.key: s.value for s in dead if s.value and s.value["reason"] == "undecodable message"}
    for topic, service in READERS.items():
        for name, (raw, error) in GARBAGE.items():
            key = f"{short_name(topic)}-{name}"
            assert key in got, f"no dead letter for {key}\n{logs}"
            letter = got[key]
            assert letter["service"] == service, key
            assert letter["source_topic"] == broker.name(topic), key
            assert letter["error"].startswith(error), (key, letter["error"])
            assert letter["value_truncated"] == (raw is not None and len(raw) > 4 * 1024 * 1024)

    missing = result.missing(urls)
    assert not missing, result.diff(urls)
    assert not result.ambiguous(urls), result.ambiguous(urls)
    for url, expect in hostile.items():
        [outcome] = result.outcomes[url]
        assert outcome.kind == expect.outcome, (url, outcome)
        assert outcome.detail.startswith(expect.reason or ""), (url, outcome)
    for url, reason in BAD_URLS.items():
        assert [(o.kind, o.detail) for o in result.outcomes[url]] == [("fetch_failure", reason)]
    for url in valid:
        assert {o.kind for o in result.outcomes[url]} == {"report"}, (url, result.outcomes[url])
    meetings = {o.detail for u in valid for o in result.outcomes[u]}
    assert meetings == set(corpus.truth.meetings)
    assert set(result.skips) <= SKIPS


def short_name(topic: Topic[Any]) -> str:
    return topic.name.removeprefix("tinhuy.").removesuffix(".v1")
