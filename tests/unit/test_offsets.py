from __future__ import annotations

from shared.offsets import OffsetTracker


def test_only_the_done_prefix_of_a_partition_is_committable() -> None:
    t: OffsetTracker[str] = OffsetTracker()
    for offset in (5, 6, 7):
        t.started("p0", offset)
    t.started("p1", 0)
    t.finished("p0", 6)
    t.finished("p1", 0)
    assert t.committable() == {"p1": 1}
    t.finished("p0", 5)
    assert t.committable() == {"p0": 7}
    assert t.in_flight("p0") == 1
    t.finished("p0", 7)
    assert t.committable() == {"p0": 8}
    assert t.committable() == {}
    assert t.in_flight() == 0


def test_forgotten_partitions_are_not_committed() -> None:
    t: OffsetTracker[str] = OffsetTracker()
    t.started("p0", 1)
    t.forget(["p0"])
    t.finished("p0", 1)
    assert t.committable() == {}


def test_delivered_offsets_are_those_done_behind_one_not_done() -> None:
    t: OffsetTracker[str] = OffsetTracker()
    for offset in (0, 1, 2, 3):
        t.started("p0", offset)
    for offset in (0, 2, 3):
        t.finished("p0", offset)
    assert t.committable() == {"p0": 1}
    assert t.delivered() == {"p0": {2, 3}}
