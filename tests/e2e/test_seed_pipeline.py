"""The seeds through the whole pipeline: three service processes, the real broker."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from shared.contracts import ENRICHED
from tests.kafka_io import Broker
from tests.services import ROOT, process
from tinhuy import client
from tinhuy.summary import latest_meetings

SEEDS = ROOT / "seeds"
SOURCES = {
    "Quang Ninh": "https://daidoanket.vn/can-co-cac-nhom-giai-phap-de-quang-ninh-tien-nhanh-chac-ben-vung-ve-moi-mat-10301856.html",
    "Ha Giang": "https://baohagiang.vn/thoi-su-chinh-tri/202503/doan-kiem-tra-cua-bo-chinh-tri-lam-viec-voi-ban-thuong-vu-tinh-uy-52d2fd8/",
    "Hai Duong": "https://baohaiduong.vn/bi-thu-tinh-uy-tran-duc-thang-dai-hoi-la-dip-chinh-don-doi-ngu-va-nang-cao-nang-luc-suc-chien-dau-cua-to-chuc-dang-392942.html",
    "Bac Giang": "https://bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/St1DaeZNsp94/content/hoi-nghi-tong-ket-cong-tac-lanh-ao-cua-tinh-uy-nam-2024-trien-khai-nhiem-vu-nam-2025",
}
SEED_LANGS = {
    "Quang Ninh": "de",
    "Ha Giang": "ru",
    "Hai Duong": "de",
    "Nghe An": "de",
    "Bac Giang": "el",
}


async def test_seeds_and_their_sources_become_one_enriched_meeting_each(
    broker: Broker, service_env: dict[str, str], tmp_path: Path, unused_tcp_port: int
) -> None:
    env = {
        **service_env,
        "TINHUY_FETCH_MODE": "replay",
        "TINHUY_FETCH_REPLAY_WARC": str(SEEDS / "pages.warc.gz"),
        "TINHUY_AGG_WEB_PORT": str(unused_tcp_port),
        "TINHUY_AGG_DATA_DIR": str(tmp_path / "agg"),
    }
    with ExitStack() as stack:
        for name in ("fetcher", "parser", "aggregator"):
            stack.enter_context(process(name, env, tmp_path / f"{name}.log"))
        await client.publish(broker.settings, client.seed_articles(SEEDS))
        # 5 seed reports + 4 source pages: one enriched record per new report.
        received = await broker.read_exactly(ENRICHED, 9, timeout=120)
    records = [r.value.model_dump(mode="json", by_alias=True) for r in received]
    meetings = {m["province"]["name_ascii"]: m for m in latest_meetings(records).values()}
    assert sorted(meetings) == sorted(SEED_LANGS)
    for province, meeting in meetings.items():
        reports = [(r["lang"], r["url"]) for r in meeting["reports"]]
        expected = [(SEED_LANGS[province], None)]
        if province in SOURCES:
            expected.append(("vi", SOURCES[province]))
        assert sorted(reports, key=str) == sorted(expected, key=str), province
