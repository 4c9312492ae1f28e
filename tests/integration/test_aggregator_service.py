"""The Faust aggregator as a real process on the real broker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen
from typing import Any, TypeVar

import httpx

from services.aggregator.tables import NAMES, ProvinceTables
from shared.contracts import DEAD_LETTERS, ENRICHED, MEETINGS, Document, MeetingRecord
from tests.kafka_io import Broker
from tests.records import meeting_record, person
from tests.services import process
from tinhuy.localbroker import free_port

PAGE = "https://baohagiang.vn/thoi-su-chinh-tri/202503/doan-kiem-tra-52d2fd8/"
T = TypeVar("T")


def aggregator_env(service_env: dict[str, str], tmp_path: Path, port: int) -> dict[str, str]:
    return {
        **service_env,
        "TINHUY_AGG_WEB_PORT": str(port),
        "TINHUY_AGG_DATA_DIR": str(tmp_path / "agg"),
    }


# --- helpers the other aggregator test modules share ---------------------------


@dataclass
class Worker:
    proc: Popen[bytes]
    url: str
    log: Path

    async def get(self, path: str) -> tuple[int, Any]:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(self.url + path)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, response.text


@contextmanager
def worker(
    service_env: dict[str, str], tmp_path: Path, name: str, **extra: str
) -> Iterator[Worker]:
    """One aggregator process with its own port and data dir; SIGTERM at the end."""
    port = free_port()
    env = {
        **service_env,
        "TINHUY_AGG_WEB_PORT": str(port),
        "TINHUY_AGG_DATA_DIR": str(tmp_path / name),
        "TINHUY_AGG_SESSION_TIMEOUT_S": "6",  # a SIGKILLed worker's partitions move soon
        **extra,
    }
    # One log per start: a restarted worker must not overwrite its predecessor's log.
    log = tmp_path / f"{name}.log"
    n = 1
    while log.exists():
        n += 1
        log = tmp_path / f"{name}-{n}.log"
    with process("aggregator", env, log) as proc:
        yield Worker(proc, f"http://127.0.0.1:{port}", log)


async def eventually(
    check: Callable[[], Awaitable[T]], ok: Callable[[T], bool], timeout: float, what: str
) -> T:
    """Poll `check` until `ok(result)`; the last result at the deadline, failing with `what`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = await check()
        except httpx.TransportError:
            result = None  # type: ignore[assignment]
        if result is not None and ok(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: last seen {result!r}"[:3000])
        await asyncio.sleep(0.5)


def truth(records: list[tuple[str, MeetingRecord]]) -> tuple[ProvinceTables, list[tuple[str, int]]]:
    """The state and the enriched (meeting_id, version) list the records must produce."""
    state = ProvinceTables({name: {} for name in NAMES})
    enriched = [state.fold(r, "t") for _, r in records]
    return state, sorted((e.meeting_id, e.version) for e in enriched if e)


def rows(state: ProvinceTables) -> list[tuple[str, int, int]]:
    return sorted(
        (code, s["meetings_total"], s["reports_total"]) for code, s in state.provinces.items()
    )


async def api_rows(w: Worker) -> list[tuple[str, int, int]] | None:
    status, body = await w.get("/provinces")
    if status != 200:
        return None
    return [(r["code"], r["meetings_total"], r["reports_total"]) for r in body["provinces"]]


async def send_all(broker: Broker, records: list[tuple[str, MeetingRecord]]) -> None:
    for key, record in records:
        await broker.send(MEETINGS, record, key)


async def enriched_ids(broker: Broker, count: int) -> list[tuple[str, int]]:
    got = await broker.read_exactly(ENRICHED, count, timeout=60)
    return sorted((r.value.meeting_id, r.value.version) for r in got)


def local_details(state: ProvinceTables, code: str) -> Any:
    """What the API answers for `code` (without lineage), as JSON would carry it."""
    return httpx.Response(200, json=state.details(code)).json()


async def test_bad_record_is_dead_lettered_and_the_next_one_is_enriched(
    broker: Broker, service_env: dict[str, str], tmp_path: Path, unused_tcp_port: int
) -> None:
    env = aggregator_env(service_env, tmp_path, unused_tcp_port)
    with process("aggregator", env, tmp_path / "aggregator.log"):
        await broker.send(MEETINGS, b"\xff\xfe garbage", "VN-03")
        await broker.send(
            MEETINGS,
            meeting_record(
                "r1", documents=[Document(type="resolution", number="18", code="18-NQ/TW")]
            ),
            "VN-03",
        )
        [dead] = await broker.read(DEAD_LETTERS, 1, timeout=60)
        [enriched] = await broker.read(ENRICHED, 1, timeout=60)
    assert dead.value.reason == "undecodable message"
    assert dead.value.error.startswith("not JSON")
    assert dead.value.service == "aggregator"
    assert (dead.value.source_topic, dead.value.offset) == (broker.name(MEETINGS), 0)
    assert enriched.key == b"VN-03-2025-03-17-standing_committee"
    assert enriched.value.version == 1
    assert [r.record_id for r in enriched.value.reports] == ["r1"]
    assert enriched.value.context["nth_meeting_this_month"] == 1
    assert [d["number"] for d in enriched.value.context["documents_first_cited_here"]] == ["18"]


async def test_translation_and_its_source_page_merge_into_one_meeting(
    broker: Broker, service_env: dict[str, str], tmp_path: Path, unused_tcp_port: int
) -> None:
    # The translation has no date (so no meeting id) but names the page as its source.
    translation = meeting_record(
        "ru1",
        meeting_id=None,
        date=None,
        date_precision=None,
        chairs=[person("Le Minh Hung", "Head of the Central Organization Commission")],
        source={"lang": "ru", "source_urls": [PAGE]},
    )
    original = meeting_record(
        "vi1",
        chairs=[person("Le Minh Hung", name="Lê Minh Hưng")],
        participants=[person("Thao Hong Son", name="Thào Hồng Sơn")],
        source={"url": PAGE, "outlet": "baohagiang.vn", "lang": "vi"},
    )
    env = aggregator_env(service_env, tmp_path, unused_tcp_port)
    with process("aggregator", env, tmp_path / "aggregator.log"):
        await broker.send(MEETINGS, translation, "VN-03")
        await broker.send(MEETINGS, original, "VN-03")
        await broker.send(MEETINGS, original, "VN-03")  # a redelivery counts once
        enriched = await broker.read_exactly(ENRICHED, 2, timeout=60)
    first, merged = sorted((e.value for e in enriched), key=lambda e: e.version)
    assert first.meeting_id == "record:ru1"
    assert merged.meeting_id == "VN-03-2025-03-17-standing_committee"
    assert merged.version == 2
    assert merged.replaces == ["record:ru1"]
    assert [(r.record_id, r.lang) for r in merged.reports] == [("ru1", "ru"), ("vi1", "vi")]
    assert merged.meeting.date == "2025-03-17"
    [chair] = merged.meeting.chairs
    assert (chair.name_ascii, chair.name, chair.roles) == (
        "Le Minh Hung",
        "Lê Minh Hưng",
        ["Head of the Central Organization Commission"],
    )
    assert [p.name_ascii for p in merged.meeting.participants] == ["Thao Hong Son"]
