"""The corpus served over real HTTP on loopback addresses, many hosts at once.

Each logical host of the corpus (`baohagiang.vn`, `vnbrief-de.example`, …) is given one of
`hosts` loopback addresses 127.0.0.2 … 127.0.0.(hosts+1), all on one port; only those
addresses are bound (never 0.0.0.0). Two ways to address a page:

- by address (default): `http://127.0.0.7:PORT/path`; a fetcher needs only 127.0.0.0/8 on its
  allow list. Logical hosts sharing an address are told apart by path (paths are unique).
- by name (`names=True`): `http://baohagiang.vn:PORT/path`, with `origin.resolve` (host=ip
  pairs for TINHUY_FETCH_RESOLVE) telling the fetcher where each name lives; the parser
  then sees real-looking outlet domains, and politeness applies per name.

Every URL inside a page (canonical, og:url, a translation's source line) is rewritten to the
served form, so source URLs the parser finds lead back to this origin. Every request is
logged per host (`origin.log`) with its arrival time, for politeness checks; robots.txt is
served per host (allow-all unless `robots` says otherwise); `latency` delays every answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

from aiohttp import web

from tinhuy.corpus.model import Corpus, Page

ALLOW_ALL = "User-agent: *\nAllow: /\n"
DRIP_EVERY_S = 1.0
DRIP_LIMIT_S = 600.0  # the endless page gives up after this, so a server always shuts down
HUGE_CHUNK = 64 * 1024
BIND_ATTEMPTS = 20


@dataclass(frozen=True)
class Hit:
    host: str  # as the request named it (address or name), without port
    path: str  # path and query
    at: float  # time.monotonic() on arrival
    user_agent: str


@dataclass
class Origin:
    corpus: Corpus
    port: int
    addresses: dict[str, str]  # logical host -> loopback address
    names: bool
    robots: dict[str, str | None] = field(default_factory=dict)  # served host -> robots.txt
    default_robots: str | None = ALLOW_ALL
    latency: float = 0.0
    log: dict[str, list[Hit]] = field(default_factory=dict)  # served host -> its requests
    _served: dict[tuple[str, str], tuple[str, Page, bytes]] = field(default_factory=dict)

    def base(self, logical_host: str) -> str:
        where = logical_host if self.names else self.addresses[logical_host]
        return f"http://{where}:{self.port}"

    def url_for(self, url: str) -> str:
        """The served URL of a logical one; a URL the origin does not serve is returned as
        it is (the bad-scheme and private-address extras)."""
        host = _host_of(url)
        if host not in self.addresses or not url.startswith("https://"):
            return url
        return self.base(host) + url[len("https://") + len(host) :]

    @property
    def urls(self) -> list[str]:
        """Every URL to submit, served form, in the corpus's order."""
        return [self.url_for(u) for u in self.corpus.urls]

    @property
    def resolve(self) -> str:
        """`host=ip` pairs for TINHUY_FETCH_RESOLVE (needed with names=True)."""
        return ",".join(f"{h}={ip}" for h, ip in sorted(self.addresses.items()))

    @property
    def hosts(self) -> list[str]:
        """The served host names or addresses, sorted."""
        return sorted(set(self.addresses) if self.names else set(self.addresses.values()))

    def body(self, served_url: str) -> bytes:
        """The bytes the origin sends for a (static) page."""
        host, path = _split(served_url)
        return self._served[(host, path)][2]

    def logical(self, served_url: str) -> str:
        host, path = _split(served_url)
        return self._served[(host, path)][0]

    def page(self, served_url: str) -> Page | None:
        """The page served at a URL, None when the origin serves nothing there."""
        found = self._served.get(_split(served_url))
        return found[1] if found else None

    def hits(self, host: str | None = None) -> list[Hit]:
        if host is not None:
            return list(self.log.get(host, []))
        return sorted((h for hs in self.log.values() for h in hs), key=lambda h: h.at)

    def prepare(self) -> None:
        """Index every page by (served host, path) and rewrite its URLs to the served form."""
        bases = {h.encode(): self.base(h).encode() for h in self.addresses}
        pattern = re.compile(rb"https://(" + b"|".join(map(re.escape, sorted(bases, key=len,
                             reverse=True))) + rb")(?=[/\"'<\s])")  # fmt: skip

        def swap(m: re.Match[bytes]) -> bytes:
            return bases[m[1]]

        for url, page in self.corpus.pages.items():
            host, path = _split(url)
            served = self.url_for(url)
            body = pattern.sub(swap, page.html) if page.behaviour == "static" else page.html
            key = _split(served)
            if key in self._served:
                raise ValueError(f"two pages at {served}: {url} and {self._served[key][0]}")
            self._served[key] = (url, page, body)
            if self.names is False:
                self._served.setdefault((host, path), (url, page, body))


