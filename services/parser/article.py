"""Articles: an HTML page or a bare text to a clean body and its metadata.

Metadata is read in order of trust (trafilatura's way): JSON-LD, then meta tags (og:*,
article:*, itemprop), then the outlet's adapter, then the text itself. The body, from either
input, goes through one line cleaner that drops what translated aggregator copies carry
("[Anzeige_2]", "Kommentar (0)", "Quelle: …", captions ending in " |", trailing bylines).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser, LexborNode

from services.parser import language, outlets, sources

# Vietnamese outlets print local time; a timestamp without an offset is Vietnam's (UTC+7).
LOCAL = timezone(timedelta(hours=7))
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
_AD = re.compile(r"\s*\[[^\[\]\n]{1,40}_\d+\]\s*")  # "[Anzeige_2]", "[Quảng cáo_2]"
_COUNTER = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)?\s?\(\d+\)$")  # "Kommentar (0)", any language
_PREFIX = re.compile(r"^(\([^()\n]{2,40}\)|[^\s()]{2,15}(?: [^\s()]{2,15}){0,2})\s*[-–—]\s+")
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:h]([0-5]\d)(?!\d)")
_LETTER = re.compile(r"[^\W\d_]")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*")
_STAMP_MAX = 60  # characters of a timestamp line ("Thứ Hai, 17/03/2025 14:34 (GMT+7)")
_STAMP_WORDS = 16  # letters besides the date: weekday, "ngày", "GMT"
_BYLINE_MAX = 80
_BYLINE_LINES = 2
_SHORT = 40  # characters: boilerplate lines are short; longer lines skip those checks
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ")


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


@dataclass
class _Body:
    lines: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    published_at: str | None = None


@dataclass(frozen=True)
class _Vocab:
    counter: re.Pattern[str]
    related: re.Pattern[str]
    credit: re.Pattern[str]
    credit_tail: re.Pattern[str]  # "… hội nghị. Ảnh: TTXVN" closing a caption
    byline: re.Pattern[str]
    joiners: re.Pattern[str]
    related_labels: frozenset[str]
    lines: frozenset[str]
    ignore: frozenset[str]


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@functools.cache
def _vocab() -> _Vocab:
    def labelled(key: str, prefix: str = "") -> re.Pattern[str]:
        alts = _alternatives(language.boilerplate(key))
        # "Tin, ảnh: VĂN NGHỊ"; a prefix needs no colon: "By Hoang Anh", "Von Jan Weber".
        head = rf"(?:{alts})\s*[:：]\s*"
        if prefix:
            head = rf"(?:{head}|(?:{_alternatives(language.boilerplate(prefix))})\s+)"
        return re.compile(rf"^{head}(?P<rest>.{{1,{_BYLINE_MAX}}})$", re.I)

    related = _alternatives(language.boilerplate("related"))
    photo = _alternatives(language.boilerplate("photo"))
    joiners = _alternatives(language.boilerplate("joiners"))
    return _Vocab(
        counter=re.compile(rf"^(?:{_alternatives(language.boilerplate('comment'))})\s*\(\d+\)$"),
        related=re.compile(rf"^(?:{related})\s*(?:[:：].{{0,200}})?$", re.I),
        credit=labelled("photo"),
        credit_tail=re.compile(rf"(?<=\S)[\s(\[]+(?:{photo})\s*:\s*[^()\[\]]{{1,60}}[)\]]?$", re.I),
        byline=labelled("byline", "byline_prefix"),
        joiners=re.compile(rf"\s*[,;/&]\s*|\s+[-–—]\s+|\s+(?:{joiners})\s+"),
        related_labels=frozenset(w.casefold() for w in language.boilerplate("related")),
        lines=frozenset(w.casefold() for w in language.boilerplate("lines")),
        ignore=frozenset(w.casefold() for w in language.boilerplate("byline_ignore")),
    )


def _iso(moment: datetime) -> str:
    return (moment if moment.tzinfo else moment.replace(tzinfo=LOCAL)).isoformat()


def parse_time(value: str | None) -> str | None:
    """ISO 8601 with offset from an ISO or a Vietnamese "14:34, 17/03/2025" timestamp."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _printed_time(value)
    return value[:10] if len(value) == 10 else _iso(moment)


