from __future__ import annotations

import pytest

from services.fetcher.urls import canonicalize


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
