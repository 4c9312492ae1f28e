"""The corpus origin: real HTTP on 127.0.0.x, many hosts on one port, every request logged."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tinhuy.corpus import generate, serve_corpus

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def corpus():
    return generate(21, 40, hostile=True)


async def test_every_page_is_served_byte_for_byte_on_its_loopback_address(corpus) -> None:
    async with serve_corpus(corpus, hosts=4) as origin, httpx.AsyncClient() as client:
        pages = [u for u in origin.urls if (p := origin.page(u)) and p.behaviour == "static"]
        responses = await asyncio.gather(*(client.get(u) for u in pages))
    assert origin.hosts == ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"]
    for url, response in zip(pages, responses, strict=True):
        assert url.startswith(("http://127.0.0.2:", "http://127.0.0.3:", "http://127.0.0.4:",
                               "http://127.0.0.5:"))  # fmt: skip
        assert response.status_code == 200
        assert response.content == origin.body(url)


async def test_a_translations_source_line_leads_to_its_original_on_the_origin(corpus) -> None:
    translation = corpus.of_kind("translation")[0]
    original = corpus.truth.by_url[translation].source_url
    async with serve_corpus(corpus, hosts=3) as origin, httpx.AsyncClient() as client:
        page = (await client.get(origin.url_for(translation))).text
        assert f"{origin.url_for(original)}</p>" in page
        assert original not in page  # every URL inside is the served form
        got = await client.get(origin.url_for(original))
    assert got.content == origin.body(origin.url_for(original))


async def test_each_host_logs_its_requests_with_arrival_times(corpus) -> None:
    async with serve_corpus(corpus, hosts=2) as origin, httpx.AsyncClient() as client:
        first, second = origin.hosts
        await client.get(f"http://{first}:{origin.port}/robots.txt")
        await client.get(f"http://{first}:{origin.port}/nothing-here")
        await client.get(f"http://{second}:{origin.port}/robots.txt")
    assert [h.path for h in origin.hits(first)] == ["/robots.txt", "/nothing-here"]
    assert [h.path for h in origin.hits(second)] == ["/robots.txt"]
    assert origin.hits(first)[0].at <= origin.hits(first)[1].at
    assert origin.hits(first)[0].user_agent.startswith("python-httpx/")


async def test_robots_txt_allows_all_unless_configured_per_host(corpus) -> None:
    rules = "User-agent: *\nDisallow: /\nCrawl-delay: 2\n"
    async with serve_corpus(corpus, hosts=2, robots={"127.0.0.3": rules}) as origin:
        async with httpx.AsyncClient() as client:
            default = await client.get(f"http://127.0.0.2:{origin.port}/robots.txt")
            custom = await client.get(f"http://127.0.0.3:{origin.port}/robots.txt")
    assert default.text == "User-agent: *\nAllow: /\n"
    assert custom.text == rules


async def test_pages_are_found_by_host_name_when_served_by_name(corpus) -> None:
    url = corpus.of_kind("original")[0]
    async with serve_corpus(corpus, hosts=3, names=True) as origin, httpx.AsyncClient() as client:
        host = url.split("/")[2]
        served = origin.url_for(url)
        assert served.startswith(f"http://{host}:{origin.port}/")
        assert f"{host}=127.0.0." in origin.resolve
        address = dict(p.split("=") for p in origin.resolve.split(","))[host]
        path = served.split(str(origin.port), 1)[1]
        response = await client.get(f"http://{address}:{origin.port}{path}", headers={"Host": host})
    assert response.content == origin.body(served)
    assert [h.path for h in origin.hits(host)] == [path]


async def test_hostile_pages_redirect_in_loops_and_stream_oversized_bodies(corpus) -> None:
    async with serve_corpus(corpus, hosts=2) as origin, httpx.AsyncClient() as client:
        loop = origin.url_for("https://tin-rac.example/loop/a")
        hop = await client.get(loop)
        huge = await client.get(origin.url_for("https://tin-rac.example/huge.html"))
        image = await client.get(origin.url_for("https://tin-rac.example/file/image.png"))
        async with client.stream("GET", origin.url_for("https://tin-rac.example/endless")) as r:
            first = await anext(r.aiter_raw())
    assert (hop.status_code, hop.headers["location"]) == (302, "/loop/b")
    assert len(huge.content) >= 11_900_000
    assert image.headers["content-type"] == "image/png"
    assert first == b"<p>.</p>\n"
    assert origin.url_for("file:///etc/passwd") == "file:///etc/passwd"
