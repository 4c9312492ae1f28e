"""The OpenAPI 3.1 document of the aggregator's query API (served at /openapi.json)."""

from __future__ import annotations

from typing import Any


def _get(summary: str, ok: str, params: list[str], *, not_found: bool = True) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": ok, "content": {"application/json": {"schema": {"type": "object"}}}},
        "503": {"description": "a rebalance or table recovery is under way; retry"},
    }
    if not_found:
        responses["404"] = {"description": "not known to the aggregator"}
    parameters = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in params
    ]
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "tinhuy aggregator",
        "version": "1.0.0",
        "description": (
            "Per-province state folded from meeting records, exactly once. Any worker "
            "answers for any province (it forwards to the worker that owns it)."
        ),
    },
    "paths": {
        "/provinces": _get(
            "Every province with meetings: totals, meetings by month, last meeting",
            "`{provinces: [ProvinceRow]}` in code order",
            [],
            not_found=False,
        ),
        "/provinces/{code}": _get(
            "One province (ISO 3166-2:VN code): counts by body, purpose, month, language "
            "and outlet; recent meetings; people; documents; targets over time; its 2025 "
            "merger lineage, its predecessors' history and the combined counts",
            "ProvinceDetails",
            ["code"],
        ),
        "/meetings/{meeting_id}": _get(
            "One merged meeting with every report of it (an id it had before also finds it)",
            "`{meeting, reports, version, replaces, first_seen, updated_at}`",
            ["meeting_id"],
        ),
        "/openapi.json": _get("This document", "OpenAPI 3.1", [], not_found=False),
        "/dashboard/": {
            "get": {
                "summary": "The dashboard (HTML)",
                "responses": {"200": {"description": "text/html"}},
            }
        },
    },
    "components": {
        "schemas": {
            "ProvinceRow": {
                "type": "object",
                "required": ["code", "meetings_total", "reports_total", "by_month"],
                "properties": {
                    "code": {"type": "string", "examples": ["VN-03"]},
                    "province": {"type": ["object", "null"]},
                    "meetings_total": {"type": "integer"},
                    "reports_total": {"type": "integer"},
                    "last_meeting": {"type": ["object", "null"]},
                    "by_month": _COUNTS,
                    "successor": {"type": ["string", "null"]},
                },
            },
            "ProvinceDetails": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "meetings_total": {"type": "integer"},
                    "by_body": _COUNTS,
                    "by_purpose": _COUNTS,
                    "by_month": _COUNTS,
                    "languages": _COUNTS,
                    "outlets": _COUNTS,
                    "recent": {"type": "array"},
                    "people": {"type": "array"},
                    "documents": {"type": "array"},
                    "targets": {"type": "object"},
                    "lineage": {"type": "object"},
                    "predecessors": {"type": "array"},
                    "combined": {"type": "object"},
                },
            },
        }
    },
}
