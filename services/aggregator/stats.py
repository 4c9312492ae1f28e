"""Per-province aggregates, kept incrementally: pure functions on dicts.

A province's summary (one value of the `provinces` table) stays small however
many meetings it has: counts by body, purpose, month, language and outlet, the
last meeting and the few most recent ones. People, documents and targets live
in their own tables, one key each (`VN-03/le minh hung`, `VN-03/resolution:18`,
`VN-03/economic_growth`), so a report rewrites only what it touches.

Each function takes the meeting as it was before the report (`old`, or None
for a new meeting) and as it is after (`new`), removes the old contribution
and adds the new one; a merged meeting therefore counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from services.aggregator.merge import Entry, Record, document_key, person_key, quantity_key

RECENT = 10


def empty_summary(province: Record | None) -> dict[str, Any]:
    return {
        "province": province,
        "meetings_total": 0,
        "reports_total": 0,
        "by_body": {},
        "by_purpose": {},
        "by_month": {},
        "languages": {},
        "outlets": {},
        "last_meeting": None,
        "recent": [],
    }


def _buckets(meeting: Record) -> dict[str, str]:
    return {
        "by_body": meeting.get("body") or "unknown",
        "by_purpose": meeting.get("purpose") or "unknown",
        "by_month": (meeting.get("date") or "undated")[:7],
    }


def _bump(counts: dict[str, int], name: str, by: int) -> None:
    counts[name] = counts.get(name, 0) + by
    if counts[name] == 0:
        del counts[name]


def _brief(entry: Entry, mid: str) -> dict[str, Any]:
    m = entry["meeting"]
    return {
        "meeting_id": mid,
        "date": m.get("date"),
        "body": m.get("body"),
        "purpose": m.get("purpose"),
        "reports": len(entry["reports"]),
    }


def apply_summary(
    summary: dict[str, Any], old: Entry | None, old_id: str | None, new: Entry, mid: str
) -> dict[str, Any]:
    """The province summary after meeting `old_id` became `new` (id `mid`) by one more report."""
    s = {**summary, **{f: dict(summary[f]) for f in ("by_body", "by_purpose", "by_month")}}
    s["languages"], s["outlets"] = dict(summary["languages"]), dict(summary["outlets"])
    s["province"] = summary["province"] or new["meeting"].get("province")
    if old is None:
        s["meetings_total"] += 1
    else:
        for field, name in _buckets(old["meeting"]).items():
            _bump(s[field], name, -1)
    for field, name in _buckets(new["meeting"]).items():
        _bump(s[field], name, 1)
    s["by_month"] = dict(sorted(s["by_month"].items()))
    report = new["reports"][-1]
    s["reports_total"] += 1
    _bump(s["languages"], report["lang"], 1)
    _bump(s["outlets"], report.get("outlet") or "unknown", 1)
    gone = {old_id, mid}
    recent = [r for r in summary["recent"] if r["meeting_id"] not in gone] + [_brief(new, mid)]
    recent.sort(key=lambda r: (r["date"] or "", r["meeting_id"]), reverse=True)
    s["recent"] = recent[:RECENT]
    s["last_meeting"] = s["recent"][0]
    return s


def attendees(meeting: Record) -> dict[str, Record]:
    """Everyone placed at the meeting (chairs are participants too), by folded name."""
    people = {person_key(p): p for p in meeting.get("participants", [])}
    for p in meeting.get("chairs", []):
        people.setdefault(person_key(p), p)
    return people


def _seen(entry: dict[str, Any], date: str | None) -> None:
    if date:
        entry["first_seen"] = min(filter(None, [entry.get("first_seen"), date]))
        entry["last_seen"] = max(filter(None, [entry.get("last_seen"), date]))


def update_people(
    current: Mapping[str, dict[str, Any] | None], old: Record | None, new: Record, mid: str
) -> dict[str, dict[str, Any]]:
    """New values of the people rows the meeting touches (`current` holds their old rows)."""
    before = attendees(old) if old else {}
    chairs = {person_key(p) for p in new.get("chairs", [])}
    was_chair = {person_key(p) for p in (old or {}).get("chairs", [])}
    out: dict[str, dict[str, Any]] = {}
    for pkey, person in attendees(new).items():
        row = dict(current.get(pkey) or {"name_ascii": person["name_ascii"], "count": 0})
        row["name"] = row.get("name") or person.get("name")
        row["roles"] = list(dict.fromkeys([*row.get("roles", []), *person.get("roles", [])]))
        row["chaired"] = row.get("chaired", 0) + (pkey in chairs and pkey not in was_chair)
        row["count"] += pkey not in before
        row["last_meeting"] = mid if pkey not in before else row.get("last_meeting", mid)
        _seen(row, new.get("date"))
        if row != current.get(pkey):
            out[pkey] = row
    return out


def update_documents(
    current: Mapping[str, dict[str, Any] | None], old: Record | None, new: Record, mid: str
) -> dict[str, dict[str, Any]]:
    before = {document_key(d) for d in (old or {}).get("documents", [])}
    out: dict[str, dict[str, Any]] = {}
    for doc in new.get("documents", []):
        dkey = document_key(doc)
        base = {"type": doc["type"], "number": doc["number"], "count": 0, "first_meeting": mid}
        row = dict(current.get(dkey) or base)
        for field in ("code", "issuer", "date"):
            row[field] = row.get(field) or doc.get(field)
        row["count"] += dkey not in before
        _seen(row, new.get("date"))
        if row != current.get(dkey):
            out[dkey] = row
    return out


def target_key(metric: str, meeting_id: str, year: int | None) -> str:
    """A target point's row: one per metric, meeting and target year."""
    return f"{metric}/{meeting_id}/{'' if year is None else year}"


