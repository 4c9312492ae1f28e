"""Where an outlet keeps its article in the page: site adapters as data, a generic fallback.

An adapter lists CSS selectors in order of trust; the first body selector that matches a node
with text wins. Unknown outlets get the generic adapter: schema.org's articleBody, else the
element holding the largest cluster of <p> text (text density, as in readability/trafilatura).
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode


@dataclass(frozen=True)
class Adapter:
    name: str
    domains: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    byline: str = ""  # inside the body: reporter lines, kept out of the text
    drop: str = ""  # inside the body: site furniture beyond the generic JUNK


_GENERIC_BODY = ('[itemprop="articleBody"]',)
_FALLBACK_BODY = (*_GENERIC_BODY, "article", "main")
# One selector list, so one pass over the page; the first match in document order wins.
_GENERIC_AUTHOR = ('[itemprop="author"], [rel="author"], .author, [class*="byline"]',)
_GENERIC_LEAD = ('[itemprop="description"], [class*="sapo"], .lead, .summary',)

DAIDOANKET = Adapter(
    "daidoanket",
    ("daidoanket.vn",),
    body=("#detail-content", ".detail-content", ".detail__content", ".article-content"),
    title=("h1.detail-title", ".detail__title", "h1"),
    lead=(".detail-sapo", ".detail__summary", ".sapo"),
    published=(".detail-time", ".detail__time", ".time-post"),
    author=(".detail-author", ".detail__author", ".author"),
)
BAOHAGIANG = Adapter(
    "baohagiang",
    ("baohagiang.vn",),
    body=(".article-content", ".content-detail", ".detail-content", "#content-detail"),
    title=("h1.article-title", ".title-detail", "h1"),
    lead=(".article-sapo", ".sapo"),
    published=(".article-time", ".time-detail", ".date-time"),
    author=(".article-author",),
    byline=".article-author",
)
BAOHAIDUONG = Adapter(
    "baohaiduong",
    ("baohaiduong.vn",),
    body=(".article__body", ".article-content", ".detail-content", ".content-detail"),
    title=(".article__title", "h1"),
    lead=(".article__sapo", ".sapo", ".article-sapo"),
    published=(".article__time", ".article-time", ".post-time"),
    author=(".article__author", ".article-author"),
    byline=".article__byline",
)
# bacgiang.gov.vn is a Liferay portal: the article sits in an asset publisher's journal content.
BACGIANG = Adapter(
    "bacgiang",
    ("bacgiang.gov.vn",),
    body=(".content-news", ".news-content", ".journal-content-article", ".asset-content"),
    title=(".title-news", ".news-title", ".asset-title", "h1"),
    lead=(".sapo-news", ".news-sapo", ".asset-summary", ".sapo"),
    published=(".date-news", ".news-date", ".publish-date", ".asset-metadata .date"),
    author=(".news-author", ".author"),
    byline=".news-author",
)
# Aggregators re-publish (often machine-translated) articles and name the original below
# them ("Quelle: https://…"); their body is a plain content column.
AGGREGATOR = Adapter(
    "aggregator",
    ("vietnam.vn", "baomoi.com"),
    body=(
        *_GENERIC_BODY,
        ".entry-content",
        ".post-content",
        ".article-content",
        ".article-body",
        ".content-detail",
        "article",
    ),
    title=("h1",),
    lead=_GENERIC_LEAD,
    author=_GENERIC_AUTHOR,
)
# Generic: the densest <p> cluster is as good as articleBody and costs no extra page scan.
# A page without time metadata prints its time in a small date/info line near the title.
_GENERIC_PUBLISHED = ('[class*="date"], [class*="time"], [class*="posted"], [class*="info"]',)
GENERIC = Adapter(
    "generic",
    title=("h1",),
    lead=_GENERIC_LEAD,
    published=_GENERIC_PUBLISHED,
    author=_GENERIC_AUTHOR,
)
ADAPTERS = (DAIDOANKET, BAOHAGIANG, BAOHAIDUONG, BACGIANG, AGGREGATOR)

# Never body text: furniture, forms, comments, related links, share bars, ads.
JUNK = (
    "script, style, noscript, template, iframe, object, form, button, select, svg, canvas,"
    " nav, header, footer, aside, figure, h1, video, audio,"
    ' [class*="comment"], [id*="comment"], [class*="related"], [class*="lien-quan"],'
    ' [class*="share"], [class*="social"], [class*="breadcrumb"], [class*="advert"],'
    ' [class*="banner"], [class*="tags"], [class*="most-read"], [class*="recommend"],'
    ' [class*="-meta"], [class*="__meta"], [class*="print"], [class*="rating"],'
    ' [id^="ads"], [class^="ads"], [class*=" ads"], [class*="quangcao"], [hidden]'
)
CAPTIONS = (
    'figcaption, [class*="caption"], [class*="Caption"], [class*="chu-thich"],'
    ' [class*="image-desc"], [class*="img-desc"]'
)
BYLINES = '[class*="byline"], [class*="author"], [rel="author"], [itemprop="author"]'
# Block elements: each ends a paragraph; <br> too (some CMSs write paragraphs as lines).
BLOCKS = (
    "p, div, li, h2, h3, h4, h5, h6, blockquote, pre, td, th, dd, dt, tr, table, ul, ol,"
    " section, article, br"
)
_INLINE = frozenset({"a", "span", "strong", "b", "em", "i", "font", "picture", "center", "u"})
_SEPARATOR = "\ue000"  # private-use: cannot occur in page text
_MIN_BODY = 80  # characters: an adapter's match with less text is a miss
_DIV_PARAGRAPHS = "div, td"
_MIN_P = 25  # characters: shorter <p> are labels and buttons, not text
_CAPTION_MAX = 300
_HEADINGS = "h2, h3, h4"
_TEASERS_MIN = 4
_TEASER_SHARE = 2  # a listing has at least one linked heading per two paragraphs


def adapter_for(outlet: str | None, canonical_outlet: str | None = None) -> Adapter:
    """The outlet's adapter; a page whose canonical URL is on another domain is an aggregator's."""
    if outlet:
        for adapter in ADAPTERS:
            if any(outlet == d or outlet.endswith("." + d) for d in adapter.domains):
                return adapter
    if outlet and canonical_outlet and canonical_outlet != outlet:
        return AGGREGATOR
    return GENERIC


def text_of(node: LexborNode) -> str:
    return " ".join(node.text().split())


def first(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> LexborNode | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None and text_of(node):
            return node
    return None


def _add(
    scores: dict[int, float], nodes: dict[int, LexborNode], node: LexborNode, n: float
) -> None:
    key = node.mem_id
    scores[key] = scores.get(key, 0.0) + n
    nodes[key] = node


def densest(tree: LexborHTMLParser, paragraph: str = "p") -> LexborNode | None:
    """The element holding the most paragraph text (its parent gets half the credit).
    Only a paragraph's own text counts, so a wrapper <div> is not one long paragraph."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for p in tree.css(paragraph):
        n = len(p.text(deep=paragraph == "p", strip=True))
        parent = p.parent
        if n < _MIN_P or parent is None:
            continue
        _add(scores, nodes, parent, n)
        if parent.parent is not None and parent.parent.tag not in ("body", "html"):
            _add(scores, nodes, parent.parent, n / 2)
    return nodes[max(scores, key=scores.__getitem__)] if scores else None


