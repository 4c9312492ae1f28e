"""What a page says about itself: JSON-LD, meta tags, the outlet's adapter, in that order.

Title, author, publish time, canonical URL and declared language are read in order of trust
(trafilatura's way), before the body is taken apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser, LexborNode

from services.parser import language, outlets, sources
from services.parser.lines import credited, display_name
from services.parser.timestamps import parse_time, printed_time

ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
AUTHOR_META = ("author", "article:author", "dc.creator")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ")


def _walk_ld(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return [d for v in value for d in _walk_ld(v)]
    if not isinstance(value, dict):
        return []
    return [value, *_walk_ld(value.get("@graph", []))]


def _json_ld(tree: LexborHTMLParser) -> dict[str, Any]:
    """The page's schema.org article object, or {}."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            found = _walk_ld(orjson.loads(script.text()))
        except orjson.JSONDecodeError:
            continue
        for item in found:
            kinds = item.get("@type")
            if ARTICLE_TYPES.intersection(kinds if isinstance(kinds, list) else [kinds]):
                return item
    return {}


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and attrs.get("content"):
            found.setdefault(key.lower(), attrs["content"] or "")
    return found


def _ld_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _ld_people(ld: dict[str, Any]) -> tuple[list[str], list[str]]:
    """JSON-LD authors: every name, and those typed Person (reporters, not the newsroom)."""
    found = ld.get("author") or []
    names, people = [], []
    for item in found if isinstance(found, list) else [found]:
        name = _ld_text(item.get("name") if isinstance(item, dict) else item)
        if name:
            names.append(name)
            if isinstance(item, dict) and item.get("@type") == "Person":
                people.append(display_name(name))
    return names, people


def _node_text(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> str | None:
    node = outlets.first(tree, selectors)
    return outlets.text_of(node) if node is not None else None


def _title(
    tree: LexborHTMLParser, meta: dict[str, str], ld: dict[str, Any], adapter: outlets.Adapter
) -> str | None:
    for value in (_ld_text(ld.get("headline")), meta.get("og:title"), meta.get("headline")):
        if value and value.strip():
            return " ".join(value.split())
    found = _node_text(tree, adapter.title)
    if found:
        return found
    return _site_less(_node_text(tree, ("title",)), meta.get("og:site_name"))


def _site_less(title: str | None, site: str | None) -> str | None:
    """ "Headline | Báo Đại Đoàn Kết" → "Headline"."""
    if not title:
        return None
    for separator in _TITLE_SEPARATORS:
        head, _, tail = title.rpartition(separator)
        if head and (tail == site or len(tail) < len(head) / 2):
            return head
    return title


def _published(
    tree: LexborHTMLParser, meta: dict[str, str], ld: dict[str, Any], adapter: outlets.Adapter
) -> str | None:
    for value in (_ld_text(ld.get("datePublished")), *map(meta.get, PUBLISHED_META)):
        if found := parse_time(value):
            return found
    # The outlet's own time element outranks any <time> on the page (related lists have some).
    marked = tree.css_first('[itemprop="datePublished"]')
    nodes = [marked, outlets.first(tree, adapter.published), *tree.css("time[datetime]")]
    for node in nodes:
        if node is not None and (found := _time_of(node)):
            return found
    return None


def _time_of(node: LexborNode) -> str | None:
    attrs = node.attributes
    printed = parse_time(attrs.get("datetime") or attrs.get("content"))
    return printed or printed_time(outlets.text_of(node))


def _author(
    tree: LexborHTMLParser, meta: dict[str, str], authors: list[str], adapter: outlets.Adapter
) -> str | None:
    named = [v for v in map(meta.get, AUTHOR_META) if v and not v.startswith("http")]
    author = ", ".join(authors) or next(iter(named), None) or _node_text(tree, adapter.author)
    if author and (names := credited(author)):
        return ", ".join(names)  # "Tin, ảnh: VĂN NGHỊ" → "Văn Nghị"
    return author


def _canonical(
    tree: LexborHTMLParser, meta: dict[str, str], ld: dict[str, Any], url: str | None
) -> str | None:
    link = tree.css_first('link[rel="canonical"][href]')
    candidates = (
        link.attributes.get("href") if link is not None else None,
        meta.get("og:url"),
        _ld_text(ld.get("mainEntityOfPage")),
    )
    return next((u for u in (sources.normalize(c, url) for c in candidates) if u), None)


def _declared_lang(tree: LexborHTMLParser, meta: dict[str, str], ld: dict[str, Any]) -> str:
    root = tree.css_first("html")
    for value in (
        _ld_text(ld.get("inLanguage")),
        root.attributes.get("lang") if root else None,
        meta.get("og:locale"),
    ):
        if value:
            return value.replace("_", "-").split("-")[0].lower()
    return language.UNKNOWN


@dataclass(frozen=True)
class Page:
    """What a page says about itself, read before its body is taken apart."""

    url: str | None
    canonical: str | None
    outlet: str | None
    adapter: outlets.Adapter
    title: str | None
    author: str | None
    people: list[str]
    published_at: str | None
    declared_lang: str
    links: tuple[str | None, ...]  # named by the page's metadata
    lead: str | None


def read_page(tree: LexborHTMLParser, url: str | None) -> Page:
    meta, ld = _meta(tree), _json_ld(tree)
    canonical = _canonical(tree, meta, ld, url)
    outlet = sources.registered_domain(url or canonical)
    adapter = outlets.adapter_for(outlet, sources.registered_domain(canonical))
    authors, people = _ld_people(ld)
    author = _author(tree, meta, authors, adapter)
    if author and not authors:
        people += credited(author) or []  # a reporter named by the page, not the newsroom
    original = tree.head.css_first('link[rel="original-source"]') if tree.head else None
    links = [_ld_text(ld.get("isBasedOn")), original.attributes.get("href") if original else None]
    if canonical and sources.registered_domain(canonical) != outlet:
        links.append(canonical)  # an aggregator's copy names the original as canonical
    return Page(
        url=url,
        canonical=canonical,
        outlet=outlet,
        adapter=adapter,
        title=_title(tree, meta, ld, adapter),
        author=author,
        people=people,
        published_at=_published(tree, meta, ld, adapter),
        declared_lang=_declared_lang(tree, meta, ld),
        links=tuple(links),
        lead=_node_text(tree, adapter.lead),
    )
