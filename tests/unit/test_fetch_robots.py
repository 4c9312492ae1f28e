"""robots.txt rules per origin: obeyed, cached, and the RFC 9309 error cases."""

from __future__ import annotations

import httpx
import pytest

from services.fetcher.robots import Disallowed, Robots, RobotsUnreachable

UA = "tinhuy-fetcher/0.1"


def robots_serving(status: int, body: str = "") -> tuple[Robots, list[str]]:
    asked: list[str] = []

    async def fetch(url: httpx.URL) -> tuple[int, bytes]:
        asked.append(str(url))
        return status, body.encode()

    return Robots(fetch, UA, ttl=3600), asked


async def test_disallowed_path_is_refused_and_crawl_delay_reported() -> None:
    robots, asked = robots_serving(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 4\n")
    assert await robots.check(httpx.URL("https://x.vn/tin/1")) == 4.0
    with pytest.raises(Disallowed):
        await robots.check(httpx.URL("https://x.vn/private/a"))
    assert asked == ["https://x.vn/robots.txt"]  # read once for the origin


async def test_missing_robots_txt_allows_everything() -> None:
    robots, _ = robots_serving(404)
    assert await robots.check(httpx.URL("https://x.vn/private/a")) is None


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_server_error_on_robots_txt_means_try_later(status: int) -> None:
    robots, _ = robots_serving(status)
    with pytest.raises(RobotsUnreachable, match=f"robots.txt answered HTTP {status}"):
        await robots.check(httpx.URL("https://x.vn/a"))


async def test_each_origin_has_its_own_rules() -> None:
    robots, asked = robots_serving(404)
    for url in ("https://x.vn/a", "http://x.vn/a", "https://x.vn:8443/a", "https://[::1]/a"):
        await robots.check(httpx.URL(url))
    assert asked == [
        "https://x.vn/robots.txt",
        "http://x.vn/robots.txt",
        "https://x.vn:8443/robots.txt",
        "https://[::1]/robots.txt",
    ]
