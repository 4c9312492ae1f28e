"""Meeting records for tests, built from the contract models (never hand-typed JSON)."""

from __future__ import annotations

from typing import Any

from shared.contracts import Extraction, MeetingRecord, Person, Province, Source

HA_GIANG = Province(
    code="VN-03",
    name="Hà Giang",
    name_ascii="Ha Giang",
    successor={"code": "VN-07", "name": "Tuyên Quang", "name_ascii": "Tuyen Quang"},
)


def person(name_ascii: str, *roles: str, name: str | None = None) -> Person:
    return Person(
        name_ascii=name_ascii, name=name, as_written=name or name_ascii, roles=list(roles)
    )


def meeting_record(record_id: str, **fields: Any) -> MeetingRecord:
    source = {"url": None, "outlet": None, "lang": "vi", "title": None, "source_urls": []}
    source.update(fields.pop("source", {}))
    base: dict[str, Any] = {
        "record_id": record_id,
        "meeting_id": "VN-03-2025-03-17-standing_committee",
        "province": HA_GIANG,
        "date": "2025-03-17",
        "date_precision": "day",
        "time_of_day": "morning",
        "body": "standing_committee",
        "purpose": "inspection",
        "source": Source(**source),
        "extraction": Extraction(parser_version="test"),
    }
    base.update(fields)
    return MeetingRecord(**base)
