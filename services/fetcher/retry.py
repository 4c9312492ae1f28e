"""When to try a failed fetch again: exponential backoff with jitter, Retry-After first."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# 501 and 505 say the server will never do it; the rest of 5xx may pass.
RETRYABLE_STATUS = frozenset({408, 425, 429}) | (frozenset(range(500, 600)) - {501, 505})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Delay after the `attempt`-th failure: base·2^(attempt-1), capped, half of it jittered.

    "Equal jitter": a floor of half the step keeps retries spaced, the random half
    keeps many requests that failed together from coming back together.
    """
    step = min(cap, base * 2 ** max(0, attempt - 1))
    return step / 2 + (rng or random).uniform(0, step / 2)


def retry_delay(
    attempt: int,
    base: float,
    cap: float,
    retry_after: float | None,
    rng: random.Random | None = None,
) -> float | None:
    """The wait before the next attempt, or None when the server asks for more than `cap`."""
    if retry_after is not None and retry_after > cap:
        return None
    return max(retry_after or 0.0, backoff(attempt, base, cap, rng))
