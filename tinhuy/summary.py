"""The per-province table `tinhuy run` prints from the enriched records."""

from __future__ import annotations

from typing import Any


def latest_meetings(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The newest version of each meeting (records arrive as meetings change)."""
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        mid = record["meeting_id"]
        if mid not in latest or record["version"] >= latest[mid]["version"]:
            latest[mid] = record
    return latest


def table(records: list[dict[str, Any]]) -> str:
    rows: dict[str, dict[str, Any]] = {}
    for enriched in latest_meetings(records).values():
        province = enriched.get("province") or {}
        name = province.get("name_ascii") or "(unknown)"
        row = rows.setdefault(
            name,
            {
                "code": province.get("code") or "-",
                "meetings": 0,
                "reports": 0,
                "last": "",
                "langs": set(),
            },
        )
        row["meetings"] += 1
        row["reports"] += len(enriched["reports"])
        row["last"] = max(row["last"], enriched["meeting"].get("date") or "")
        row["langs"] |= {r["lang"] for r in enriched["reports"]}
    header = (
        f"{'province':<16} {'code':<6} {'meetings':>8} {'reports':>7}  {'last meeting':<12}  langs"
    )
    lines = [header, "-" * len(header)]
    for name, row in sorted(rows.items()):
        lines.append(
            f"{name:<16} {row['code']:<6} {row['meetings']:>8} {row['reports']:>7}  "
            f"{row['last'] or 'undated':<12}  {','.join(sorted(row['langs']))}"
        )
    return "\n".join(lines)
