"""Fixtures: the session's real Apache Kafka broker and a fresh topic prefix per test.

The broker is the repo's own (scripts/kafka.sh) on free ports in a temporary
data dir, or an external one named by KAFKA_BOOTSTRAP. A broker that cannot
start fails the session with the fix, never skips it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from shared.kafka import ensure_topics
from shared.settings import ServiceSettings
from tests.kafka_io import Broker
from tinhuy.localbroker import LocalBroker, local_broker

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def session_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """The repo's broker on free ports in a temp dir, or KAFKA_BOOTSTRAP's (external)."""
    try:
        with local_broker(tmp_path_factory.mktemp("kafka")) as broker:
            yield broker
    except RuntimeError as exc:
        pytest.fail(
            "could not start the test broker; run `make kafka` (needs Java 17 and Maven "
            f"Central) or set KAFKA_BOOTSTRAP=host:port\n{exc}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def kafka_bootstrap(session_broker: LocalBroker) -> str:
    return session_broker.bootstrap


@pytest.fixture
def prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}."


@pytest.fixture
def service_env(kafka_bootstrap: str, prefix: str) -> dict[str, str]:
    """The environment a service process gets: the same variables compose sets."""
    return {
        **os.environ,
        "TINHUY_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "TINHUY_TOPIC_PREFIX": prefix,
        "TINHUY_LOG_LEVEL": "INFO",
    }


@pytest.fixture
async def broker(kafka_bootstrap: str, prefix: str) -> AsyncIterator[Broker]:
    settings = ServiceSettings(kafka_bootstrap=kafka_bootstrap, topic_prefix=prefix)
    await ensure_topics(settings)
    async with Broker(settings) as b:
        yield b
