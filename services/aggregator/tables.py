"""The aggregator's Faust tables and the fold of one report into them.

Six tables, all partitioned like the meetings topic and all written only from
the province-keyed stream, so every key of one province lands in that
province's changelog partition (Faust writes a table change to the partition
of the event being processed). Keys start with the province code, which is
how the web views find the worker holding them.

| table | key | value |
| --- | --- | --- |
| provinces | `VN-03` | summary: counts by body/purpose/month/language/outlet, recent meetings |
| meetings | `VN-03/<meeting_id>` | merged meeting, its reports, version, aliases |
| aliases | `VN-03/url:…`, `VN-03/id:…`, `VN-03/rec:<record_id>` | meeting id |
| people | `VN-03/<folded name>` | roles, count, chaired, first/last seen |
| documents | `VN-03/<type>:<number>` | count, first/last seen, first meeting |
| targets | `VN-03/<metric>/<meeting_id>/<year>` | one point of a metric's series |

A report rewrites its meeting, its province summary and the rows of the
people, documents and targets it names: its cost does not grow with the
province's history. Faust persists a value on assignment only, so every
change is a new value assigned.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import faust

from services.aggregator import merge, stats
from services.aggregator.merge import Entry, Record, key
from shared.contracts import MEETINGS, EnrichedMeeting, MeetingRecord

log = logging.getLogger(__name__)

NAMES = ("provinces", "meetings", "aliases", "people", "documents", "targets")


class ProvinceTables:
    """The six tables: Faust tables in the service, plain dicts in unit tests."""

    def __init__(self, made: Mapping[str, Any]) -> None:
        self.tables = made
        self.provinces = made["provinces"]
        self.meetings = made["meetings"]
        self.aliases = made["aliases"]
        self.people = made["people"]
        self.documents = made["documents"]
        self.targets = made["targets"]

    @classmethod
    def create(cls, app: faust.App) -> ProvinceTables:
        return cls(
            {name: app.Table(name, partitions=MEETINGS.partitions, key_type=str) for name in NAMES}
        )

    # --- writing (inside the agent only) ----------------------------------

    def fold(self, record: MeetingRecord, now: str) -> EnrichedMeeting | None:
        """Apply one report; the enriched meeting it changed, or None for a report seen before.

        Everything is computed before the first write: a report that fails
        half-way must not leave half its changes for the next commit to keep.
        """
        rec: Record = record.model_dump(mode="json", by_alias=True)
        code = merge.province_code(rec)
        if key(code, f"rec:{rec['record_id']}") in self.aliases:
            log.info("report %s already folded into %s", rec["record_id"], code)
            return None
        found = self._find(code, rec)
        old: Entry | None = self.meetings.get(key(code, found)) if found else None
        entry, mid = merge.fold_report(old, found, rec, now)
        summary = self.provinces.get(code) or stats.empty_summary(rec.get("province"))
        summary = stats.apply_summary(summary, old, found, entry, mid)
        entry["nth_in_month"] = _nth_in_month(old, entry, summary)
        rows, context = self._rows_and_context(code, old, found, entry, mid, summary)
        enriched = EnrichedMeeting(
            meeting_id=mid,
            version=entry["version"],
            province=entry["meeting"].get("province"),
            meeting=MeetingRecord.model_validate(entry["meeting"]),
            reports=entry["reports"],
            replaces=entry["replaces"],
            context=context,
            updated_at=now,
        )
        for table, changes, removed in rows:
            for k, value in changes.items():
                table[key(code, k)] = value
            for k in removed:
                del table[key(code, k)]
        self._store_meeting(code, found, entry, mid)
        self.provinces[code] = summary
        return enriched

    def _find(self, code: str, rec: Record) -> str | None:
        mid = rec.get("meeting_id")
        if mid and key(code, mid) in self.meetings:
            return str(mid)
        for alias in merge.lookups(rec):
            target = self.aliases.get(key(code, alias))
            if target and key(code, target) in self.meetings:
                return str(target)
        return None

    def _rows_and_context(
        self, code: str, old: Entry | None, found: str | None, entry: Entry, mid: str, summary: Any
    ) -> tuple[list[tuple[Any, dict[str, Any], list[str]]], dict[str, Any]]:
        before_m, after_m = (old or {}).get("meeting"), entry["meeting"]
        people = {k: self.people.get(key(code, k)) for k in stats.attendees(after_m)}
        docs = {
            merge.document_key(d): self.documents.get(key(code, merge.document_key(d)))
            for d in after_m.get("documents", [])
        }
        targets = {}  # the meeting's point rows, under its id and the one it replaces
        for t in after_m.get("targets", []):
            for owner in {mid, found} - {None}:
                row = stats.target_key(t["metric"], str(owner), t.get("year"))
                targets[row] = self.targets.get(key(code, row))
        context = stats.context(people, docs, before_m, after_m, summary)
        context["nth_meeting_this_month"] = entry["nth_in_month"]
        points, stale = stats.update_targets(targets, found, after_m, mid)
        rows = [
            (self.people, stats.update_people(people, before_m, after_m, mid), []),
            (self.documents, stats.update_documents(docs, before_m, after_m, mid), []),
            (self.targets, points, stale),
        ]
        return rows, context

    def _store_meeting(self, code: str, found: str | None, entry: Entry, mid: str) -> None:
        if found is not None and found != mid:
            del self.meetings[key(code, found)]
        self.meetings[key(code, mid)] = entry
        for alias in entry["aliases"]:
            if self.aliases.get(key(code, alias)) != mid:
                self.aliases[key(code, alias)] = mid

    # --- reading (web views, this worker's partitions) ----------------------

    def local_codes(self) -> list[str]:
        return sorted(self.provinces.keys())

    def _rows(self, table: Any, code: str) -> Iterator[tuple[str, Any]]:
        prefix = f"{code}/"
        for k, v in table.items():
            if k.startswith(prefix):
                yield k[len(prefix) :], v

    def details(self, code: str) -> dict[str, Any] | None:
        summary = self.provinces.get(code)
        if summary is None:
            return None
        people = [row for _, row in self._rows(self.people, code)]
        docs = [row for _, row in self._rows(self.documents, code)]
        return {
            "code": code,
            **summary,
            "people": sorted(people, key=lambda p: (-p["count"], p["name_ascii"])),
            "documents": sorted(docs, key=lambda d: (-d["count"], d["type"], d["number"])),
            "targets": stats.target_series(self._rows(self.targets, code)),
        }

    def meeting(self, code: str, mid: str) -> dict[str, Any] | None:
        """The meeting `mid` (or the one an earlier id of it now points to) of province `code`."""
        entry = self.meetings.get(key(code, mid))
        if entry is None:
            current = self.aliases.get(key(code, f"id:{mid}"))
            entry = self.meetings.get(key(code, current)) if current else None
        if entry is None:
            return None
        return {k: v for k, v in entry.items() if k != "aliases"}

    def find_meeting_anywhere(
        self, mid: str, owned: Callable[[str], bool]
    ) -> dict[str, Any] | None:
        """A meeting by an id without a province code (`record:…`): scan this worker's keys."""
        suffixes = (f"/{mid}", f"/id:{mid}")
        for table in (self.meetings, self.aliases):
            for k in table.keys():
                code = k.split("/", 1)[0]
                if k.endswith(suffixes) and owned(code):
                    return self.meeting(code, mid)
        return None


def _nth_in_month(old: Entry | None, entry: Entry, summary: dict[str, Any]) -> int | None:
    """Which meeting of its month this one is, fixed when it first gets a month."""
    month = (entry["meeting"].get("date") or "")[:7]
    if not month:
        return None
    if old is not None and (old["meeting"].get("date") or "")[:7] == month:
        return old.get("nth_in_month")
    return summary["by_month"][month]
