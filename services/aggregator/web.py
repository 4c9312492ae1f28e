"""The query API beside the aggregator: provinces and meetings as JSON."""

from __future__ import annotations

from typing import Any

import faust
from faust.web import Request, Response, View

from services.aggregator import stats


def register(app: faust.App, provinces: Any) -> None:
    @app.page("/provinces/")
    async def list_provinces(web: View, request: Request) -> Response:
        # Local partitions only for now; cross-worker fan-out comes with issue 5.
        rows = [stats.summary(state) for _, state in provinces.items()]
        return web.json({"provinces": rows})

    @app.page("/provinces/{code}/")
    @app.table_route(table=provinces, match_info="code")
    async def one_province(web: View, request: Request, code: str) -> Response:
        if code not in provinces:
            return web.json({"error": f"unknown province {code}"}, status=404)
        return web.json(stats.details(provinces[code]))
