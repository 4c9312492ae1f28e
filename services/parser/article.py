"""Articles: an HTML page or a bare text to a clean body and its metadata.

The page's own metadata comes from `metadata` (JSON-LD, meta tags, adapters); the body, from
either input, goes through `lines.clean`, one cleaner for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from services.parser import language, outlets, sources
from services.parser.lines import Body, captions, clean, credited, unique
from services.parser.metadata import Page, read_page
from services.parser.timestamps import parse_time


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None
    lang: str
    url: str | None
    canonical_url: str | None
    outlet: str | None
    published_at: str | None
    author: str | None
    source_urls: tuple[str, ...]
    mentioned_bylines: tuple[str, ...]
    # Photo captions, out of the body: they often say who spoke (seed 001: "… Хау А Лен. |").
    captions: tuple[str, ...] = field(default=())
    # The page is a list of teasers (an index or search page), not one report.
    listing: bool = False


def from_text(
    text: str,
    url: str | None = None,
    *,
    title: str | None = None,
    lang: str | None = None,
    published_at: str | None = None,
) -> Article:
    """An article from a bare text (one paragraph a line), e.g. an aggregator's translation."""
    body = clean(text.splitlines(), title)
    joined = "\n".join(body.lines)
    bylines = unique(body.bylines)
    return Article(
        text=joined,
        title=title,
        lang=lang or language.detect(joined),
        url=url,
        canonical_url=None,
        outlet=sources.registered_domain(url),
        published_at=parse_time(published_at) or body.published_at,
        author=", ".join(bylines) or None,
        source_urls=sources.collect(body.sources, own=[url]),
        mentioned_bylines=bylines,
        captions=tuple(body.captions),
    )


def _read_body(tree: LexborHTMLParser, page: Page) -> tuple[Body, list[str]]:
    """The body's lines (lead first), and the names its byline elements give."""
    root = outlets.body(tree, page.adapter)
    if root is None:
        return Body(), []
    # A source box sits in or beside the body: search the body's parent, not the whole page.
    links = sources.from_tree(root.parent or root, root, page.url)
    found_captions, credits = outlets.strip(root, page.adapter)
    listing = outlets.is_listing(root)
    raw = outlets.paragraphs(root)
    if page.lead and page.lead not in raw[:3]:
        raw.insert(0, page.lead)
    body = clean(raw, page.title, spaced=False)
    body.captions[:0] = found_captions
    body.sources[:0] = links
    body.listing = listing
    return body, [name for line in credits for name in credited(line) or []]


def from_html(html: str | bytes, url: str | None = None) -> Article:
    """An article from an HTML page, as text or as UTF-8 bytes (lexbor reads those without
    the encoding pass a str costs); url is where it was fetched (for outlet and sources)."""
    tree = LexborHTMLParser(html)
    page = read_page(tree, url)
    body, named = _read_body(tree, page)
    joined = "\n".join(body.lines)
    bylines = unique([*page.people, *named, *body.bylines])
    detected = language.detect(joined)
    own = [url] if page.canonical in page.links else [url, page.canonical]
    return Article(
        text=joined,
        title=page.title,
        lang=detected if detected != language.UNKNOWN else page.declared_lang,
        url=url,
        canonical_url=page.canonical,
        outlet=page.outlet,
        published_at=page.published_at or body.published_at,
        author=page.author or ", ".join(bylines) or None,
        source_urls=sources.collect([*body.sources, *page.links], own=own),
        mentioned_bylines=bylines,
        captions=captions(body.captions),
        listing=body.listing,
    )
