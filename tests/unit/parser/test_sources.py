"""Source discovery: labelled source lines, source links in HTML, URL hygiene."""

import pytest
from selectolax.lexbor import LexborHTMLParser

from services.parser import sources


@pytest.mark.parametrize(
    ("line", "urls"),
    [
        (
            "Quelle: https://daidoanket.vn/a-10301856.html",
            ["https://daidoanket.vn/a-10301856.html"],
        ),
        ("Источник: https://baohagiang.vn/x/y/", ["https://baohagiang.vn/x/y/"]),
        ("Πηγή: https://bacgiang.gov.vn/chi-tiet", ["https://bacgiang.gov.vn/chi-tiet"]),
        ("Nguồn: https://baoquangninh.vn/a.html", ["https://baoquangninh.vn/a.html"]),
        ("Source: http://example.org/news/1", ["http://example.org/news/1"]),
        ("Fonte: https://example.it/n", ["https://example.it/n"]),
        ("Fuente https://example.es/n", ["https://example.es/n"]),
        ("Quelle", []),
        ("Nguồn: TTXVN", []),
        ("QUELLE:", []),
    ],
)
def test_source_lines_give_their_urls(line: str, urls: list[str]) -> None:
    assert sources.from_line(line) == urls


@pytest.mark.parametrize(
    "line",
    [
        "Source of growth was the industrial sector.",
        "Die Quellen des Wachstums sind vielfältig.",
        "Theo đó, tỉnh đã hoàn thành kế hoạch.",
        "Nguồn: " + "vốn đầu tư công được phân bổ cho các dự án trọng điểm của tỉnh " * 5,
    ],
)
def test_body_sentences_are_not_source_lines(line: str) -> None:
    assert sources.from_line(line) is None


def test_normalize_strips_punctuation_and_fragment_and_keeps_http_only() -> None:
    assert sources.normalize(" https://Baohagiang.VN/a/b/?x=1#top). ") == (
        "https://baohagiang.vn/a/b/?x=1"
    )
    assert sources.normalize("/tin/1.html", "https://bacgiang.gov.vn/x/") == (
        "https://bacgiang.gov.vn/tin/1.html"
    )
    for bad in ("javascript:void(0)", "mailto:a@b.vn", "ftp://x.vn/a", "", None, "https://"):
        assert sources.normalize(bad) is None


def test_collect_deduplicates_and_never_returns_the_page_itself() -> None:
    found = sources.collect(
        [
            "https://a.vn/x.html",
            "https://a.vn/x.html#c",
            "https://www.page.vn/self/",
            "https://b.vn/y",
        ],
        own=["https://page.vn/self"],
    )
    assert found == ("https://a.vn/x.html", "https://b.vn/y")


def test_registered_domain_is_the_outlet() -> None:
    assert sources.registered_domain("https://www.baohagiang.vn/x/") == "baohagiang.vn"
    assert sources.registered_domain("https://bacgiang.gov.vn/chi-tiet") == "bacgiang.gov.vn"
    assert sources.registered_domain(None) is None


def _links(body: str) -> list[str]:
    tree = LexborHTMLParser(f"<html><body><div id='b'>{body}</div></body></html>")
    root = tree.css_first("#b")
    return sources.from_tree(root, root, "https://page.vn/a")


def test_labelled_links_are_sources() -> None:
    assert _links('<p>Nguồn: <a href="https://a.vn/1">Báo A</a></p>') == ["https://a.vn/1"]
    assert _links('<p><em>Theo <a href="https://b.vn/2">Báo B</a></em></p>') == ["https://b.vn/2"]
    assert _links('<p><a href="https://c.vn/3">Nguồn: Báo C</a></p>') == ["https://c.vn/3"]


def test_links_marked_by_rel_or_class_are_sources() -> None:
    body = (
        '<a rel="source" href="https://d.vn/4">D</a>'
        '<div class="article-source"><a href="/5">E</a></div>'
        '<div class="resources"><a href="https://f.vn/6">F</a></div>'
    )
    assert _links(body) == ["https://d.vn/4", "https://page.vn/5"]


def test_unlabelled_and_far_links_are_not_sources() -> None:
    body = (
        '<p>Theo dõi <a href="https://facebook.com/x">Facebook</a></p>'
        "<p>Theo đó, tỉnh đã triển khai kế hoạch theo hướng dẫn tại "
        '<a href="https://g.vn/7">văn bản</a>.</p>'
        '<p>Xem chi tiết <a href="https://h.vn/8">tại đây</a></p>'
    )
    assert _links(body) == []
