"""Record and meeting identity."""

from __future__ import annotations

import hashlib

from shared.contracts import Province


def record_id(url: str | None, text: str) -> str:
    """Stable: the same page (URL and text) always gives the same id."""
    return hashlib.sha256(f"{url or ''}\n{text}".encode()).hexdigest()[:16]


def meeting_id(
    province: Province | None, date: str | None, precision: str | None, body: str | None
) -> str | None:
    """The same meeting in any outlet or language: province, day and body, where all are known."""
    if province is None or date is None or precision != "day" or body is None:
        return None
    return f"{province.code}-{date}-{body}"
