"""A real HTTP origin on 127.0.0.1 for the fetcher's tests (aiohttp, port 0)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

ARTICLE_HTML = (
    "<html><head><meta charset='utf-8'><title>Hội nghị Tỉnh ủy</title></head>"
    "<body><h1>Hội nghị Ban Thường vụ Tỉnh ủy</h1><p>Sáng 19/3, Ban Thường vụ Tỉnh ủy họp.</p>"
    "</body></html>"
)


@dataclass
class Origin:
    host: str
    port: int

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"


def routes() -> web.RouteTableDef:
    table = web.RouteTableDef()

    @table.get("/article")
    async def article(request: web.Request) -> web.Response:
        return web.Response(text=ARTICLE_HTML, content_type="text/html", charset="utf-8")

    @table.get("/redirect")
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    @table.get("/image")
    async def image(request: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")

    return table


@asynccontextmanager
async def serve_origin(host: str = "127.0.0.1") -> AsyncIterator[Origin]:
    app = web.Application()
    app.add_routes(routes())
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, host, 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield Origin(host, port)
    finally:
        await runner.cleanup()
