"""Source discovery: the URLs an article names or links as its source, and URL hygiene."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

import tldextract
from selectolax.lexbor import LexborNode

from services.parser import language

_URL = re.compile(r"https?://[^\s<>\"'«»“”‘’\[\]{}|\\^`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>'\"»”’…"
# Elements a site marks as the source box or link (rel=source, class*=source, schema isBasedOn).
SOURCE_LINKS = (
    'a[rel~="source"], a[rel~="original"], a[class*="source"]:not([class*="resource"]),'
    ' [class*="source"]:not([class*="resource"]) a[href], [itemprop="isBasedOn"][href],'
    ' link[rel="original-source"]'
)
# A link is labelled as a source by the text that opens its paragraph: "Nguồn: <a>..</a>".
_INLINE = frozenset({"a", "span", "strong", "b", "em", "i", "small", "font", "u", "cite"})
_LABELLED_MAX = 200  # characters of the labelled block; longer is a paragraph citing a link
# The link must follow its label closely: "Nguồn: Báo Hà Giang <a>…</a>", "Theo <a>Báo Nhân
# Dân</a>"; without a colon the label must touch the link ("Theo dõi <a>Facebook</a>" is no source).
_LABEL_GAP = 40


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot: the parser never goes to the network.
    return tldextract.TLDExtract(suffix_list_urls=())


def registered_domain(url: str | None) -> str | None:
    """The outlet of a URL: "https://www.baohagiang.vn/x" → "baohagiang.vn"."""
    if not url:
        return None
    host = urlsplit(url).hostname
    return _domain_of(host) if host else None


@functools.lru_cache(maxsize=4096)
def _domain_of(host: str) -> str:
    return _extractor()(host).top_domain_under_public_suffix or host


def normalize(url: str | None, base: str | None = None) -> str | None:
    """Strip whitespace and trailing punctuation, resolve, drop the fragment; http(s) only."""
    if not url:
        return None
    url = url.strip().rstrip(_TRAILING)
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def _same_page_key(url: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def collect(urls: Iterable[str | None], own: Iterable[str | None] = ()) -> tuple[str, ...]:
    """Normalised, deduplicated source URLs, never one of the page's own URLs."""
    mine = {_same_page_key(u) for u in map(normalize, own) if u}
    found: dict[str, str] = {}
    for url in map(normalize, urls):
        if url and (key := _same_page_key(url)) not in mine:
            found.setdefault(key, url)
    return tuple(found.values())


@functools.cache
def _label_pattern() -> str:
    labels = sorted(language.values("source_labels"), key=len, reverse=True)
    return "|".join(re.escape(label) for label in labels)


@functools.cache
def _line() -> re.Pattern[str]:
    # "Quelle: https://…", "Источник https://…", or the label alone (seed 003: "Quelle").
    return re.compile(
        rf"^(?:{_label_pattern()})\s*(?:$|[:：]\s*(?P<rest>.*)$|\s(?P<bare>\s*https?://.*)$)",
        re.IGNORECASE,
    )


@functools.cache
def _prefix() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_label_pattern()})\b\s*(?P<colon>[:：])?\s*", re.IGNORECASE)


def from_line(line: str, max_rest: int = 200) -> list[str] | None:
    """The URLs of a source line (may be none: "Quelle"), or None when it is no source line."""
    match = _line().match(line.strip())
    if match is None:
        return None
    rest = match["rest"] or match["bare"] or ""
    urls = _URL.findall(rest)
    if not urls and len(rest) > max_rest:
        return None  # "Nguồn: …" opening a long sentence is body text, not an attribution
    return urls


def _block_of(node: LexborNode) -> LexborNode:
    block = node
    for _ in range(4):
        parent = block.parent
        if parent is None or block.tag not in _INLINE:
            break
        block = parent
    return block


def _text(node: LexborNode) -> str:
    return " ".join(node.text().split())


def _labelled(anchor: LexborNode) -> bool:
    own = _text(anchor)
    label = _prefix().match(own)
    if label and label["colon"]:
        return True
    text = _text(_block_of(anchor))
    label = _prefix().match(text) if len(text) <= _LABELLED_MAX else None
    if label is None or not own:
        return False
    gap = text.find(own, label.end()) - label.end()
    return 0 <= gap <= (_LABEL_GAP if label["colon"] else 1)


def from_tree(page: LexborNode | None, body: LexborNode | None, base: str | None) -> list[str]:
    """Links the page marks as its source: anywhere by rel/class, in the body by a label."""
    marked = page.css(SOURCE_LINKS) if page is not None else []
    found = [normalize(node.attributes.get("href"), base) for node in marked]
    if body is not None:
        found += [
            normalize(a.attributes.get("href"), base) for a in body.css("a[href]") if _labelled(a)
        ]
    return [url for url in found if url]
