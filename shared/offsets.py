"""Which offsets a pipelined consumer may commit: the done prefix of each partition.

Messages of one partition finish out of order when handled concurrently; a
commit may only cover offsets below the first one still running, or a crash
would skip it.
"""

from __future__ import annotations

from collections import deque
from typing import Generic, TypeVar

P = TypeVar("P")


class OffsetTracker(Generic[P]):
    def __init__(self) -> None:
        self._pending: dict[P, deque[int]] = {}
        self._done: dict[P, set[int]] = {}

    def started(self, partition: P, offset: int) -> None:
        self._pending.setdefault(partition, deque()).append(offset)
        self._done.setdefault(partition, set())

    def finished(self, partition: P, offset: int) -> None:
        if partition in self._done:
            self._done[partition].add(offset)

    def committable(self) -> dict[P, int]:
        """Per partition, the next offset to commit, for partitions that moved on."""
        ready: dict[P, int] = {}
        for partition, pending in self._pending.items():
            done = self._done[partition]
            while pending and pending[0] in done:
                done.discard(offset := pending.popleft())
                ready[partition] = offset + 1
        return ready

    def delivered(self) -> dict[P, set[int]]:
        """Per partition, the offsets done but not committable (behind one not done)."""
        return {partition: set(done) for partition, done in self._done.items() if done}

    def in_flight(self, partition: P | None = None) -> int:
        if partition is not None:
            return len(self._pending.get(partition, ()))
        return sum(len(p) for p in self._pending.values())

    def forget(self, partitions: list[P] | None = None) -> None:
        for partition in list(self._pending) if partitions is None else partitions:
            self._pending.pop(partition, None)
            self._done.pop(partition, None)