def _printed_time(text: str) -> str | None:
    date = _DATE.search(text)
    if date is None:
        return None
    day, month, year = int(date[1]), int(date[2]), int(date[3])
    clock = _CLOCK.search(text[: date.start()]) or _CLOCK.search(text[date.end() :])
    try:
        if clock is None:
            return datetime(year, month, day).date().isoformat()
        return _iso(datetime(year, month, day, int(clock[1]), int(clock[2])))
    except ValueError:
        return None


def _stamp(line: str) -> str | None:
    """The time of a line that is only a timestamp ("14:34, 17/03/2025"), else None."""
    if len(line) > _STAMP_MAX or not _DATE.search(line):
        return None
    if len(_LETTER.findall(line)) > _STAMP_WORDS:
        return None
    return _printed_time(line)


def _name(part: str) -> str:
    # "VĂN NGHỊ" → "Văn Nghị": bylines are often set in capitals.
    return " ".join(w.capitalize() for w in part.split()) if part.isupper() else part


def names_in(text: str, min_words: int = 2) -> list[str] | None:
    """The names of a byline ("Ντουόνγκ Θουί - Τραν Κιέμ", "VĂN NGHỊ"), or None if it is not
    a line of 1-4 capitalised names."""
    text = text.strip(" -–—")
    if not text or len(text) > _BYLINE_MAX or text[-1] in ".!?;:,":
        return None
    parts = [p for p in _vocab().joiners.split(text) if p]
    if not 1 <= len(parts) <= 4:
        return None
    for part in parts:
        words = part.split()
        if not min_words <= len(words) <= 5:
            return None
        if not all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words):
            return None
    return [_name(p) for p in parts]


def _credited(line: str) -> list[str] | None:
    """Names of a reporter line: a labelled credit ("Tin, ảnh: VĂN NGHỊ") or bare names."""
    vocab = _vocab()
    if line.casefold() in vocab.ignore:
        return []
    labelled = vocab.byline.match(line) or vocab.credit.match(line)
    if labelled:
        rest = labelled["rest"]
        names = [] if rest.casefold() in vocab.ignore else names_in(rest)
        if names is not None:
            return names
    return names_in(line)


def _drop_related(lines: list[str], at: int) -> int:
    """Skip a related-links heading and the headline-like lines under it; a line that holds
    its own link ("Xem thêm: …") goes alone."""
    at += 1
    if lines[at - 1].rstrip(":： ").casefold() not in _vocab().related_labels:
        return at
    while at < len(lines) and len(lines[at]) <= 160 and lines[at][-1] not in '.!?…"”»':
        at += 1
    return at


def _sort_line(line: str, body: _Body, head: bool) -> None:
    vocab = _vocab()
    found = sources.from_line(line)
    if found is not None:
        body.sources += found
    elif line.endswith(" |") or line == "|":  # seed 001's captions: "Рабочая сцена |"
        body.captions.append(line.rstrip(" |"))
    elif head and body.published_at is None and (stamp := _stamp(line)):
        body.published_at = stamp
    elif head and len(line) <= _BYLINE_MAX and vocab.byline.match(line) and _credited(line):
        body.bylines += _credited(line) or []  # a leading "By Hoang Anh"
    elif len(line) <= _SHORT * 3 and (credit := vocab.credit.match(line)):
        body.bylines += names_in(credit["rest"]) or []
    elif len(line) > _SHORT or not _boilerplate(line, vocab):
        body.lines.append(line)


def _boilerplate(line: str, vocab: _Vocab) -> bool:
    """A comment counter ("Kommentar (0)") or a button label ("Chia sẻ")."""
    counter = line.endswith(")") and bool(_COUNTER.match(line) or vocab.counter.match(line))
    return counter or line.casefold() in vocab.lines


def _unspaced(line: str) -> str:
    return " ".join((_AD.sub(" ", line) if "[" in line else line).split())


