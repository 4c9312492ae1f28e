"""An Article in, a MeetingRecord or NoMeeting(reason) out."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from services.parser import PARSER_VERSION
from services.parser.article import Article
from services.parser.meeting import (
    bodies,
    dates,
    delegation,
    documents,
    gazetteer,
    identity,
    lexicon,
    people,
    provinces,
    quantities,
    sentences,
)
from shared.contracts import Extraction, MeetingRecord, Province, Source
from shared.text import is_blank

LEAD_SENTENCES = 12
CUE_WINDOW = 45
TITLE_BONUS, CUE_BONUS, LEAD_BONUS, OUTLET_BONUS = 3, 3, 2, 2
LISTING_MIN_LINES, LISTING_MEDIAN, LISTING_LONGEST = 4, 90, 300
LISTING_HEADLINES, LISTING_HEADLINE_SHARE = 2, 1 / 3
SENTENCE_ENDS = (".", "!", "?", "…", ".»", '."', ".”")


@dataclass(frozen=True)
class NoMeeting:
    reason: str


def extract_meeting(article: Article) -> MeetingRecord | NoMeeting:
    article = _composed(article)
    text, lang = article.text, article.lang
    if is_blank(text):
        return NoMeeting("the page has no article text")
    if article.listing or looks_like_listing(text):
        return NoMeeting("the page lists several articles (an index or search page)")
    if not reports_meeting(article):
        return NoMeeting(
            "the article reports no meeting (no meeting word or verb in its title or lead)"
        )
    when = dates.extract_meeting_date(text, lang, article.published_at)
    captions = tuple(getattr(article, "captions", ()) or ())
    cast = people.extract_people(text, lang, article.mentioned_bylines, captions)
    visitors = delegation.extract_delegation(text, lang, cast.participants)
    chairs = cast.chairs or ([visitors.head] if visitors and visitors.head else [])
    body = bodies.classify_body(article.title, text, lang, when.start)
    purpose = bodies.classify_purpose(article.title, text, lang, when.start, visitors is not None)
    province = choose_province(article)
    found = quantities.extract_quantities(text, lang, int(when.date[:4]) if when.date else None)
    return MeetingRecord(
        record_id=identity.record_id(article.url, text),
        meeting_id=identity.meeting_id(province, when.date, when.precision, body),
        province=province,
        date=when.date,
        date_precision=when.precision,
        time_of_day=when.time_of_day,
        body=body,
        purpose=purpose,
        delegation=visitors,
        chairs=chairs,
        participants=_with_chairs(cast.participants, chairs),
        mentioned=cast.mentioned,
        documents=documents.extract_documents(text, lang),
        targets=found.targets,
        figures=found.figures,
        source=_source(article),
        extraction=Extraction(parser_version=PARSER_VERSION, warnings=_warnings(when, province)),
    )


def _composed(article: Article) -> Article:
    """NFC text: some sites send decomposed Vietnamese, which no pattern would match."""
    title = unicodedata.normalize("NFC", article.title) if article.title else None
    return replace(article, text=unicodedata.normalize("NFC", article.text), title=title)


def _warnings(when: dates.MeetingDate, province: Province | None) -> list[str]:
    unknown = {"meeting date not given": when.date is None, "province not found": province is None}
    return [warning for warning, missing in unknown.items() if missing]


def reports_meeting(article: Article) -> bool:
    """A meeting word in the title or lead, with a meeting verb or attendance phrase beside it."""
    lang = article.lang
    lead = " ".join(s.text for s in sentences.split(article.text)[:LEAD_SENTENCES])
    head = f"{article.title or ''}\n{lead}"
    if not (
        lexicon.matches(lang, "meeting_nouns", head) or lexicon.matches(lang, "meeting_verbs", head)
    ):
        return False
    keys = ("meeting_verbs", "chair_cues", "attendance_cues", "speech_cues")
    return any(lexicon.matches(lang, key, head) for key in keys)


def looks_like_listing(text: str) -> bool:
    """Headlines, not one report: many short lines, no paragraph of prose, and most lines
    without a full stop. Short lines alone are no evidence: a brief report has them too
    (in HTML the page's links and teasers are the evidence, see outlets.is_listing)."""
    lines = [p.strip() for p in text.split("\n") if p.strip()]
    if len(lines) < LISTING_MIN_LINES:
        return False
    lengths = sorted(map(len, lines))
    if lengths[len(lengths) // 2] >= LISTING_MEDIAN or lengths[-1] >= LISTING_LONGEST:
        return False
    # The first line may be the report's own title; headlines further down are teasers'.
    headlines = sum(1 for line in lines[1:] if not line.endswith(SENTENCE_ENDS))
    return headlines >= max(LISTING_HEADLINES, LISTING_HEADLINE_SHARE * (len(lines) - 1))


def _with_chairs(participants: list, chairs: list) -> list:
    known = {p.name_ascii for p in participants}
    return [*participants, *(c for c in chairs if c.name_ascii not in known)]


def choose_province(article: Article) -> Province | None:
    """The province whose committee met: the one named with "Tỉnh ủy", "провинции"..., else
    the most named, else the outlet's."""
    lang, text = article.lang, article.text
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    found: dict[str, Province] = {}
    lead_end = _lead_end(text)
    for hit in provinces.find_provinces(text, lang):
        code = hit.province.code
        found[code] = hit.province
        first.setdefault(code, hit.start)
        scores[code] += (
            1
            + (CUE_BONUS if _cued(text, hit, lang) else 0)
            + (LEAD_BONUS if hit.start < lead_end else 0)
        )
    for hit in provinces.find_provinces(article.title or "", lang):
        found[hit.province.code] = hit.province
        first.setdefault(hit.province.code, -1)
        scores[hit.province.code] += TITLE_BONUS
    outlet = gazetteer.province_for_outlet(article.outlet)
    if outlet is not None and outlet.code in scores:
        scores[outlet.code] += OUTLET_BONUS
    if not scores:
        return outlet
    best = max(scores.values())
    return found[min((c for c in scores if scores[c] == best), key=lambda c: first[c])]


def _lead_end(text: str) -> int:
    paragraphs = [p for p in text.split("\n") if p.strip()][:2]
    return text.find(paragraphs[-1]) + len(paragraphs[-1]) if paragraphs else 0


def _cued(text: str, hit: provinces.ProvinceHit, lang: str) -> bool:
    before = lexicon.pattern(lang, "province_cues", anchor="")
    after = lexicon.pattern(lang, "province_cues_after")
    window = text[max(0, hit.start - CUE_WINDOW) : hit.start]
    if before and any(m.end() >= len(window) - 1 for m in before.finditer(window)):
        return True
    return bool(after and after.match(text[hit.end : hit.end + CUE_WINDOW]))


def _source(article: Article) -> Source:
    return Source(
        url=article.url,
        outlet=article.outlet,
        lang=article.lang,
        title=article.title,
        published_at=article.published_at,
        source_urls=list(article.source_urls),
    )
