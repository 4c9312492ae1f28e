"""The parser service on the real broker: records, source requests, dead letters."""

from __future__ import annotations

from services.parser.app import serve
from services.parser.settings import ParserSettings
from shared.contracts import (
    ARTICLES,
    DEAD_LETTERS,
    MEETINGS,
    PAGES,
    URL_REQUESTS,
    ArticleText,
)
from tests.kafka_io import Broker
from tests.services import ROOT, in_process

HA_GIANG_SEED = ROOT / "seeds" / "001_4cd7b3aea3d82d61.txt"
HA_GIANG_SOURCE = (
    "https://baohagiang.vn/thoi-su-chinh-tri/202503/"
    "doan-kiem-tra-cua-bo-chinh-tri-lam-viec-voi-ban-thuong-vu-tinh-uy-52d2fd8/"
)


def settings_for(broker: Broker, **extra: int) -> ParserSettings:
    base = broker.settings
    return ParserSettings(
        kafka_bootstrap=base.kafka_bootstrap, topic_prefix=base.topic_prefix, **extra
    )


async def test_article_becomes_a_meeting_record_and_its_source_a_url_request(
    broker: Broker,
) -> None:
    article = ArticleText(doc_id="001", text=HA_GIANG_SEED.read_text(encoding="utf-8"))
    async with in_process(serve, settings_for(broker)):
        await broker.send(ARTICLES, article, "001")
        [meeting] = await broker.read(MEETINGS, 1)
        [request] = await broker.read(URL_REQUESTS, 1)
    assert meeting.key == b"VN-03"
    assert meeting.value.province.name_ascii == "Ha Giang"
    assert meeting.value.source.source_urls == [HA_GIANG_SOURCE]
    assert (request.key, request.value.url) == (b"baohagiang.vn", HA_GIANG_SOURCE)
    assert (request.value.depth, request.value.discovered_from) == (1, "article:001")


async def test_sources_are_not_followed_past_the_depth_limit(broker: Broker) -> None:
    article = ArticleText(doc_id="001", text=HA_GIANG_SEED.read_text(encoding="utf-8"), depth=2)
    async with in_process(serve, settings_for(broker, parse_max_depth=2)):
        await broker.send(ARTICLES, article, "001")
        [meeting] = await broker.read(MEETINGS, 1)
    assert meeting.value.province.code == "VN-03"
    assert await broker.read(URL_REQUESTS, 1, timeout=1.5) == []


async def test_bad_input_on_both_topics_is_dead_lettered_and_the_parser_goes_on(
    broker: Broker,
) -> None:
    not_a_meeting = ArticleText(doc_id="weather", text="Trời nắng. Nhiệt độ 30 độ C.")
    article = ArticleText(doc_id="001", text=HA_GIANG_SEED.read_text(encoding="utf-8"))
    async with in_process(serve, settings_for(broker)):
        await broker.send(PAGES, b"\x00\x01 binary", "p")
        await broker.send(ARTICLES, b'{"schema": "tinhuy.article_text/1", "doc_id": "x"}', "a")
        await broker.send(ARTICLES, not_a_meeting, "weather")
        await broker.send(ARTICLES, article, "001")
        dead = await broker.read(DEAD_LETTERS, 3)
        [meeting] = await broker.read(MEETINGS, 1)
    by_key = {d.key: d.value for d in dead}
    assert by_key[b"p"].reason == "undecodable message"
    assert by_key[b"p"].source_topic == broker.name(PAGES)
    assert by_key[b"a"].error == "schema violation: text: Field required"
    assert by_key[b"weather"].reason.startswith("no meeting: ")
    assert meeting.value.province.code == "VN-03"
