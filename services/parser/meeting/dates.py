"""The meeting's date and time of day, resolved against the article's own date or years.

"Sáng 19/3", "Am Morgen des 19. März", "Утром 17 марта", "Το πρωί της 14ης
Ιανουαρίου", "On the morning of March 19": the meeting date is the one a time
of day or a meeting verb anchors in the lead, never a document's date. A date
the text does not give stays None (gold seed 002).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from services.parser.meeting import lexicon, scanner, sentences

DAY_SUFFIX = r"(?:\.|-?(?:ης|ας|ην|η|ου|ος|го|е|th|st|nd|rd)\b)?"
# "19/3", "19/3/2025", and the dashed "19-3-2025" of Nhân Dân and Quân đội nhân dân.
NUMERIC_VI = re.compile(
    r"(?<![\d/.,\-])(\d\d?)\s*([/-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/]|-\d)"
)
WORDED_VI = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.IGNORECASE)
NUMERIC_FULL = re.compile(r"(?<![\d/.])(\d\d?)[/.](\d{1,2})[/.](\d{4})(?!\d)")
DIGIT = re.compile(r"\d")
YEAR = re.compile(r"(?<![\d.,/\-–])20\d\d(?![\d%,.]\d)")
YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s*[-–—/]\s*(?:19|20)\d\d")
ANCHOR_WINDOW = 45  # chars before a date where its time of day ("Am Morgen des") stands
AFTER_WORDS = 3  # "года днём", "το απόγευμα", "am Nachmittag"
CLAUSE_END = re.compile(r"[.,;:!?()\n]")
LEAD_PARAGRAPHS = 4
DOCUMENT_WINDOW = 40
# A document just before a date owns it: "57-NQ/TW ngày ...", "số 12 ngày ...".
DOCUMENT_CODE = re.compile(
    r"\d+\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*[/-]\s*[A-ZĐ]|\b(?:số|Nr\.|No\.|№|αριθ\.|Αρ\.)\s*\d"
)


@dataclass(frozen=True)
class DateMention:
    day: int
    month: int
    year: int | None
    start: int
    end: int


@dataclass(frozen=True)
class MeetingDate:
    date: str | None = None
    precision: str | None = None
    time_of_day: str | None = None
    start: int | None = None  # offset of the sentence that gave the date


@cache
def _month_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    months = lexicon.data(lang).get("months") or {}
    if not months:
        return ()
    names = "|".join(
        sorted((lexicon.accent_free(re.escape(m)) for m in months), key=len, reverse=True)
    )
    day_first = rf"(?<!\d)(\d\d?){DAY_SUFFIX}\s+(?:of\s+|de\s+)?({names})\b\.?(?:,?\s+(\d{{4}}))?"
    month_first = rf"\b({names})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
    return (re.compile(day_first, re.IGNORECASE), re.compile(month_first, re.IGNORECASE))


def find_dates(text: str, lang: str) -> list[DateMention]:
    """Every day-and-month date in the text, in order (year None where not printed)."""
    if not DIGIT.search(text):  # every date pattern holds a day number
        return []
    found = [*_numeric_dates(text, lang), *_worded_dates(text, lang)]
    unique = {(m.start, m.end): m for m in found if 1 <= m.day <= 31 and 1 <= m.month <= 12}
    return sorted(unique.values(), key=lambda m: m.start)


def _numeric_dates(text: str, lang: str) -> list[DateMention]:
    # A digit or "ngày" opens each: the scans skip ahead to them (scanner.scan).
    found = [_mention(m, int(m[1]), int(m[2]), m[3]) for m in scanner.finditer(WORDED_VI, text)]
    if lang == "vi":
        found += [_mention(m, int(m[1]), int(m[3]), m[4]) for m in scanner.scan(NUMERIC_VI, text)]
    else:
        found += [_mention(m, int(m[1]), int(m[2]), m[3]) for m in scanner.scan(NUMERIC_FULL, text)]
    return found


def _worded_dates(text: str, lang: str) -> list[DateMention]:
    months = _months(lang)
    patterns = _month_patterns(lang)
    found: list[DateMention] = []
    for index, rx in enumerate(patterns):
        for m in scanner.finditer(rx, text):
            day, name = (m[1], m[2]) if index == 0 else (m[2], m[1])
            month = months.get(_plain(name).rstrip("."))
            if month:
                found.append(_mention(m, int(day), month, m[3]))
    return found


@cache
def _months(lang: str) -> dict[str, int]:
    return {_plain(k): v for k, v in (lexicon.data(lang).get("months") or {}).items()}


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _mention(m: re.Match[str], day: int, month: int, year: str | None) -> DateMention:
    return DateMention(day, month, int(year) if year else None, m.start(), m.end())


def extract_meeting_date(text: str, lang: str, published_at: str | None) -> MeetingDate:
    """The meeting's date: anchored by a time of day, else by a meeting verb in the lead."""
    mentions = find_dates(text, lang)
    spans = sentences.split(text)
    # The lead first: a later "Chiều cùng ngày (19/3), đoàn đã thăm ..." is another event.
    lead_end = max((s.end for s in _lead(spans)), default=0)
    in_lead = [m for m in mentions if m.start < lead_end]
    chosen = (
        _anchored(text, lang, in_lead)
        or _lead_dated(text, lang, mentions, spans)
        or _anchored(text, lang, mentions)
    )
    if chosen is None:
        return _today(text, lang, spans, published_at)
    mention, time_of_day = chosen
    year = mention.year or infer_year(text, lang, mention.month, published_at)
    start = next((s.start for s in spans if s.start <= mention.start < s.end), None)
    if year is None:
        return MeetingDate(None, None, time_of_day, start)
    try:
        iso = date(year, mention.month, mention.day).isoformat()
    except ValueError:
        return MeetingDate(None, None, time_of_day, start)
    return MeetingDate(iso, "day", time_of_day, start)


