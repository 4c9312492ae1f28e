"""The aggregator's transport around a recovery's seek (no broker: the consumer's own state)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from faust.types import TP

from services.aggregator.app import create_app
from services.aggregator.settings import AggregatorSettings
from services.aggregator.transport import event_boundary
from shared.contracts import MEETINGS

SETTINGS = AggregatorSettings()
MEETINGS_TP = TP(MEETINGS.full_name(SETTINGS.topic_prefix), 0)


def test_resuming_input_partitions_stops_the_flow_until_recovery_resumes_it() -> None:
    """Records queued between recovery's resume and its seek were dropped unacked."""
    app = create_app(SETTINGS)
    consumer = app.consumer
    changelog = TP(sorted(app.tables.changelog_topics)[0], 0)
    consumer.resume_partitions({changelog})  # changelog reading: the flow goes on
    assert consumer.flow_active
    consumer.resume_partitions({MEETINGS_TP})
    assert not consumer.flow_active
    assert MEETINGS_TP in consumer._get_active_partitions()
    consumer.resume_flow()  # what recovery does after its seek
    assert consumer.flow_active


async def test_a_seek_waits_for_the_event_in_hand() -> None:
    """No offset bookkeeping moves while an event is folded or a commit runs."""
    app = create_app(SETTINGS)
    consumer = app.consumer
    seeks: list[str] = []

    async def seek_to_committed() -> Mapping[TP, int]:
        seeks.append("seek")
        return {MEETINGS_TP: 7}

    consumer.seek_to_committed = seek_to_committed  # type: ignore[method-assign]
    lock = event_boundary(app)
    await lock.acquire()
    seek = asyncio.ensure_future(consumer.perform_seek())
    await asyncio.sleep(0.05)
    assert seeks == []  # held off while the event is in hand
    lock.release()
    await seek
    assert seeks == ["seek"]
    assert consumer._read_offset[MEETINGS_TP] == 7
