"""Timestamps as outlets print them: ISO 8601, or Vietnamese "14:34, 17/03/2025"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import cache

from services.parser.meeting.lexicon import data

# Vietnamese outlets print local time; a timestamp without an offset is Vietnam's (UTC+7).
LOCAL = timezone(timedelta(hours=7))
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:h]([0-5]\d)(?!\d)")
# Outlets in English print "August 19, 2024": the month names come from the English pack.
_MONTHS_LANG = "en"
_HALF_DAY = re.compile(r"\s*([ap])\.?m\b\.?", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_STAMP_MAX = 60  # characters of a timestamp line ("Thứ Hai, 17/03/2025 14:34 (GMT+7)")
_STAMP_WORDS = 16  # letters besides the date: weekday, "ngày", "GMT"


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
        return printed_time(value)
    return value[:10] if len(value) == 10 else _iso(moment)


def printed_time(text: str) -> str | None:
    """A printed date with its clock time if any: "17/03/2025 14:34", "August 19, 2024 at
    9:05 pm" (English-language outlets of Vietnam print the month's name and a 12-hour clock)."""
    date = _DATE.search(text)
    if date is not None:
        day, month, year = int(date[1]), int(date[2]), int(date[3])
    elif (named := _named_date().search(text)) is not None:
        date, month = named, _months()[named[1].lower()]
        day, year = int(named[2]), int(named[3])
    else:
        return None
    before, rest = text[: date.start()], text[date.end() :]
    clock = _CLOCK.search(before) or _CLOCK.search(rest)
    try:
        if clock is None:
            return datetime(year, month, day).date().isoformat()
        hour = int(clock[1])
        if (half := _HALF_DAY.match(clock.string, clock.end())) is not None:
            hour = hour % 12 + (12 if half[1].lower() == "p" else 0)
        return _iso(datetime(year, month, day, hour, int(clock[2])))
    except ValueError:
        return None


@cache
def _months() -> dict[str, int]:
    return {name.lower(): int(number) for name, number in data(_MONTHS_LANG)["months"].items()}


@cache
def _named_date() -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in sorted(_months(), key=len, reverse=True))
    return re.compile(rf"\b({names})\.? (\d{{1,2}}),? (\d{{4}})\b", re.IGNORECASE)


def stamp(line: str) -> str | None:
    """The time of a line that is only a timestamp ("14:34, 17/03/2025"), else None."""
    if len(line) > _STAMP_MAX or not _DATE.search(line):
        return None
    if len(_LETTER.findall(line)) > _STAMP_WORDS:
        return None
    return printed_time(line)
