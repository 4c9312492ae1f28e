"""Hostile extras: what a crawler meets besides articles, each with the outcome it must end in.

Fetch-failure reasons are the fetcher's own strings (services/fetcher/fetch.py and guard.py),
given as prefixes; a dead letter from the parser names no fixed reason (any will do). The
bad-scheme and private-address URLs are never served: the fetcher must refuse them before
any connection, so they have no Page. The endless drip and the huge page are produced by the
origin on the fly (a Page with a behaviour), so they cost no memory here.
"""

from __future__ import annotations

from tinhuy.corpus.model import Expect, Page, Truth, UrlTruth

HOST = "https://tin-rac.example"  # "junk news": one host for every served hostile page
INDEX_HTML = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thời sự - Chính trị'
    "</title></head><body><nav><a href='/'>Trang chủ</a></nav><main><h1>Thời sự - Chính trị</h1>"
    "<ul class='list-news'>"
    + "".join(f"<li><a href='/tin/{n}.html'>Tin tức thời sự số {n}</a></li>" for n in range(40))
    + "</ul><div class='pagination'><a href='?page=2'>Trang sau</a></div></main></body></html>\n"
)
BINARY = bytes(range(256)) * 64  # 16 KiB of every byte value, NULs included
PNG = b"\x89PNG\r\n\x1a\n" + bytes(2048)
HUGE_BYTES = 12_000_000  # over the fetcher's 5 MB body limit
DRIP_CHUNK = b"<p>.</p>\n"

# url -> (page or None when never served, expected outcome, note)
_SERVED: dict[str, tuple[Page, Expect, str]] = {
    f"{HOST}/file/binary.html": (
        Page(BINARY, "text/html"),
        Expect("dead_letter"),
        "binary bytes under text/html: fetched, then refused by the parser",
    ),
    f"{HOST}/file/image.png": (
        Page(PNG, "image/png"),
        Expect("fetch_failure", "content type not allowed"),
        "an image",
    ),
    f"{HOST}/file/article.json": (
        Page(b'{"title": "H\\u1ed9i ngh\\u1ecb"}', "application/json"),
        Expect("fetch_failure", "content type not allowed"),
        "a wrong content type",
    ),
    f"{HOST}/endless": (
        Page(DRIP_CHUNK, behaviour="drip"),
        Expect("fetch_failure", "total timeout"),
        "an endless slow drip: one chunk a second, never done",
    ),
    f"{HOST}/huge.html": (
        Page(b"", behaviour="huge", size=HUGE_BYTES),
        Expect("fetch_failure", "body too large"),
        f"{HUGE_BYTES} bytes of HTML",
    ),
    f"{HOST}/loop/a": (
        Page(b"", status=302, behaviour="redirect", location="/loop/b"),
        Expect("fetch_failure", "redirect loop"),
        "a -> b -> a",
    ),
    f"{HOST}/loop/b": (
        Page(b"", status=302, behaviour="redirect", location="/loop/a"),
        Expect("fetch_failure", "redirect loop"),
        "b -> a -> b",
    ),
    f"{HOST}/trap/0": (
        Page(b"", status=302, behaviour="redirect", location="/trap/1"),
        Expect("fetch_failure", "too many redirects"),
        "a chain of twenty hops",
    ),
    f"{HOST}/to-metadata": (
        Page(
            b"",
            status=302,
            behaviour="redirect",
            location="http://169.254.169.254/latest/meta-data/",
        ),
        Expect("fetch_failure", "blocked address 169.254.169.254"),
        "a redirect to the cloud metadata address",
    ),
    f"{HOST}/to-private": (
        Page(b"", status=302, behaviour="redirect", location="http://10.1.2.3/admin"),
        Expect("fetch_failure", "blocked address 10.1.2.3"),
        "a redirect to a private address",
    ),
    f"{HOST}/chuyen-muc/thoi-su": (
        Page(INDEX_HTML.encode()),
        Expect("dead_letter"),
        "a section index: links, no article",
    ),
}
# The rest of the redirect trap: /trap/n -> /trap/n+1, twenty hops, then an article-less end.
_TRAP = {
    f"{HOST}/trap/{n}": Page(b"", status=302, behaviour="redirect", location=f"/trap/{n + 1}")
    for n in range(1, 20)
}
_UNSERVED: dict[str, tuple[Expect, str]] = {
    "ftp://baohagiang.vn/tin.html": (Expect("fetch_failure", "scheme not allowed: ftp"), "ftp"),
    "file:///etc/passwd": (Expect("fetch_failure", "scheme not allowed: file"), "a local file"),
    "gopher://127.0.0.1:70/1": (Expect("fetch_failure", "scheme not allowed: gopher"), "gopher"),
    "http://10.0.0.1/tin.html": (Expect("fetch_failure", "blocked address 10.0.0.1"), "private"),
    "http://192.168.1.1/admin": (
        Expect("fetch_failure", "blocked address 192.168.1.1"),
        "private",
    ),
    "http://169.254.169.254/latest/meta-data/": (
        Expect("fetch_failure", "blocked address 169.254.169.254"),
        "cloud metadata",
    ),
    "http://[::ffff:10.0.0.7]/": (
        Expect("fetch_failure", "blocked address"),
        "a private address written as IPv4-mapped IPv6",
    ),
    "http://100.64.0.1/": (Expect("fetch_failure", "blocked address 100.64.0.1"), "CGNAT"),
}


def add(pages: dict[str, Page], truth: Truth) -> None:
    """Put the hostile extras into a corpus's pages and truth (the trap's inner hops are
    served but not submitted: only their entry has an expected outcome)."""
    for url, (page, expect, note) in _SERVED.items():
        pages[url] = page
        truth.by_url[url] = UrlTruth(url, "hostile", None, expect, note=note)
    pages.update(_TRAP)
    for url, (expect, note) in _UNSERVED.items():
        truth.by_url[url] = UrlTruth(url, "hostile", None, expect, note=note)
