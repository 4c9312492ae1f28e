"""What analysts ask of a province: counts, people, documents, targets, sources.

Computed from the province state on demand (pure), so the table holds one
source of truth and the numbers can never drift from the meetings.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from services.aggregator.merge import State, document_key, person_key

Entry = dict[str, Any]


def _dated(state: State) -> list[Entry]:
    entries = list(state["meetings"].values())
    return sorted(entries, key=lambda e: (e["meeting"].get("date") or "", e["first_seen"]))


def _seen(book: dict[Any, Entry], key: Any, base: Entry, date: str | None) -> Entry:
    entry = book.setdefault(key, {**base, "count": 0, "first_seen": date, "last_seen": date})
    entry["count"] += 1
    if date:
        entry["first_seen"] = min(filter(None, [entry["first_seen"], date]))
        entry["last_seen"] = max(filter(None, [entry["last_seen"], date]))
    return entry


def people(state: State) -> list[Entry]:
    book: dict[str, Entry] = {}
    for e in _dated(state):
        m = e["meeting"]
        for p in m.get("participants", []) + m.get("chairs", []):
            if p in m.get("chairs", []) and p in m.get("participants", []):
                continue  # chairs are also participants: count once
            base = {"name_ascii": p["name_ascii"], "name": p.get("name"), "roles": []}
            entry = _seen(book, person_key(p), base, m.get("date"))
            entry["roles"] = list(dict.fromkeys([*entry["roles"], *p.get("roles", [])]))
    return sorted(book.values(), key=lambda p: (-p["count"], p["name_ascii"]))


def documents(state: State) -> list[Entry]:
    book: dict[tuple[str, str], Entry] = {}
    for e in _dated(state):
        for d in e["meeting"].get("documents", []):
            base = {"type": d["type"], "number": d["number"], "code": d.get("code")}
            _seen(book, document_key(d), base, e["meeting"].get("date"))
    return sorted(book.values(), key=lambda d: (-d["count"], d["type"], d["number"]))


def summary(state: State) -> dict[str, Any]:
    entries = _dated(state)
    meetings = [e["meeting"] for e in entries]
    last = entries[-1] if entries else None
    return {
        "province": state["province"],
        "meetings_total": len(entries),
        "reports_total": sum(len(e["reports"]) for e in entries),
        "by_body": dict(Counter(m.get("body") or "unknown" for m in meetings)),
        "by_purpose": dict(Counter(m.get("purpose") or "unknown" for m in meetings)),
        "by_month": dict(
            sorted(Counter((m.get("date") or "unknown")[:7] for m in meetings).items())
        ),
        "last_meeting": last
        and {"meeting_id": last["meeting"]["meeting_id"], "date": last["meeting"].get("date")},
        "sources": sorted({r["url"] for e in entries for r in e["reports"] if r.get("url")}),
    }


def details(state: State) -> dict[str, Any]:
    targets = [
        {**t, "meeting_id": e["meeting"]["meeting_id"], "date": e["meeting"].get("date")}
        for e in _dated(state)
        for t in e["meeting"].get("targets", [])
    ]
    return {
        **summary(state),
        "people": people(state),
        "documents": documents(state),
        "targets": targets,
    }


def context(before: State, after: State, mid: str) -> dict[str, Any]:
    """What this meeting means for its province, against what the province knew before."""
    meeting = after["meetings"][mid]["meeting"]
    old_keys = {k for k, v in before["links"].items() if v == mid} | {mid}
    others = [e["meeting"] for k, e in before["meetings"].items() if k not in old_keys]
    known_docs = {document_key(d) for m in others for d in m.get("documents", [])}
    known_people = {person_key(p) for m in others for p in m.get("participants", [])}
    month = (meeting.get("date") or "")[:7]
    same_month = sorted(
        (e["meeting"].get("date"), k)
        for k, e in after["meetings"].items()
        if month and (e["meeting"].get("date") or "").startswith(month)
    )
    return {
        "documents_first_cited_here": [
            d for d in meeting.get("documents", []) if document_key(d) not in known_docs
        ],
        "people_new_to_province": [
            p["name_ascii"]
            for p in meeting.get("participants", [])
            if person_key(p) not in known_people
        ],
        "nth_meeting_this_month": ([k for _, k in same_month].index(mid) + 1) if month else None,
        "province_meetings_total": len(after["meetings"]),
    }