def clean(raw: list[str], title: str | None = None, *, spaced: bool = True) -> _Body:
    """Sort raw paragraphs into body lines, captions, bylines, source URLs and a timestamp.
    spaced=False: the lines come single-spaced already (outlets.paragraphs)."""
    body = _Body()
    if spaced:
        lines = [t for line in raw if (t := _unspaced(line))]
    else:
        lines = [t for line in raw if (t := _unspaced(line) if "[" in line else line)]
    at = 0
    while at < len(lines):
        line = lines[at]
        if len(line) <= _SHORT * 6 and _vocab().related.match(line):
            at = _drop_related(lines, at)
            continue
        if line != title:
            _sort_line(line, body, head=len(body.lines) < 2)
        at += 1
    _take_bylines(body)
    if body.lines:
        body.lines[0] = _strip_prefix(body.lines[0])
    return body


def _take_bylines(body: _Body) -> None:
    for _ in range(_BYLINE_LINES):
        names = _credited(body.lines[-1]) if body.lines else None
        if names is None:
            return
        body.bylines[:0] = names
        body.lines.pop()


def _strip_prefix(lead: str) -> str:
    """Drop the outlet's tag opening the lead: "BHG - ", "(Baohaiduong.vn) - ", "ĐĐK – "."""
    match = _PREFIX.match(lead)
    if match is None:
        return lead
    tag = match[1]
    return lead[match.end() :] if tag.startswith("(") or tag.isupper() else lead


def _captions(found: list[str]) -> tuple[str, ...]:
    tail = _vocab().credit_tail
    return tuple(t for t in dict.fromkeys(tail.sub("", c) for c in found) if t)


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple({n.casefold(): n for n in reversed(names)}.values())[::-1]


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
    bylines = _unique(body.bylines)
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
                people.append(_name(name))
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
    return printed or _printed_time(outlets.text_of(node))


def _author(
    tree: LexborHTMLParser, meta: dict[str, str], authors: list[str], adapter: outlets.Adapter
) -> str | None:
    named = [v for v in map(meta.get, AUTHOR_META) if v and not v.startswith("http")]
    author = ", ".join(authors) or next(iter(named), None) or _node_text(tree, adapter.author)
    if author and (names := _credited(author)):
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
class _Page:
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


def _read_page(tree: LexborHTMLParser, url: str | None) -> _Page:
    meta, ld = _meta(tree), _json_ld(tree)
    canonical = _canonical(tree, meta, ld, url)
    outlet = sources.registered_domain(url or canonical)
    adapter = outlets.adapter_for(outlet, sources.registered_domain(canonical))
    authors, people = _ld_people(ld)
    author = _author(tree, meta, authors, adapter)
    if author and not authors:
        people += _credited(author) or []  # a reporter named by the page, not the newsroom
    original = tree.head.css_first('link[rel="original-source"]') if tree.head else None
    links = [_ld_text(ld.get("isBasedOn")), original.attributes.get("href") if original else None]
    if canonical and sources.registered_domain(canonical) != outlet:
        links.append(canonical)  # an aggregator's copy names the original as canonical
    return _Page(
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


def _read_body(tree: LexborHTMLParser, page: _Page) -> tuple[_Body, list[str]]:
    """The body's lines (lead first), and the names its byline elements give."""
    root = outlets.body(tree, page.adapter)
    if root is None:
        return _Body(), []
    # A source box sits in or beside the body: search the body's parent, not the whole page.
    links = sources.from_tree(root.parent or root, root, page.url)
    captions, credits = outlets.strip(root, page.adapter)
    raw = outlets.paragraphs(root)
    if page.lead and page.lead not in raw[:3]:
        raw.insert(0, page.lead)
    body = clean(raw, page.title, spaced=False)
    body.captions[:0] = captions
    body.sources[:0] = links
    return body, [name for line in credits for name in _credited(line) or []]


def from_html(html: str, url: str | None = None) -> Article:
    """An article from an HTML page; url is where it was fetched (for outlet and sources)."""
    tree = LexborHTMLParser(html)
    page = _read_page(tree, url)
    body, credited = _read_body(tree, page)
    joined = "\n".join(body.lines)
    bylines = _unique([*page.people, *credited, *body.bylines])
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
        captions=_captions(body.captions),
    )
