"""Fixtures of the chaos tests: control of the session's own broker."""

from __future__ import annotations

import pytest

from tinhuy.localbroker import LocalBroker


@pytest.fixture
def broker_control(session_broker: LocalBroker) -> LocalBroker:
    """The session broker itself, to stop and start in place (same data dir, same ports)."""
    if session_broker.external:
        pytest.fail(
            "this test stops and restarts the broker, so it needs the session's own "
            f"(scripts/kafka.sh); KAFKA_BOOTSTRAP={session_broker.bootstrap} names an "
            "external one: unset it to run the chaos tests",
            pytrace=False,
        )
    return session_broker
