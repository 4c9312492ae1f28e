"""Fixtures: the session's real Apache Kafka broker and a fresh topic prefix per test.

The broker is the repo's own (scripts/kafka.sh) on free ports in a temporary
data dir, or an external one named by KAFKA_BOOTSTRAP. A broker that cannot
start fails the session with the fix, never skips it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from shared.kafka import ensure_topics
from shared.settings import ServiceSettings
from tests.kafka_io import Broker

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    external = os.environ.get("KAFKA_BOOTSTRAP")
    if external:
        yield external
        return
    port, controller = free_port(), free_port()
    env = {
        **os.environ,
        "TINHUY_KAFKA_DATA": str(tmp_path_factory.mktemp("kafka")),
        "TINHUY_KAFKA_PORT": str(port),
        "TINHUY_KAFKA_CONTROLLER_PORT": str(controller),
    }
    script = ["bash", str(ROOT / "scripts" / "kafka.sh")]
    started = subprocess.run([*script, "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(
            "could not start the test broker; run `make kafka` (needs Java 17 and Maven "
            f"Central) or set KAFKA_BOOTSTRAP=host:port\n{started.stderr[-3000:]}",
            pytrace=False,
        )
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([*script, "stop"], env=env, capture_output=True)


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