def _host_of(url: str) -> str:
    parts = url.split("/", 3)
    return parts[2] if len(parts) > 2 else ""


def _split(url: str) -> tuple[str, str]:
    _, _, rest = url.partition("://")
    netloc, slash, path = rest.partition("/")
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc, slash + path


async def _answer(origin: Origin, request: web.Request) -> web.StreamResponse:
    host = (request.host or "").rsplit(":", 1)[0]
    origin.log.setdefault(host, []).append(
        Hit(host, request.path_qs, time.monotonic(), request.headers.get("User-Agent", ""))
    )
    if origin.latency:
        await asyncio.sleep(origin.latency)
    if request.path == "/robots.txt":
        rules = origin.robots.get(host, origin.default_robots)
        if rules is None:
            raise web.HTTPNotFound()
        return web.Response(text=rules, content_type="text/plain")
    found = origin._served.get((host, request.path_qs))
    if found is None:
        raise web.HTTPNotFound()
    _, page, body = found
    if page.behaviour == "redirect":
        return web.Response(status=page.status, headers={"Location": page.location or "/"})
    if page.behaviour in ("drip", "huge"):
        return await _stream(request, page)
    return web.Response(status=page.status, body=body, headers={"Content-Type": page.content_type})


async def _stream(request: web.Request, page: Page) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": page.content_type})
    with contextlib.suppress(ConnectionError):
        await response.prepare(request)
        if page.behaviour == "huge":
            chunk = (b"<p>" + b"x" * (HUGE_CHUNK - 8) + b"</p>\n")[:HUGE_CHUNK]
            for _ in range(page.size // HUGE_CHUNK):
                await response.write(chunk)
        else:
            deadline = time.monotonic() + DRIP_LIMIT_S
            while time.monotonic() < deadline:
                await response.write(page.html)
                await asyncio.sleep(DRIP_EVERY_S)
        await response.write_eof()
    return response


def assign(corpus: Corpus, hosts: int) -> dict[str, str]:
    """Logical hosts onto `hosts` loopback addresses, round robin in sorted order."""
    if not 1 <= hosts <= 250:
        raise ValueError("hosts must be 1..250 (127.0.0.2 … 127.0.0.251)")
    return {h: f"127.0.0.{2 + i % hosts}" for i, h in enumerate(corpus.hosts)}


async def _bind(
    runner: web.AppRunner, addresses: list[str], port: int
) -> tuple[int, list[web.TCPSite]]:
    """All addresses on one port: the first picks it (or `port`), the rest follow; a clash
    starts over on a new port."""
    for _ in range(BIND_ATTEMPTS):
        sites: list[web.TCPSite] = []
        chosen = port
        try:
            for address in addresses:
                site = web.TCPSite(runner, address, chosen)
                await site.start()
                sites.append(site)
                if not chosen:
                    chosen = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            return chosen, sites
        except OSError:
            for site in sites:
                await site.stop()
            if port:
                raise
    raise OSError(f"no common free port for {len(addresses)} loopback addresses")


@contextlib.asynccontextmanager
async def serve_corpus(
    corpus: Corpus,
    hosts: int = 20,
    *,
    port: int = 0,
    names: bool = False,
    latency: float = 0.0,
    robots: Mapping[str, str | None] | None = None,
) -> AsyncIterator[Origin]:
    """Serve `corpus` until the block ends. `robots` maps a served host to its robots.txt
    (None: 404); other hosts allow everything."""
    addresses = assign(corpus, hosts)
    origin = Origin(corpus, 0, addresses, names, dict(robots or {}), latency=latency)
    app = web.Application()

    async def handler(request: web.Request) -> web.StreamResponse:
        return await _answer(origin, request)

    app.router.add_route("GET", "/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        origin.port, _ = await _bind(runner, sorted(set(addresses.values())), port)
        origin.prepare()
        yield origin
    finally:
        await runner.cleanup()
