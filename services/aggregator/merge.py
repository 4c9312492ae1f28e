"""Merging meeting reports into meetings and province state: pure functions on dicts.

A province's state is one JSON-able dict (a Faust table value):
`{"province": {...}, "meetings": {meeting_id: Meeting}, "links": {alias: meeting_id},
"records": {record_id: meeting_id}}` where a Meeting is
`{"meeting": record, "reports": [ReportRef], "version": int, "first_seen": ts, "updated_at": ts}`.
Aliases are URLs (a report's own and the sources it names) and provisional ids,
so a translation and the page at its "Source:" URL find each other whichever
arrives first.
"""

from __future__ import annotations

import copy
from typing import Any

from shared.text import fold

Record = dict[str, Any]
State = dict[str, Any]

SCALARS = ("date", "date_precision", "time_of_day", "body", "purpose", "delegation", "province")
PEOPLE = ("chairs", "participants", "mentioned")


def empty_state() -> State:
    return {"province": None, "meetings": {}, "links": {}, "records": {}}


def links_of(record: Record) -> list[str]:
    source = record.get("source") or {}
    urls = [source.get("url"), *(source.get("source_urls") or [])]
    return [f"url:{u}" for u in urls if u]


def find_meeting(state: State, record: Record) -> str | None:
    mid = record.get("meeting_id")
    if mid and mid in state["meetings"]:
        return mid
    for alias in links_of(record) + ([f"id:{mid}"] if mid else []):
        found = state["links"].get(alias)
        if found in state["meetings"]:
            return found
    return None


def person_key(person: Record) -> str:
    return fold(person.get("name_ascii") or person.get("as_written") or "")


def document_key(doc: Record) -> tuple[str, str]:
    return (doc.get("type") or "", doc.get("number") or "")


def quantity_key(q: Record) -> tuple[str, Any]:
    return (q.get("metric") or "", q.get("year"))


def union(old: list[Record], new: list[Record], key: Any) -> list[Record]:
    """Old entries first; a new entry adds what the old one lacked."""
    merged = {key(item): dict(item) for item in old}
    for item in new:
        current = merged.setdefault(key(item), dict(item))
        for field, value in item.items():
            if current.get(field) in (None, "", []) and value not in (None, "", []):
                current[field] = value
        if "roles" in item:
            current["roles"] = list(dict.fromkeys([*current.get("roles", []), *item["roles"]]))
    return list(merged.values())


def merge_records(base: Record, new: Record) -> Record:
    """The meeting as both reports tell it: the first report wins, the next fills gaps."""
    merged = copy.deepcopy(base)
    for field in SCALARS:
        if merged.get(field) is None and new.get(field) is not None:
            merged[field] = new[field]
    for field in PEOPLE:
        merged[field] = union(merged.get(field, []), new.get(field, []), person_key)
    merged["documents"] = union(merged.get("documents", []), new.get("documents", []), document_key)
    for field in ("targets", "figures"):
        merged[field] = union(merged.get(field, []), new.get(field, []), quantity_key)
    return merged


def report_ref(record: Record) -> Record:
    source = record.get("source") or {}
    return {
        "record_id": record["record_id"],
        "url": source.get("url"),
        "outlet": source.get("outlet"),
        "lang": source.get("lang") or "und",
        "title": source.get("title"),
    }


def meeting_id_for(record: Record) -> str:
    return record.get("meeting_id") or f"record:{record['record_id']}"


def apply_record(state: State, record: Record, now: str) -> tuple[State, str | None]:
    """Fold one report into the province state; returns the state and the meeting it changed.

    A report seen before (same record_id) changes nothing: redelivery after a
    crash must not count twice.
    """
    if record["record_id"] in state["records"]:
        return state, None
    state = copy.deepcopy(state)
    state["province"] = state["province"] or record.get("province")
    found = find_meeting(state, record)
    if found is None:
        mid = meeting_id_for(record)
        entry = {"meeting": record, "reports": [], "version": 0, "first_seen": now}
    else:
        entry = state["meetings"].pop(found)
        entry["meeting"] = merge_records(entry["meeting"], record)
        mid = _better_id(found, record)
        if mid != found:
            state["links"][f"id:{found}"] = mid
            entry["replaces"] = [*entry.get("replaces", []), found]
    entry["reports"] = [*entry["reports"], report_ref(record)]
    entry["version"] += 1
    entry["updated_at"] = now
    entry["meeting"]["meeting_id"] = mid
    state["meetings"][mid] = entry
    state["records"][record["record_id"]] = mid
    for alias in links_of(record):
        state["links"][alias] = mid
    if found is not None and found != mid:
        _repoint(state, found, mid)
    return state, mid


def _repoint(state: State, old: str, new: str) -> None:
    for index in (state["links"], state["records"]):
        for alias, target in index.items():
            if target == old:
                index[alias] = new


def _better_id(current: str, record: Record) -> str:
    """A provisional `record:` id gives way to the first real meeting id a report brings."""
    if current.startswith("record:") and record.get("meeting_id"):
        return str(record["meeting_id"])
    return current
