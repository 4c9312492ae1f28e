"""Merging meeting reports into meetings: pure functions on dicts.

A meeting entry (one value of the `meetings` table) is
`{"meeting": record, "reports": [ReportRef], "version": int, "first_seen": ts,
"updated_at": ts, "replaces": [old ids], "aliases": [alias]}`. Aliases are how
later reports find the meeting: `url:` the report's own URL and the sources it
names (so a translation and the page at its "Source:" URL find each other
whichever arrives first), `id:` a meeting id it had before, `rec:` the record
ids already folded in (a redelivered report changes nothing).

Every table key starts with the province code (`key("VN-03", "url:…")`): the
aggregator writes a record's keys from the province-keyed stream, so Faust puts
them in that province's changelog partition, and the code tells the web views
which worker holds them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson

from shared.text import fold

Record = dict[str, Any]
Entry = dict[str, Any]

SCALARS = ("date", "date_precision", "time_of_day", "body", "purpose", "delegation", "province")
PEOPLE = ("chairs", "participants", "mentioned")
UNKNOWN = "unknown"


def key(code: str, suffix: str) -> str:
    return f"{code}/{suffix}"


def province_code(record: Record) -> str:
    return (record.get("province") or {}).get("code") or UNKNOWN


def links_of(record: Record) -> list[str]:
    source = record.get("source") or {}
    urls = [source.get("url"), *(source.get("source_urls") or [])]
    return [f"url:{u}" for u in dict.fromkeys(urls) if u]


def lookups(record: Record) -> list[str]:
    """Aliases that may name this report's meeting, most trusted first."""
    mid = record.get("meeting_id")
    return ([f"id:{mid}"] if mid else []) + links_of(record)


def clone(value: Any) -> Any:
    """A deep copy of table data (JSON values): several times faster than copy.deepcopy."""
    return orjson.loads(orjson.dumps(value))


def person_key(person: Record) -> str:
    return _fold_name(person.get("name_ascii") or person.get("as_written") or "")


@lru_cache(maxsize=4096)
def _fold_name(name: str) -> str:
    return fold(name)  # names recur across reports; folding is most of the key's cost


def document_key(doc: Record) -> str:
    return f"{doc.get('type') or ''}:{doc.get('number') or ''}"


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
    merged = clone(base)
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


def fold_report(
    entry: Entry | None, found: str | None, record: Record, now: str
) -> tuple[Entry, str]:
    """Fold one new report into its meeting (`entry` under id `found`, or a new one).

    Returns the meeting's new entry and id. The caller has already checked that
    the report (its `rec:` alias) was not folded in before.
    """
    if entry is None or found is None:
        mid = meeting_id_for(record)
        entry = {"meeting": record, "reports": [], "version": 0, "first_seen": now}
        entry["replaces"], entry["aliases"] = [], []
    else:
        entry = clone(entry)
        entry["meeting"] = merge_records(entry["meeting"], record)
        mid = _better_id(found, record)
        if mid != found:
            entry["replaces"] = [*entry.get("replaces", []), found]
    entry["reports"] = [*entry["reports"], report_ref(record)]
    entry["version"] += 1
    entry["updated_at"] = now
    entry["meeting"]["meeting_id"] = mid
    new_aliases = [f"rec:{record['record_id']}", *links_of(record)]
    new_aliases += [f"id:{old}" for old in entry["replaces"]]
    entry["aliases"] = list(dict.fromkeys([*entry.get("aliases", []), *new_aliases]))
    return entry, mid


def _better_id(current: str, record: Record) -> str:
    """A provisional `record:` id gives way to the first real meeting id a report brings."""
    if current.startswith("record:") and record.get("meeting_id"):
        return str(record["meeting_id"])
    return current


def province_of_meeting(meeting_id: str) -> str | None:
    """The province code a real meeting id starts with ("VN-03-2025-…" → "VN-03")."""
    head = meeting_id[:6]
    if len(head) == 6 and head.startswith("VN-") and head[5] == "-":
        return head[:5]
    return None
