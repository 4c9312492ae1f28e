"""The synthetic corpus: deterministic, and its ground truth consistent with its pages."""

from __future__ import annotations

import re

import pytest

from tinhuy.corpus import generate, write_warc
from tinhuy.corpus.phrases import SOURCE_LABEL

MEETINGS = 300


@pytest.fixture(scope="module")
def corpus():
    return generate(11, MEETINGS, hostile=True)


def test_same_seed_gives_byte_identical_pages_urls_and_truth(corpus) -> None:
    again = generate(11, MEETINGS, hostile=True)
    assert again.urls == corpus.urls
    assert {u: p.html for u, p in again.pages.items()} == {
        u: p.html for u, p in corpus.pages.items()
    }
    assert again.truth.meetings == corpus.truth.meetings


def test_another_seed_gives_another_corpus(corpus) -> None:
    other = generate(12, MEETINGS, hostile=True)
    assert other.urls != corpus.urls
    assert other.truth.meetings_per_province != corpus.truth.meetings_per_province


def test_meetings_per_province_add_up_to_the_meetings(corpus) -> None:
    counts = corpus.truth.meetings_per_province
    assert sum(counts.values()) == MEETINGS == len(corpus.of_kind("original"))
    assert len(counts) > 40  # many provinces, unevenly
    for meeting in corpus.truth.meetings.values():
        assert meeting.meeting_id == f"{meeting.province_code}-{meeting.date}-{meeting.body}"
        assert "2023-01-01" <= meeting.date <= "2025-12-31"


def test_every_url_reports_its_meeting_and_every_meeting_lists_its_urls(corpus) -> None:
    reported = [corpus.truth.by_url[u].meeting_id for u in corpus.urls]
    for meeting in corpus.truth.meetings.values():
        assert reported.count(meeting.meeting_id) == len(meeting.urls)
        assert meeting.languages[0] == "vi"
        assert corpus.truth.by_url[meeting.urls[0]].kind == "original"


def test_each_translation_ends_with_a_source_line_naming_its_original(corpus) -> None:
    translations = corpus.of_kind("translation")
    assert translations
    for url in translations:
        truth = corpus.truth.by_url[url]
        meeting = corpus.truth.meetings[truth.meeting_id]
        assert truth.source_url == meeting.urls[0]
        text = re.sub(r"<[^>]+>", "\n", corpus.pages[url].html.decode())
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        source_lines = [line for line in lines if line.startswith(SOURCE_LABEL[truth.lang])]
        assert source_lines == [f"{SOURCE_LABEL[truth.lang]} {truth.source_url}"]


def test_all_five_languages_are_present(corpus) -> None:
    langs = {corpus.truth.by_url[u].lang for u in corpus.urls}
    assert langs == {"vi", "en", "de", "ru", "el", None}  # None: the hostile extras


def test_an_original_names_its_province_date_and_people_in_vietnamese(corpus) -> None:
    meeting = next(iter(corpus.truth.meetings.values()))
    html = corpus.pages[meeting.urls[0]].html.decode()
    assert meeting.province in html
    assert meeting.chair.name in html
    day = meeting.date.split("-")
    assert re.search(rf"\b0?{int(day[2])}/0?{int(day[1])}/{day[0]}\b", html)
    assert f'content="{meeting.date}T' in html  # article:published_time


def test_hostile_extras_expect_a_failure_or_dead_letter_and_unsafe_urls_are_never_served(
    corpus,
) -> None:
    hostile = corpus.of_kind("hostile")
    assert len(hostile) >= 15
    for url in hostile:
        expect = corpus.truth.by_url[url].expect
        assert expect.outcome in ("fetch_failure", "dead_letter")
        if not url.startswith("https://"):
            assert url not in corpus.pages
    assert corpus.truth.by_url["file:///etc/passwd"].expect.reason == "scheme not allowed: file"


def test_a_province_limit_keeps_to_that_many_provinces() -> None:
    small = generate(5, 200, provinces=4)
    assert len(small.truth.meetings_per_province) == 4
    assert sum(small.truth.meetings_per_province.values()) == 200


def test_warc_holds_every_fixed_page(corpus, tmp_path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    path = tmp_path / "corpus.warc.gz"
    written = write_warc(corpus, path)
    with path.open("rb") as fh:
        bodies = {
            r.rec_headers.get_header("WARC-Target-URI"): r.content_stream().read()
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        }
    fixed = {u: p.html for u, p in corpus.pages.items() if p.behaviour in ("static", "redirect")}
    assert written == len(fixed)
    assert bodies == fixed
