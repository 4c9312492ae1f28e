"""Meeting records for tests, built from the contract models (never hand-typed JSON)."""

from __future__ import annotations

import random
from typing import Any

from shared.contracts import (
    Document,
    Extraction,
    MeetingRecord,
    Person,
    Province,
    Quantity,
    Source,
)

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


# --- streams of reports for the aggregator -----------------------------------

PROVINCES = [
    Province(code=code, name=name, name_ascii=name)
    for code, name in [
        ("VN-03", "Ha Giang"),
        ("VN-07", "Tuyen Quang"),
        ("VN-13", "Quang Ninh"),
        ("VN-61", "Hai Duong"),
        ("VN-HP", "Hai Phong"),
        ("VN-HN", "Ha Noi"),
        ("VN-SG", "Ho Chi Minh"),
        ("VN-43", "Ba Ria - Vung Tau"),
    ]
]
LANGS = ("vi", "de", "ru")
BODIES = ("standing_committee", "executive_committee", "other")
PURPOSES = ("inspection", "review", "dissemination", "decision", "personnel", "other")
PEOPLE = ("Le Minh Hung", "Thao Hong Son", "Phan Huy Ngoc", "Luong Cuong", "Tran Duc Thang")


def report_stream(meetings: int, seed: int = 5) -> list[tuple[str, MeetingRecord]]:
    """(key, record) pairs: `meetings` meetings across PROVINCES, each told by one to
    three reports in different languages (translations undated, linked to the
    original by its source URL, sometimes arriving first), and some reports
    delivered twice. Deterministic for a seed."""
    rng = random.Random(seed)
    out: list[tuple[str, MeetingRecord]] = []
    for n in range(meetings):
        province = PROVINCES[n % len(PROVINCES)]
        day = f"2025-{1 + n % 6:02d}-{1 + n % 27:02d}"
        body = BODIES[n % 3]
        mid = f"{province.code}-{day}-{body}-{n}"
        url = f"https://outlet{n % 4}.vn/{province.code}/{n}"
        fields: dict[str, Any] = {
            "meeting_id": mid,
            "province": province,
            "date": day,
            "body": body,
            "purpose": PURPOSES[n % len(PURPOSES)],
            "chairs": [person(PEOPLE[n % 5], "Secretary")],
            "participants": [person(PEOPLE[n % 5]), person(PEOPLE[(n + 2) % 5])],
            "documents": [Document(type="resolution", number=str(n % 7 + 10))],
            "targets": [Quantity(metric="economic_growth", value=7 + n % 3, unit="%", year=2025)],
        }
        original = meeting_record(
            f"vi-{n}", **fields, source={"url": url, "outlet": f"outlet{n % 4}.vn"}
        )
        reports = [original]
        for lang in LANGS[1 : 1 + rng.randrange(3)]:
            reports.append(
                meeting_record(
                    f"{lang}-{n}",
                    **{
                        **fields,
                        "meeting_id": None,
                        "date": None,
                        "date_precision": None,
                        "documents": [Document(type="directive", number=str(30 + n % 5))],
                    },
                    source={"lang": lang, "source_urls": [url]},
                )
            )
        rng.shuffle(reports)
        if rng.random() < 0.2:
            reports.append(reports[0])  # delivered twice
        out += [(province.code, r) for r in reports]
    return out
