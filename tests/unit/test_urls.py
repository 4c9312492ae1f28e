from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import httpx
import pytest

from services.fetcher.urls import (
    DEFAULT_PORTS,
    _is_tracking,
    _upper_escapes,
    canonical_url,
    canonicalize,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTP://BaoHaGiang.VN:80/a?b=1#top", "http://baohagiang.vn/a?b=1"),
        ("https://baohagiang.vn:443/x", "https://baohagiang.vn/x"),
        ("https://x.vn/a?utm_source=fb&id=7&fbclid=1", "https://x.vn/a?id=7"),
        ("https://bücher.de/", "https://xn--bcher-kva.de/"),
        ("https://x.vn:8443/a", "https://x.vn:8443/a"),
        ("http://x.vn", "http://x.vn/"),
        ("http://x.vn/a?", "http://x.vn/a"),
        ("http://x.vn/a/./b/../c", "http://x.vn/a/c"),
        ("http://x.vn/%7euser?q=%7e", "http://x.vn/%7Euser?q=%7E"),
        ("https://x.vn/a?UTM_Medium=x&gclid=2", "https://x.vn/a"),
    ],
)
def test_urls_have_one_canonical_form(raw: str, canonical: str) -> None:
    assert canonicalize(raw) == canonical


def _canonicalize_with_three_parses(raw: str) -> str:
    """The form before `canonical_url`: kept to prove the fewer parses change nothing."""
    url = httpx.URL(raw.strip())
    port = None if url.port == DEFAULT_PORTS.get(url.scheme) else url.port
    query = parse_qsl(url.query.decode(), keep_blank_values=True)
    kept = [(k, v) for k, v in query if not _is_tracking(k)]
    url = url.copy_with(port=port, fragment=None, raw_path=_upper_escapes(url.raw_path or b"/"))
    if len(kept) != len(query) or not url.query:
        url = url.copy_with(query=urlencode(kept).encode() or None)
    return str(url)


@pytest.mark.parametrize(
    "raw",
    [
        f"{scheme}://{host}{port}{path}{query}{fragment}"
        for scheme in ("http", "HTTPS")
        for host in ("x.vn", "Bücher.DE", "127.0.0.2", "[::1]")
        for port in ("", ":80", ":443", ":8080")
        for path in ("", "/", "/a/./b/../c", "/%7euser/%2f", "/tỉnh ủy", "/a;b")
        for query in ("", "?", "?b=1", "?utm_source=x", "?a=1&UTM_x=2&b=", "?q=%7e+x&q=2")
        for fragment in ("", "#", "#top")
    ],
)
def test_a_parsed_url_gets_the_same_canonical_form_as_its_text(raw: str) -> None:
    url = canonical_url(httpx.URL(raw))
    assert str(url) == canonicalize(raw) == _canonicalize_with_three_parses(raw)
    assert url == httpx.URL(str(url))  # what is fetched is what the key says
