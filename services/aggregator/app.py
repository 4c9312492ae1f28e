"""The aggregator: a Faust app folding meeting records into per-province tables."""

from __future__ import annotations

import logging
from typing import Any

import faust

from services.aggregator import merge, stats, web
from services.aggregator.settings import AggregatorSettings
from shared.contracts import (
    DEAD_LETTERS,
    ENRICHED,
    MEETINGS,
    DecodeError,
    EnrichedMeeting,
    MeetingRecord,
)
from shared.kafka import dead_letter, dead_letter_headers, now_iso

log = logging.getLogger(__name__)


def create_app(settings: AggregatorSettings) -> faust.App:
    prefix = settings.topic_prefix
    app = faust.App(
        settings.app_id,
        broker=f"kafka://{settings.kafka_bootstrap}",
        store=settings.agg_store,
        datadir=settings.agg_data_dir,
        processing_guarantee=settings.agg_processing_guarantee,
        topic_partitions=MEETINGS.partitions,
        topic_replication_factor=1,
        web_host=settings.agg_web_host,
        web_port=settings.agg_web_port,
        canonical_url=settings.agg_canonical_url
        or f"http://{settings.agg_web_host}:{settings.agg_web_port}",
        producer_max_request_size=settings.max_message_bytes,
        consumer_auto_offset_reset="earliest",
    )
    raw = {"key_serializer": "raw", "value_serializer": "raw"}
    meetings_in = app.topic(MEETINGS.full_name(prefix), partitions=MEETINGS.partitions, **raw)
    enriched_out = app.topic(ENRICHED.full_name(prefix), partitions=ENRICHED.partitions, **raw)
    dead_out = app.topic(DEAD_LETTERS.full_name(prefix), partitions=DEAD_LETTERS.partitions, **raw)
    provinces = app.Table("provinces", default=merge.empty_state, partitions=MEETINGS.partitions)

    @app.agent(meetings_in)
    async def aggregate(stream: faust.StreamT[Any]) -> None:
        async for event in stream.events():
            try:
                record = MEETINGS.decode(event.value)
            except DecodeError as exc:
                out = dead_letter(
                    "aggregator",
                    meetings_in.get_topic_name(),
                    event.message,
                    "undecodable message",
                    str(exc),
                )
                await dead_out.send(
                    key=out.key and out.key.encode(),
                    value=out.value.to_json(),
                    headers=dead_letter_headers(out.value),
                )
                continue
            enriched = fold_record(provinces, record)
            if enriched is not None:
                await enriched_out.send(key=enriched.meeting_id.encode(), value=enriched.to_json())

    app.provinces = provinces  # type: ignore[attr-defined]  # for the web views and tests
    web.register(app, provinces)
    return app


def fold_record(provinces: Any, record: MeetingRecord) -> EnrichedMeeting | None:
    """Apply one report to its province's state; the enriched meeting it changed, if any."""
    code = record.province.code if record.province else "unknown"
    before = provinces[code]
    after, mid = merge.apply_record(
        before, record.model_dump(mode="json", by_alias=True), now_iso()
    )
    if mid is None:
        log.info("duplicate report %s ignored", record.record_id)
        return None
    provinces[code] = after  # Faust persists on assignment only
    entry = after["meetings"][mid]
    return EnrichedMeeting(
        meeting_id=mid,
        version=entry["version"],
        province=record.province,
        meeting=MeetingRecord.model_validate(entry["meeting"]),
        reports=entry["reports"],
        replaces=entry.get("replaces", []),
        context=stats.context(before, after, mid),
        updated_at=entry["updated_at"],
    )


def main() -> None:
    settings = AggregatorSettings()
    app = create_app(settings)
    # Web host and port come from the app's settings (create_app).
    worker = faust.Worker(app, loglevel=settings.log_level.lower(), redirect_stdouts=False)
    worker.execute_from_commandline()