def _anchored(text: str, lang: str, mentions: list[DateMention]) -> tuple[DateMention, str] | None:
    for mention in mentions:
        before = _clause_before(text, mention.start)
        time_of_day = time_of_day_in(before, lang) or time_of_day_in(
            _words_after(text, mention.end), lang
        )
        if time_of_day:
            return mention, time_of_day
    return None


def _words_after(text: str, end: int) -> str:
    """The first words after a date, within its clause: Russian and Greek put the time of
    day there ("22 февраля 2024 года днём", "15 Σεπτεμβρίου 2023 το απόγευμα")."""
    clause = CLAUSE_END.split(text[end : end + ANCHOR_WINDOW], maxsplit=1)[0]
    return " ".join(clause.split()[:AFTER_WORDS])


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - ANCHOR_WINDOW) : start]
    return re.split(r"[.\n;!?]\s", window)[-1]


def time_of_day_in(text: str, lang: str) -> str | None:
    """The last time-of-day word in `text` ("sáng", "Morgen", "утром", "πρωί"), as a label."""
    best: tuple[int, str] | None = None
    for label, rx in lexicon.labelled(lang, "time_of_day"):
        for m in rx.finditer(text):
            if best is None or m.start() > best[0]:
                best = (m.start(), label)
    return best[1] if best else None


def _lead_dated(
    text: str, lang: str, mentions: list[DateMention], spans: list[sentences.Sentence]
) -> tuple[DateMention, None] | None:
    """A date opening a lead sentence that holds a meeting verb or noun ("Ngày 14/1, ...")."""
    for span in _lead(spans):
        if not (
            lexicon.in_sentence(lang, "meeting_verbs", text, span)
            or lexicon.in_sentence(lang, "meeting_nouns", text, span)
        ):
            continue
        for mention in mentions:
            if span.start <= mention.start < span.end and _meeting_dated(text, span, mention, lang):
                return mention, None
    return None


def _meeting_dated(text: str, span: sentences.Sentence, mention: DateMention, lang: str) -> bool:
    """The date opens the sentence, or a date preposition ("am", "on", "ngày") stands before
    it with no document just before ("Nghị quyết số 57-NQ/TW ngày 22/12/2024" is no meeting)."""
    before = text[span.start : mention.start]
    if not before.strip(" ,("):
        return True
    rx = lexicon.pattern(lang, "date_prefixes")
    if not (rx and rx.search(before)):
        return False
    return not DOCUMENT_CODE.search(before[-DOCUMENT_WINDOW:])


def _lead(spans: list[sentences.Sentence]) -> list[sentences.Sentence]:
    paragraphs = sorted({s.paragraph for s in spans})[:LEAD_PARAGRAPHS]
    return [s for s in spans if s.paragraph in paragraphs]


def _today(
    text: str, lang: str, spans: list[sentences.Sentence], published_at: str | None
) -> MeetingDate:
    """ "Sáng nay", "this morning": the article's own date, where it prints one."""
    published = _published(published_at)
    today = lexicon.pattern(lang, "today")
    for span in _lead(spans):
        if (
            today
            and today.search(span.text)
            and lexicon.in_sentence(lang, "meeting_verbs", text, span)
        ):
            time_of_day = time_of_day_in(span.text, lang)
            if published and time_of_day:
                return MeetingDate(published.date().isoformat(), "day", time_of_day, span.start)
    return MeetingDate()


def _published(published_at: str | None) -> datetime | None:
    if not published_at:
        return None
    try:
        return datetime.fromisoformat(published_at)
    except ValueError:
        return None


def infer_year(text: str, lang: str, month: int, published_at: str | None) -> int | None:
    """The year of a day-month date: the article's own year, else the latest year it discusses."""
    published = _published(published_at)
    if published:
        # A January report of a December meeting belongs to the year before.
        return published.year - 1 if month > published.month + 1 else published.year
    years = named_years(text, lang)
    if not years:
        return None
    latest = max(years)
    # A year-end meeting reviews this year and plans the next: the earlier year is its own.
    if month >= 11 and latest - 1 in years:
        return latest - 1
    return latest


def named_years(text: str, lang: str) -> set[int]:
    """Years the text talks about as present or past: not deadlines ("bis 2030") nor ranges."""
    ranges = [m.span() for m in YEAR_RANGE.finditer(text)]
    until = lexicon.pattern(lang, "until_cues")
    years: set[int] = set()
    for m in YEAR.finditer(text):
        if any(a <= m.start() < b for a, b in ranges):
            continue
        before = text[max(0, m.start() - 25) : m.start()]
        if until and until.search(before):
            continue
        years.add(int(m.group()))
    return years