def _matching(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> LexborNode | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None and len(node.text()) >= _MIN_BODY:
            return node
    return None


def body(tree: LexborHTMLParser, adapter: Adapter) -> LexborNode | None:
    """The adapter's body, else the densest <p> cluster, else the densest <div> cluster (CMSs
    that write paragraphs as <div> and <br> lines), else a semantic container."""
    found = _matching(tree, adapter.body) or densest(tree) or densest(tree, _DIV_PARAGRAPHS)
    return found or _matching(tree, _FALLBACK_BODY) or tree.body


def _remove(root: LexborNode, nodes: list[LexborNode], keep: bool = True) -> list[str]:
    """Decompose the nodes (never the root); returns their texts when asked to keep them."""
    texts = [t for t in dict.fromkeys(text_of(n) for n in nodes) if t] if keep else []
    # Innermost first: a node's descendants go before it, so none is freed twice.
    for node in reversed(nodes):
        if node.mem_id != root.mem_id:
            node.decompose()
    return texts


def _block_of(node: LexborNode) -> LexborNode:
    while node.parent is not None and node.tag in _INLINE:
        node = node.parent
    return node


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next
    return sibling


def _image_captions(root: LexborNode) -> list[LexborNode]:
    """Captions that CMSs write as text beside a picture: <p><img><em>…</em></p>, or the next
    paragraph when it is all italics (<p><em>Ảnh: …</em></p>)."""
    found: dict[int, LexborNode] = {}
    for img in root.css("img"):
        block = _block_of(img.parent or img)
        if block.mem_id == root.mem_id:
            continue
        if block.tag == "p" and 0 < len(text_of(block)) <= _CAPTION_MAX:
            found[block.mem_id] = block  # <p><img><br><em>Caption</em></p>
            continue
        after = _next_element(block)
        if after is not None and after.tag in ("p", "div"):
            text = text_of(after)
            italic = after.css_first("em, i")
            if text and len(text) <= _CAPTION_MAX and italic and text_of(italic) == text:
                found[after.mem_id] = after
    return list(found.values())


def strip(root: LexborNode, adapter: Adapter) -> tuple[list[str], list[str]]:
    """Take captions and bylines out of the body, then its furniture; returns their texts."""
    captions = _remove(root, root.css(CAPTIONS))
    captions += _remove(root, _image_captions(root))
    selector = f"{BYLINES}, {adapter.byline}" if adapter.byline else BYLINES
    bylines = _remove(root, root.css(selector))
    _remove(root, root.css(f"{JUNK}, {adapter.drop}" if adapter.drop else JUNK), keep=False)
    _remove(root, [listing for listing in root.css("ul, ol") if _all_links(listing)], keep=False)
    return captions, bylines


def _all_links(listing: LexborNode) -> bool:
    """A list whose text is all link text is a related-links list, not body."""
    text = len(text_of(listing))
    linked = sum(len(text_of(a)) for a in listing.css("a"))
    return text > 0 and linked >= 0.8 * text


def is_listing(root: LexborNode) -> bool:
    """Teasers, not one report: several <article> items, or linked headings (h2-h4 holding or
    held by a link) about as many as the paragraphs under them, as on index and search pages."""
    if len(root.css("article")) >= _TEASERS_MIN:
        return True
    linked = sum(1 for h in root.css(_HEADINGS) if _linked(h))
    if linked < _TEASERS_MIN:
        return False
    prose = sum(1 for p in root.css("p") if len(p.text(strip=True)) >= _MIN_P)
    return linked * _TEASER_SHARE >= prose


def _linked(heading: LexborNode) -> bool:
    parent = heading.parent
    return heading.css_first("a[href]") is not None or (parent is not None and parent.tag == "a")


def paragraphs(root: LexborNode) -> list[str]:
    """The body's text, one paragraph per block element (single spaces inside)."""
    for node in root.css(BLOCKS):
        node.insert_after(_SEPARATOR)
    pieces = root.text(separator="").split(_SEPARATOR)
    return [text for piece in pieces if (text := " ".join(piece.split()))]
