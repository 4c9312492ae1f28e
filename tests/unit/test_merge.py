"""Merging reports into meetings and province state (pure functions, tables as dicts)."""

from __future__ import annotations

from typing import Any

from services.aggregator import merge, stats
from services.aggregator.tables import NAMES, ProvinceTables
from shared.contracts import Document, Quantity
from tests.records import meeting_record, person, report_stream

PAGE = "https://baohagiang.vn/a"
MID = "VN-03-2025-03-17-standing_committee"


def tables() -> ProvinceTables:
    return ProvinceTables({name: {} for name in NAMES})


def test_the_same_report_twice_changes_nothing() -> None:
    state = tables()
    first = state.fold(meeting_record("a"), "t1")
    snapshot = {name: dict(t) for name, t in state.tables.items()}
    assert first is not None and (first.meeting_id, first.version) == (MID, 1)
    assert state.fold(meeting_record("a"), "t2") is None
    assert {name: dict(t) for name, t in state.tables.items()} == snapshot


def test_three_languages_of_one_meeting_merge_into_one_with_every_source() -> None:
    state = tables()
    de = meeting_record(
        "de", meeting_id=None, date=None, source={"lang": "de", "source_urls": [PAGE]}
    )
    ru = meeting_record(
        "ru",
        meeting_id=None,
        date=None,
        documents=[Document(type="directive", number="35")],
        source={"lang": "ru", "source_urls": [PAGE]},
    )
    vi = meeting_record("vi", source={"url": PAGE, "outlet": "baohagiang.vn", "lang": "vi"})
    out = [state.fold(r, f"t{i}") for i, r in enumerate([de, vi, ru])]
    assert [(e.meeting_id, e.version) for e in out if e] == [
        ("record:de", 1),
        (MID, 2),
        (MID, 3),
    ]
    assert out[1] is not None and out[1].replaces == ["record:de"]
    assert list(state.meetings) == [f"VN-03/{MID}"]
    assert [r["lang"] for r in state.meetings[f"VN-03/{MID}"]["reports"]] == ["de", "vi", "ru"]
    assert [d.number for d in out[2].meeting.documents] == ["35"]  # the later report's fact
    summary = state.provinces["VN-03"]
    assert (summary["meetings_total"], summary["reports_total"]) == (1, 3)
    assert summary["by_month"] == {"2025-03": 1}  # the undated bucket emptied when it got a date
    assert summary["languages"] == {"de": 1, "vi": 1, "ru": 1}
    assert state.meeting("VN-03", "record:de")["meeting"]["meeting_id"] == MID


def test_people_merge_by_folded_name_and_keep_every_role() -> None:
    state = tables()
    state.fold(meeting_record("a", chairs=[person("Le Minh Hung", "Politburo member")]), "t1")
    merged = state.fold(
        meeting_record(
            "b", chairs=[person("Lê Minh Hưng", "Head of the Commission", name="Lê Minh Hưng")]
        ),
        "t2",
    )
    assert merged is not None
    [chair] = merged.meeting.chairs
    assert (chair.name, chair.roles) == (
        "Lê Minh Hưng",
        ["Politburo member", "Head of the Commission"],
    )
    [row] = state.details("VN-03")["people"]
    assert (row["count"], row["chaired"], row["roles"]) == (
        1,
        1,
        ["Politburo member", "Head of the Commission"],
    )


def test_context_says_what_is_new_to_the_province() -> None:
    state = tables()
    state.fold(
        meeting_record(
            "a",
            documents=[Document(type="resolution", number="18")],
            participants=[person("Thao Hong Son")],
        ),
        "t1",
    )
    second = state.fold(
        meeting_record(
            "b",
            meeting_id="VN-03-2025-03-20-standing_committee",
            date="2025-03-20",
            documents=[
                Document(type="resolution", number="18"),
                Document(type="directive", number="35"),
            ],
            participants=[person("Thao Hong Son"), person("Phan Huy Ngoc")],
        ),
        "t2",
    )
    assert second is not None
    context = second.context
    assert [d["number"] for d in context["documents_first_cited_here"]] == ["35"]
    assert context["people_new_to_province"] == ["Phan Huy Ngoc"]
    assert context["nth_meeting_this_month"] == 2
    details = state.details("VN-03")
    assert [(d["number"], d["count"]) for d in details["documents"]] == [("18", 2), ("35", 1)]
    assert details["people"][0] == {
        "name_ascii": "Thao Hong Son",
        "name": None,
        "roles": [],
        "count": 2,
        "chaired": 0,
        "last_meeting": "VN-03-2025-03-20-standing_committee",
        "first_seen": "2025-03-17",
        "last_seen": "2025-03-20",
    }


