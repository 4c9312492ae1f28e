"""Merging reports into meetings and province state (pure functions)."""

from __future__ import annotations

from services.aggregator import merge, stats
from shared.contracts import Document
from tests.records import meeting_record, person

PAGE = "https://baohagiang.vn/a"


def as_dict(**kwargs: object) -> dict:
    record_id = str(kwargs.pop("record_id"))
    return meeting_record(record_id, **kwargs).model_dump(mode="json", by_alias=True)


def test_the_same_report_twice_changes_nothing() -> None:
    state, mid = merge.apply_record(merge.empty_state(), as_dict(record_id="a"), "t1")
    again, none = merge.apply_record(state, as_dict(record_id="a"), "t2")
    assert (mid, none) == ("VN-03-2025-03-17-standing_committee", None)
    assert again == state


def test_a_source_link_merges_an_undated_translation_with_its_original() -> None:
    translation = as_dict(
        record_id="ru", meeting_id=None, date=None, source={"lang": "ru", "source_urls": [PAGE]}
    )
    original = as_dict(
        record_id="vi",
        source={"url": PAGE, "lang": "vi"},
        documents=[Document(type="conclusion", number="118")],
    )
    state, first = merge.apply_record(merge.empty_state(), translation, "t1")
    state, second = merge.apply_record(state, original, "t2")
    assert (first, second) == ("record:ru", "VN-03-2025-03-17-standing_committee")
    [entry] = state["meetings"].values()
    assert [r["record_id"] for r in entry["reports"]] == ["ru", "vi"]
    assert entry["replaces"] == ["record:ru"]
    assert entry["meeting"]["date"] == "2025-03-17"
    assert entry["meeting"]["documents"][0]["number"] == "118"
    assert state["records"] == {"ru": second, "vi": second}


def test_people_merge_by_folded_name_and_keep_every_role() -> None:
    a = as_dict(record_id="a", chairs=[person("Le Minh Hung", "Politburo member")])
    b = as_dict(
        record_id="b",
        chairs=[person("Lê Minh Hưng", "Head of the Organization Commission", name="Lê Minh Hưng")],
    )
    state, _ = merge.apply_record(merge.empty_state(), a, "t1")
    state, mid = merge.apply_record(state, b, "t2")
    [chair] = state["meetings"][mid]["meeting"]["chairs"]
    assert chair["name"] == "Lê Minh Hưng"
    assert chair["roles"] == ["Politburo member", "Head of the Organization Commission"]


def test_context_says_what_is_new_to_the_province() -> None:
    first = as_dict(
        record_id="a",
        documents=[Document(type="resolution", number="18")],
        participants=[person("Thao Hong Son")],
    )
    second = as_dict(
        record_id="b",
        meeting_id="VN-03-2025-03-20-standing_committee",
        date="2025-03-20",
        documents=[
            Document(type="resolution", number="18"),
            Document(type="directive", number="35"),
        ],
        participants=[person("Thao Hong Son"), person("Phan Huy Ngoc")],
    )
    before, _ = merge.apply_record(merge.empty_state(), first, "t1")
    after, mid = merge.apply_record(before, second, "t2")
    context = stats.context(before, after, mid)
    assert [d["number"] for d in context["documents_first_cited_here"]] == ["35"]
    assert context["people_new_to_province"] == ["Phan Huy Ngoc"]
    assert context["nth_meeting_this_month"] == 2
    summary = stats.summary(after)
    assert (summary["meetings_total"], summary["by_month"]) == (2, {"2025-03": 2})
    assert [(d["number"], d["count"]) for d in stats.documents(after)] == [("18", 2), ("35", 1)]
