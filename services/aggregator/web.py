"""The query API and dashboard beside the aggregator: any worker answers for any province.

A province's keys live on the worker that owns its partition of the meetings
topic. We route by hand instead of Faust's `@app.table_route`: that hashes
the *table* key as the table serializes it (JSON: `"VN-03"` with quotes) with
the producer's view of the changelog topic, while Faust placed the rows in
the partition of the input record, keyed by the raw code. Here the partition
is computed the way the producer of the meetings topic computed it (murmur2
of the raw code, aiokafka's and Java's default), and the owner comes from the
assignor's table metadata. A worker answers `/_local/…` from its own
partitions; the public views forward to the owner or fan out to every worker.
After a rebalance a worker still holds the rows of partitions it gave away
(Faust's memory store keeps them), so it answers only for partitions it owns
now and has recovered, and 503 otherwise.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
import faust
import orjson
from aiokafka.partitioner import DefaultPartitioner
from faust.types import TP
from faust.web import Request, Response, View

from services.aggregator import merge, openapi, stats
from services.aggregator.tables import ProvinceTables
from shared import lineage
from shared.contracts import MEETINGS

log = logging.getLogger(__name__)

DASHBOARD = Path(__file__).with_name("dashboard.html")
PARTITIONS = list(range(MEETINGS.partitions))
_partitioner = DefaultPartitioner()


class Unavailable(Exception):
    """No worker owns the partition yet (a rebalance or recovery is under way)."""


def partition_of(code: str) -> int:
    return int(_partitioner(code.encode("utf-8"), PARTITIONS, PARTITIONS))


class Cluster:
    """Which worker holds which province, and asking it."""

    def __init__(self, app: faust.App, state: ProvinceTables) -> None:
        self.app = app
        self.state = state
        self.table = state.provinces.name

    def _hosts(self) -> dict[str, list[int]]:
        changelog = self.state.provinces.changelog_topic.get_topic_name()
        meta = self.app.router.table_metadata(self.table)
        return {url: parts.get(changelog, []) for url, parts in meta.items()}

    def owner(self, code: str) -> str:
        partition = partition_of(code)
        for url, partitions in self._hosts().items():
            if partition in partitions:
                return url.rstrip("/")
        raise Unavailable(f"no worker owns partition {partition} yet")

    def workers(self) -> list[str]:
        hosts = [url.rstrip("/") for url, parts in self._hosts().items() if parts]
        if not hosts:
            raise Unavailable("no partitions assigned yet")
        return sorted(hosts)

    def is_me(self, url: str) -> bool:
        return url == str(self.app.conf.canonical_url).rstrip("/")

    async def ask(self, url: str, path: str) -> Any:
        """GET `path` from worker `url` (None for 404)."""
        try:
            async with self.app.http_client.get(url + path) as response:
                if response.status == 404:
                    return None
                if response.status != 200:
                    raise Unavailable(f"{url}{path} answered {response.status}")
                return orjson.loads(await response.read())
        except aiohttp.ClientError as exc:  # the owner died; the group has not noticed yet
            raise Unavailable(f"{url} unreachable: {exc}") from exc


def register(app: faust.App, state: ProvinceTables) -> None:
    cluster = Cluster(app, state)
    places = lineage.load()

    def ready() -> bool:
        recovery = app.tables.recovery
        return recovery.completed.is_set() and not (app.rebalancing or recovery.in_recovery)

    def owns(code: str) -> bool:
        """This worker holds `code`'s partition now and has recovered its tables."""
        tp = TP(state.provinces.changelog_topic.get_topic_name(), partition_of(code))
        return ready() and tp in app.assignor.assigned_actives()

    def local_row(code: str) -> dict[str, Any]:
        s = state.provinces[code]
        keep = ("province", "meetings_total", "reports_total", "last_meeting", "by_month")
        return {"code": code, **{k: s[k] for k in keep}, "successor": places.successor(code)}

    async def details(code: str) -> dict[str, Any] | None:
        owner = cluster.owner(code)
        if cluster.is_me(owner):
            if not owns(code):
                raise Unavailable(f"{code} is moving or recovering")
            return state.details(code)
        return await cluster.ask(owner, f"/_local/provinces/{quote(code)}")

    async def with_lineage(code: str) -> dict[str, Any] | None:
        own = await details(code)
        earlier = [p for p in places.predecessors(code)]
        history = [d for d in [await details(p) for p in earlier] if d is not None]
        if own is None and not history:
            return None
        successor = places.successor(code)
        result = own or {"code": code, **stats.empty_summary(None)}
        result["lineage"] = {
            "successor": successor and {"code": successor, "name": places.name(successor)},
            "predecessors": [{"code": p, "name": places.name(p)} for p in earlier],
        }
        result["predecessors"] = history
        result["combined"] = stats.combined([d for d in [own, *history] if d])
        return result

    async def meeting(mid: str) -> dict[str, Any] | None:
        code = merge.province_of_meeting(mid)
        if code is not None:
            owner = cluster.owner(code)
            path = f"/_local/meetings/{quote(code)}/{quote(mid, safe='')}"
            return (
                state.meeting(code, mid) if cluster.is_me(owner) else await cluster.ask(owner, path)
            )
        for url in cluster.workers():  # a provisional `record:` id names no province
            if cluster.is_me(url):
                if not ready():
                    raise Unavailable("recovering")
                found = state.find_meeting_anywhere(mid, owns)
            else:
                found = await cluster.ask(url, f"/_local/meetings/*/{quote(mid, safe='')}")
            if found is not None:
                return found
        return None

    async def all_rows() -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for url in cluster.workers():
            if cluster.is_me(url):
                if not ready():
                    raise Unavailable("recovering")
                rows += [local_row(c) for c in state.local_codes() if owns(c)]
            else:
                rows += (await cluster.ask(url, "/_local/provinces")) or []
        return sorted(rows, key=lambda r: r["code"])

    def page(*paths: str) -> Any:
        def decorate(handler: Any) -> Any:
            async def guarded(web: View, request: Request, **kw: str) -> Response:
                try:
                    result = await handler(request, **kw)
                except Unavailable as exc:
                    return _json(web, {"error": f"not ready: {exc}"}, 503)
                if isinstance(result, Response):
                    return result
                status, body = result
                return _json(web, body, status)

            for path in paths:
                app.page(path)(guarded)
            return handler

        return decorate

    @page("/provinces", "/provinces/")
    async def list_provinces(request: Request) -> tuple[int, Any]:
        return 200, {"provinces": await all_rows()}

    @page("/provinces/{code}", "/provinces/{code}/")
    async def one_province(request: Request, code: str) -> tuple[int, Any]:
        found = await with_lineage(code)
        return (200, found) if found else (404, {"error": f"unknown province {code}"})

    @page("/meetings/{meeting_id}", "/meetings/{meeting_id}/")
    async def one_meeting(request: Request, meeting_id: str) -> tuple[int, Any]:
        found = await meeting(meeting_id)
        return (200, found) if found else (404, {"error": f"unknown meeting {meeting_id}"})

    @page("/_local/provinces")
    async def local_provinces(request: Request) -> tuple[int, Any]:
        if not ready():
            raise Unavailable("recovering")
        return 200, [local_row(c) for c in state.local_codes() if owns(c)]

    @page("/_local/provinces/{code}")
    async def local_province(request: Request, code: str) -> tuple[int, Any]:
        if not owns(code):  # the asker's view of the assignment is older than ours
            raise Unavailable(f"{code} is moving or recovering")
        found = state.details(code)
        return (200, found) if found else (404, {"error": f"unknown province {code}"})

    @page("/_local/meetings/{code}/{meeting_id}")
    async def local_meeting(request: Request, code: str, meeting_id: str) -> tuple[int, Any]:
        if not (ready() if code == "*" else owns(code)):
            raise Unavailable(f"{code} is moving or recovering")
        if code == "*":
            found = state.find_meeting_anywhere(meeting_id, owns)
        else:
            found = state.meeting(code, meeting_id)
        return (200, found) if found else (404, {"error": f"unknown meeting {meeting_id}"})

    @page("/openapi.json")
    async def openapi_document(request: Request) -> tuple[int, Any]:
        return 200, openapi.DOCUMENT

    @app.page("/dashboard/")
    async def dashboard(web: View, request: Request) -> Response:
        return web.html(DASHBOARD.read_text(encoding="utf-8"))

    @app.page("/")
    async def root(web: View, request: Request) -> Response:
        return web.html(DASHBOARD.read_text(encoding="utf-8"))


def _json(web: View, body: Any, status: int) -> Response:
    return web.bytes(orjson.dumps(body), content_type="application/json", status=status)
