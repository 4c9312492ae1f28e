"""The aggregator: a Faust app folding meeting records into per-province tables.

With `processing_guarantee="exactly_once"` Faust runs one transaction per
input partition: the table changelog writes, the enriched and dead-letter
records and the input offsets of a commit interval are committed together or
not at all, and every consumer (the table recovery included) reads
`read_committed`. A report is therefore folded exactly once even when a worker
is SIGKILLed or a rebalance moves its partition mid-transaction.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import faust

from services.aggregator import web
from services.aggregator.settings import AggregatorSettings
from services.aggregator.tables import ProvinceTables
from services.aggregator.transport import App, changelogs_known, event_boundary
from shared.contracts import DEAD_LETTERS, ENRICHED, MEETINGS, DecodeError
from shared.kafka import dead_letter, dead_letter_headers, now_iso

log = logging.getLogger(__name__)

CLEAN_MARK = "clean-shutdown"


def create_app(settings: AggregatorSettings) -> faust.App:
    prefix = settings.topic_prefix
    # Faust's App, but changelog highwaters come from the broker: see transport.py.
    app = App(
        settings.app_id,
        broker=f"kafka://{settings.kafka_bootstrap}",
        store=settings.agg_store,
        datadir=settings.agg_data_dir,
        processing_guarantee=settings.agg_processing_guarantee,
        topic_partitions=MEETINGS.partitions,
        topic_replication_factor=1,
        web_host=settings.agg_web_host,
        web_port=settings.agg_web_port,
        canonical_url=settings.canonical_url,
        producer_max_request_size=settings.max_message_bytes,
        # Each report writes 6-8 changelog records through six transactional
        # producers: batches of up to 1 MiB gathered for 10 ms make a few
        # requests of each commit interval, not one request per record (at
        # aiokafka's 16 KiB and no linger, socket writes were a tenth of the CPU).
        producer_max_batch_size=1_048_576,
        producer_linger=0.01,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.agg_session_timeout_s,
        broker_heartbeat_interval=min(3.0, settings.agg_session_timeout_s / 3),
        broker_commit_interval=settings.agg_commit_interval_s,
    )
    raw = {"key_serializer": "raw", "value_serializer": "raw"}
    meetings_in = app.topic(MEETINGS.full_name(prefix), partitions=MEETINGS.partitions, **raw)
    enriched_out = app.topic(ENRICHED.full_name(prefix), partitions=ENRICHED.partitions, **raw)
    dead_out = app.topic(DEAD_LETTERS.full_name(prefix), partitions=DEAD_LETTERS.partitions, **raw)
    state = ProvinceTables.create(app)

    async def refuse(event: Any, reason: str, error: str) -> None:
        out = dead_letter("aggregator", meetings_in.get_topic_name(), event.message, reason, error)
        key = out.key.encode() if out.key else None
        headers = dead_letter_headers(out.value)
        await send_with_input(app, event, dead_out, key, out.value.to_json(), headers)

    async def handle(event: Any) -> None:
        try:
            record = MEETINGS.decode(event.value)
        except DecodeError as exc:
            await refuse(event, "undecodable message", str(exc))
            return
        await changelogs_known(app, state.tables.values())
        try:
            enriched = state.fold(record, now_iso())
        except Exception as exc:  # nothing may crash the agent
            log.exception("fold failed on %s@%d", event.message.tp, event.message.offset)
            await refuse(event, "handler error", f"{type(exc).__name__}: {exc}")
            return
        if enriched is not None:
            key = enriched.meeting_id.encode()
            await send_with_input(app, event, enriched_out, key, enriched.to_json())

    @app.agent(meetings_in)
    async def aggregate(stream: faust.StreamT[Any]) -> None:
        async for event in stream.events():
            # No commit between taking an event and acking it (transport.py);
            # the stream's own ack afterwards finds it acked and does nothing.
            async with event_boundary(app):
                await handle(event)
                event.ack()

    app.province_tables = state  # type: ignore[attr-defined]  # for tests
    web.register(app, state)
    return app


async def send_with_input(
    app: faust.App,
    event: Any,
    topic: Any,
    key: bytes | None,
    value: bytes,
    headers: list[tuple[str, bytes]] | None = None,
) -> None:
    """Send an output in the same transaction as the input offset it comes from.

    `Topic.send` from an agent does not use the input's transaction (it went
    out on the plain producer here): an enriched record then commits apart
    from the input offset, and a SIGKILL before the offset commit replays the
    input and publishes the record twice. (The table changelogs share the
    input's partition and transaction, once transport.py has them sent before
    the commit.) So outputs go to
    the producer of the input partition's transaction, the id Faust's own
    offset commit uses (`{app id}-{group}-{partition}`).
    """
    if not app.in_transaction:
        await topic.send(key=key, value=value, headers=headers)
        return
    tp = event.message.tp
    group = app.assignor.group_for_topic(tp.topic)
    transactional_id = f"{app.conf.id}-{group}-{tp.partition}"
    await app.producer.send(
        topic.get_topic_name(), key, value, None, None, headers, transactional_id=transactional_id
    )


def prepare_datadir(settings: AggregatorSettings) -> None:
    """Drop a RocksDB copy that a crash may have left with uncommitted writes.

    Faust writes a table change into RocksDB at once, before its transaction
    commits; after a SIGKILL the local copy can hold changes whose
    transaction was aborted, and recovery (which reads only committed
    changelog records from the stored offset on) would keep them: counted
    twice once the input is processed again. Unless the last run stopped
    cleanly, the copy is removed and the tables are rebuilt from the
    changelog.
    """
    data = Path(settings.agg_data_dir)
    data.mkdir(parents=True, exist_ok=True)
    mark = data / CLEAN_MARK
    exactly_once = settings.agg_processing_guarantee == "exactly_once"
    if settings.agg_store.startswith("rocksdb") and exactly_once and not mark.exists():
        for tables in [*data.glob("v*/tables"), *data.glob("*-data/v*/tables")]:
            log.warning("no clean shutdown recorded: rebuilding tables from %s", tables)
            shutil.rmtree(tables)
    mark.unlink(missing_ok=True)


def new_worker(app: faust.App, settings: AggregatorSettings) -> faust.Worker:
    worker = faust.Worker(app, loglevel=settings.log_level.lower(), redirect_stdouts=False)
    # Faust's terminal spinner, kept at WARNING and above, sets the root logger to
    # DEBUG: every debug call of Faust and aiokafka then built a record (a tenth
    # of the worker's CPU).
    worker.spinner = None
    return worker


def main() -> None:
    settings = AggregatorSettings()
    prepare_datadir(settings)
    app = create_app(settings)
    worker = new_worker(app, settings)
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        if not exc.code:  # stopped by SIGTERM/SIGINT after its last commit
            Path(settings.agg_data_dir).mkdir(parents=True, exist_ok=True)
            (Path(settings.agg_data_dir) / CLEAN_MARK).touch()
        raise