def test_counts_equal_a_recount_from_the_merged_meetings() -> None:
    state = tables()
    for _, record in report_stream(60):
        state.fold(record, "t")
    for code in {k.split("/")[0] for k in state.meetings}:
        entries = [e for k, e in state.meetings.items() if k.startswith(f"{code}/")]
        summary = state.provinces[code]
        assert summary["meetings_total"] == len(entries)
        assert summary["reports_total"] == sum(len(e["reports"]) for e in entries)
        by_month: dict[str, int] = {}
        for e in entries:
            month = (e["meeting"]["date"] or "undated")[:7]
            by_month[month] = by_month.get(month, 0) + 1
        assert summary["by_month"] == dict(sorted(by_month.items()))
        people = {p["name_ascii"]: p["count"] for p in state.details(code)["people"]}
        recount: dict[str, int] = {}
        for e in entries:
            for name in {p["name_ascii"] for p in e["meeting"]["participants"]}:
                recount[name] = recount.get(name, 0) + 1
        assert people == recount


def test_a_province_with_predecessors_sums_their_history() -> None:
    own: dict[str, Any] = {**stats.empty_summary(None), "meetings_total": 1, "reports_total": 2}
    own["by_month"], own["recent"] = {"2025-08": 1}, [{"meeting_id": "b", "date": "2025-08-01"}]
    old: dict[str, Any] = {**stats.empty_summary(None), "meetings_total": 2, "reports_total": 2}
    old["by_month"], old["recent"] = {"2025-03": 2}, [{"meeting_id": "a", "date": "2025-03-17"}]
    total = stats.combined([own, old])
    assert (total["meetings_total"], total["reports_total"]) == (3, 4)
    assert total["by_month"] == {"2025-03": 2, "2025-08": 1}
    assert total["last_meeting"] == {"meeting_id": "b", "date": "2025-08-01"}


def test_a_meeting_id_names_its_province() -> None:
    assert merge.province_of_meeting(MID) == "VN-03"
    assert merge.province_of_meeting("VN-SG-2025-01-02-other") == "VN-SG"
    assert merge.province_of_meeting("record:abc") is None


def test_target_points_are_one_row_each_and_move_with_a_meeting_id() -> None:
    state = tables()
    growth = {"metric": "economic_growth", "unit": "%", "year": 2025}
    provisional = meeting_record(
        "de",
        meeting_id=None,
        date=None,
        targets=[Quantity(value=8, **growth)],
        source={"lang": "de", "source_urls": [PAGE]},
    )
    state.fold(provisional, "t1")
    assert list(state.targets) == ["VN-03/economic_growth/record:de/2025"]
    original = meeting_record(
        "vi",
        targets=[Quantity(value=8.5, **growth)],
        source={"url": PAGE, "outlet": "baohagiang.vn", "lang": "vi"},
    )
    later = meeting_record(
        "x",
        meeting_id="VN-03-2025-06-02-standing_committee",
        date="2025-06-02",
        targets=[Quantity(value=9, **growth)],
    )
    state.fold(later, "t2")
    state.fold(original, "t3")
    # The provisional meeting's point went with its id; each write is one point.
    assert sorted(state.targets) == [
        f"VN-03/economic_growth/{MID}/2025",
        "VN-03/economic_growth/VN-03-2025-06-02-standing_committee/2025",
    ]
    series = state.details("VN-03")["targets"]["economic_growth"]
    # The merged meeting keeps its first report's figure; the point follows the meeting.
    assert [(p["date"], p["value"]) for p in series] == [("2025-03-17", 8), ("2025-06-02", 9)]
