"""The parser against the synthetic corpus's ground truth: a fixed sample (seed 11, 75
meetings: 153 meeting pages in vi/en/de/ru/el), per-language, per-field agreement floors.

The floors are what the parser reaches, so a regression fails. Greek names stay below 1.00:
machine translation writes both h and kh as χ, so "Χόα" is Hoa or Khoa and no rule can tell
(the reader takes the more common syllable).
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from services.parser.parse import parse
from services.parser.translit import fold
from tinhuy.corpus.generate import generate

SEED, MEETINGS = 11, 75
FIELDS = ("record", "province", "date", "time_of_day", "body", "purpose", "meeting_id",
          "chairs", "participants")  # fmt: skip
FLOOR = 0.95
LOWER_FLOORS = {("el", "chairs"): 0.9, ("el", "participants"): 0.8}


def _fields(record) -> dict[str, object]:  # type: ignore[no-untyped-def]
    if record is None:
        return {}
    return {
        "record": True,
        "province": record.province.code if record.province else None,
        "date": record.date,
        "time_of_day": record.time_of_day,
        "body": record.body,
        "purpose": record.purpose,
        "meeting_id": record.meeting_id,
        "chairs": sorted(fold(p.name_ascii) for p in record.chairs),
        "participants": sorted(fold(p.name_ascii) for p in record.participants),
    }


def _truth(meeting) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "record": True,
        "province": meeting.province_code,
        "date": meeting.date,
        "time_of_day": meeting.time_of_day,
        "body": meeting.body,
        "purpose": meeting.purpose,
        "meeting_id": meeting.meeting_id,
        "chairs": sorted(fold(n) for n in meeting.chairs),
        "participants": sorted(fold(n) for n in meeting.participants),
    }


@cache
def agreement() -> tuple[dict[tuple[str, str], float], Counter[str]]:
    corpus = generate(SEED, MEETINGS)
    right: Counter[tuple[str, str]] = Counter()
    pages: Counter[str] = Counter()
    for url, page in corpus.pages.items():
        truth = corpus.truth.by_url[url]
        if truth.kind == "hostile" or truth.meeting_id is None or truth.lang is None:
            continue
        got = _fields(parse(page.html, url=url).record)
        want = _truth(corpus.truth.meetings[truth.meeting_id])
        pages[truth.lang] += 1
        right.update((truth.lang, f) for f in FIELDS if got.get(f) == want[f])
    shares = {(lang, f): right[(lang, f)] / n for lang, n in pages.items() for f in FIELDS}
    return shares, pages


def test_the_sample_covers_every_corpus_language():
    _, pages = agreement()
    assert sorted(pages) == ["de", "el", "en", "ru", "vi"]
    assert sum(pages.values()) >= 150


@pytest.mark.parametrize("lang", ["vi", "en", "de", "ru", "el"])
def test_fields_agree_with_the_corpus_truth(lang):
    shares, _ = agreement()
    below = {
        field: round(shares[(lang, field)], 3)
        for field in FIELDS
        if shares[(lang, field)] < LOWER_FLOORS.get((lang, field), FLOOR)
    }
    assert below == {}
