"""The parser service: pages and article texts in, meeting records and source URLs out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from services.parser.parse import Parsed, parse, parse_article_text
from services.parser.settings import ParserSettings
from shared.consume import ConsumeLoop
from shared.contracts import (
    ARTICLES,
    MEETINGS,
    PAGES,
    URL_REQUESTS,
    ArticleText,
    FetchedPage,
    UrlRequest,
    url_request_key,
)
from shared.kafka import Output, Rejected, ensure_topics, now_iso
from shared.lifecycle import run_until_signalled

log = logging.getLogger(__name__)


def source_requests(parsed: Parsed, origin: str, depth: int, max_depth: int) -> list[Output]:
    """URL requests for the sources the article names, one level deeper, never itself."""
    if parsed.article is None or depth + 1 > max_depth:
        return []
    found = [u for u in parsed.article.source_urls if u != origin]
    return [
        Output(
            URL_REQUESTS,
            url_request_key(u),
            UrlRequest(url=u, depth=depth + 1, discovered_from=origin, requested_at=now_iso()),
        )
        for u in dict.fromkeys(found)
    ]


def outputs_for(parsed: Parsed, origin: str, depth: int, max_depth: int) -> Sequence[Output]:
    """The record (keyed by province) and source requests; `origin` names the input."""
    sources = source_requests(parsed, origin, depth, max_depth)
    if parsed.record is None:
        # No meeting: a dead letter that says why, but its sources are still followed.
        raise Rejected(f"no meeting: {parsed.reason}", outputs=sources)
    province = parsed.record.province
    return [Output(MEETINGS, province.code if province else "unknown", parsed.record), *sources]


class ParserHandlers:
    def __init__(self, settings: ParserSettings) -> None:
        self.max_depth = settings.parse_max_depth

    async def page(self, page: FetchedPage) -> Sequence[Output]:
        parsed = parse(page.text, url=page.final_url, content_type=page.content_type)
        return outputs_for(parsed, page.final_url, page.depth, self.max_depth)

    async def article(self, article: ArticleText) -> Sequence[Output]:
        parsed = parse_article_text(
            article.text,
            url=article.url,
            title=article.title,
            lang=article.lang,
            published_at=article.published_at,
        )
        origin = article.url or f"article:{article.doc_id}"
        return outputs_for(parsed, origin, article.depth, self.max_depth)


async def serve(settings: ParserSettings, stop: asyncio.Event) -> None:
    await ensure_topics(settings)
    handlers = ParserHandlers(settings)
    loop = ConsumeLoop(settings, "parser", {PAGES: handlers.page, ARTICLES: handlers.article})
    await loop.run(stop)


def main() -> None:
    settings = ParserSettings()
    run_until_signalled(settings, lambda stop: serve(settings, stop))
