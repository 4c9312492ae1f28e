"""The aggregator's worker process setup (no broker: logging only)."""

from __future__ import annotations

import logging

import pytest

from services.aggregator.app import create_app, new_worker
from services.aggregator.settings import AggregatorSettings


@pytest.mark.parametrize("level", ["WARNING", "ERROR"])
def test_quiet_log_levels_do_not_turn_debug_logging_on(level: str) -> None:
    """Faust's spinner set the root logger to DEBUG at WARNING and above."""
    settings = AggregatorSettings(log_level=level)
    worker = new_worker(create_app(settings), settings)
    saved = logging.root.level, list(logging.root.handlers)
    try:
        worker._setup_logging()
        assert logging.root.level == logging.getLevelName(level)
        assert not logging.getLogger("aiokafka.producer.producer").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("faust.topics").isEnabledFor(logging.DEBUG)
    finally:
        logging.root.setLevel(saved[0])
        logging.root.handlers[:] = saved[1]
