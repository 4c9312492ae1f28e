"""The parser against gold: the seed articles and this suite's own articles in five languages."""

from pathlib import Path

import pytest

from services.parser.meeting.extract import NoMeeting
from tinhuy.evaluate import FieldScore, Report, format_table, score, score_record

ROOT = Path(__file__).resolve().parents[2]
SEED_GOLD = ROOT.parent / "shared" / "gold" / "seeds.jsonl"
SEED_DOCS = ROOT.parent / "shared"
OWN_GOLD = Path(__file__).resolve().parent / "gold.jsonl"
OWN_DOCS = Path(__file__).resolve().parent
PAGES_GOLD = Path(__file__).resolve().parent / "pages_gold.jsonl"
SEED_FLOOR = 0.9
OWN_FLOOR = 0.8
PAGES_FLOOR = 0.9  # reached: 1.00 on every scored field


def _seed_paths() -> tuple[Path, Path]:
    if SEED_GOLD.exists():
        return SEED_GOLD, SEED_DOCS
    return Path("/work/shared/gold/seeds.jsonl"), Path("/work/shared")


def test_seed_gold_every_field_reaches_the_floor():
    gold, docs = _seed_paths()
    report = score(gold, docs)
    print(format_table(report, details=True))
    assert report.articles == 5
    assert report.fields["province"].correct == 5
    assert report.min_f1() >= SEED_FLOOR, format_table(report, details=True)


def test_own_articles_every_field_reaches_the_floor():
    report = score(OWN_GOLD, OWN_DOCS)
    print(format_table(report, details=True))
    assert report.articles == 22
    assert report.min_f1() >= OWN_FLOOR, format_table(report, details=True)


def test_vietnamese_stand_in_pages_every_field_reaches_the_floor():
    report = score(PAGES_GOLD, ROOT)
    print(format_table(report, details=True))
    assert report.articles == 4
    assert report.fields["province"].correct == 4
    assert report.min_f1() >= PAGES_FLOOR, format_table(report, details=True)


@pytest.fixture
def report() -> Report:
    from tinhuy.evaluate import LIST_FIELDS, SINGLE_FIELDS

    return Report(fields={n: FieldScore() for n in (*SINGLE_FIELDS, *LIST_FIELDS)})


GOLD = {
    "id": "x",
    "lang": "de",
    "source_urls": [],
    "province": "Hai Duong",
    "date": None,
    "time_of_day": None,
    "published_at": None,
    "body": "executive_committee|other",
    "purpose": "dissemination",
    "delegation": None,
    "chairs": ["Tran Duc Thang"],
    "participants": ["Tran Duc Thang", "Hau A Lenh|Hau A Len"],
    "mentioned_only": ["To Lam"],
    "documents": [{"type": "directive", "number": "35", "code": "35-CT/TW"}],
    "targets": [],
}


def _record(**changes):
    from services.parser.article import from_text
    from services.parser.meeting.extract import extract_meeting

    article = from_text(
        "An der Konferenz nahmen Genosse Tran Duc Thang teil. Die Provinz Hai Duong verbreitete "
        "die Richtlinie Nr. 35-CT/TW.",
        lang="de",
    )
    record = extract_meeting(article)
    assert not isinstance(record, NoMeeting)
    return record.model_copy(update=changes)


def test_scoring_rules_alternatives_mentioned_only_and_duplicates(report):
    from shared.contracts import Document, Person

    people = [
        Person(name_ascii="Trần Đức Thắng", as_written="x"),
        Person(name_ascii="Hau A Len", as_written="x"),
        Person(name_ascii="To Lam", as_written="x"),
    ]
    docs = [
        Document(type="directive", number="35"),
        Document(type="directive", number="35", code="35-CT/TW"),
    ]
    score_record(
        report, GOLD, _record(participants=people, documents=docs, body="other", date=None)
    )
    assert (report.fields["participants"].tp, report.fields["participants"].fp) == (2, 0)
    assert (report.fields["documents"].tp, report.fields["documents"].fp) == (1, 0)
    assert report.fields["body"].correct == 1


def test_a_date_where_gold_has_none_is_a_false_positive(report):
    score_record(report, GOLD, _record(date="2024-09-19"))
    assert (report.fields["date"].fp, report.fields["date"].fn, report.fields["date"].correct) == (
        1,
        0,
        0,
    )


def test_a_document_with_another_issuer_suffix_misses(report):
    from shared.contracts import Document

    score_record(
        report, GOLD, _record(documents=[Document(type="directive", number="35", code="35-CT/TU")])
    )
    assert (
        report.fields["documents"].tp,
        report.fields["documents"].fp,
        report.fields["documents"].fn,
    ) == (0, 1, 1)
