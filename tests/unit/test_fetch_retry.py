"""Retry timing: exponential backoff with jitter, Retry-After first, a window it must fit."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from services.fetcher.retry import RETRYABLE_STATUS, backoff, parse_retry_after, retry_delay


@pytest.mark.parametrize(("attempt", "low", "high"), [(1, 1, 2), (2, 2, 4), (3, 4, 8), (9, 30, 60)])
def test_backoff_doubles_with_half_of_it_jittered(attempt: int, low: float, high: float) -> None:
    rng = random.Random(7)
    delays = [backoff(attempt, base=2.0, cap=60.0, rng=rng) for _ in range(200)]
    assert all(low <= d <= high for d in delays)
    assert len(set(delays)) == 200  # jittered: no two requests come back together


def test_retry_after_in_seconds_and_as_an_http_date() -> None:
    now = datetime(2025, 3, 19, 7, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 19 Mar 2025 07:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 19 Mar 2025 06:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_retry_after_is_a_floor_and_beyond_the_window_means_give_up() -> None:
    rng = random.Random(1)
    assert retry_delay(1, base=0.1, cap=60.0, retry_after=30.0, rng=rng) == 30.0
    assert retry_delay(1, base=0.1, cap=60.0, retry_after=3600.0, rng=rng) is None


def test_only_transient_statuses_are_retried() -> None:
    assert {429, 500, 502, 503, 504} <= RETRYABLE_STATUS
    assert not {400, 403, 404, 410, 501, 505} & RETRYABLE_STATUS