def update_targets(
    current: Mapping[str, dict[str, Any] | None],
    old_id: str | None,
    new: Record,
    mid: str,
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The target point rows to write and to delete for the meeting `mid` (formerly `old_id`).

    One row a point, not one a metric: a metric's whole series rewritten on
    every report made each write grow with the province's history (20 KB on
    average, four fifths of the changelog bytes in the aggregator bench).
    """
    changes: dict[str, dict[str, Any]] = {}
    removed: list[str] = []
    for t in new.get("targets", []):
        point = {
            "meeting_id": mid,
            "date": new.get("date"),
            "year": t.get("year"),
            "value": t["value"],
            "unit": t["unit"],
        }
        row = target_key(t["metric"], mid, t.get("year"))
        if current.get(row) != point:
            changes[row] = point
        if old_id is not None and old_id != mid:
            stale = target_key(t["metric"], old_id, t.get("year"))
            if current.get(stale) is not None and stale not in removed:
                removed.append(stale)
    return changes, removed


def target_series(rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Point rows (`<metric>/…`) as each metric's points in date order."""
    series: dict[str, list[dict[str, Any]]] = {}
    for row, point in rows:
        series.setdefault(row.split("/", 1)[0], []).append(point)
    for points in series.values():
        points.sort(key=lambda p: (p["date"] or "", p["meeting_id"], p["year"] or 0))
    return dict(sorted(series.items()))


def context(
    people_before: Mapping[str, dict[str, Any] | None],
    docs_before: Mapping[str, dict[str, Any] | None],
    old: Record | None,
    new: Record,
    summary_after: dict[str, Any],
) -> dict[str, Any]:
    """What this meeting means for its province, against what the province knew before."""
    old_people = attendees(old) if old else {}
    old_docs = {document_key(d) for d in (old or {}).get("documents", [])}

    def elsewhere(row: dict[str, Any] | None, here: bool) -> int:
        return (row or {}).get("count", 0) - here

    month = (new.get("date") or "")[:7]
    return {
        "documents_first_cited_here": [
            d
            for d in new.get("documents", [])
            if elsewhere(docs_before.get(document_key(d)), document_key(d) in old_docs) == 0
        ],
        "people_new_to_province": [
            p["name_ascii"]
            for k, p in attendees(new).items()
            if elsewhere(people_before.get(k), k in old_people) == 0
        ],
        "targets": [quantity_key(t)[0] for t in new.get("targets", [])],
        "meetings_this_month": summary_after["by_month"].get(month) if month else None,
        "province_meetings_total": summary_after["meetings_total"],
    }


def combined(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """One province's summary together with its predecessors' (the 2025 merger)."""
    total = empty_summary(None)
    for s in summaries:
        total["meetings_total"] += s["meetings_total"]
        total["reports_total"] += s["reports_total"]
        for field in ("by_body", "by_purpose", "by_month", "languages", "outlets"):
            for name, n in s[field].items():
                _bump(total[field], name, n)
        total["recent"] += s["recent"]
    total["by_month"] = dict(sorted(total["by_month"].items()))
    total["recent"].sort(key=lambda r: (r["date"] or "", r["meeting_id"]), reverse=True)
    total["recent"] = total["recent"][:RECENT]
    total["last_meeting"] = total["recent"][0] if total["recent"] else None
    del total["province"]
    return total
