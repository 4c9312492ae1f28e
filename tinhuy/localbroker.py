"""The repo's own Apache Kafka on free loopback ports, for tests and benchmarks.

One place that drives scripts/kafka.sh with a private data dir, so a test or a
bench can stop and start the very broker it uses (faults) and never collides
with `make run`'s broker or another run's.
"""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "kafka.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalBroker:
    """A broker run by scripts/kafka.sh; `external` when KAFKA_BOOTSTRAP named one."""

    bootstrap: str
    env: dict[str, str] = field(default_factory=dict)
    external: bool = False

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        if self.external:
            raise RuntimeError(f"cannot {command} an external broker ({self.bootstrap})")
        return subprocess.run(
            ["bash", str(SCRIPT), command], env=self.env, capture_output=True, text=True
        )

    def start(self) -> None:
        done = self.run("start")
        if done.returncode != 0:
            raise RuntimeError(f"kafka.sh start failed:\n{done.stderr[-3000:]}")

    def stop(self) -> None:
        self.run("stop")


@contextmanager
def local_broker(data_dir: Path | None = None) -> Iterator[LocalBroker]:
    """KAFKA_BOOTSTRAP's broker if set, else a fresh one started here and stopped after."""
    if os.environ.get("KAFKA_BOOTSTRAP"):
        yield LocalBroker(os.environ["KAFKA_BOOTSTRAP"], external=True)
        return
    with tempfile.TemporaryDirectory(prefix="tinhuy-kafka-") as tmp:
        port = free_port()
        env = {
            **os.environ,
            "TINHUY_KAFKA_DATA": str(data_dir or tmp),
            "TINHUY_KAFKA_PORT": str(port),
            "TINHUY_KAFKA_CONTROLLER_PORT": str(free_port()),
        }
        broker = LocalBroker(f"127.0.0.1:{port}", env)
        broker.start()
        try:
            yield broker
        finally:
            broker.stop()
