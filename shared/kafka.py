"""Kafka plumbing every service shares: topics, producers, outputs and dead letters."""

from __future__ import annotations

import base64
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

from aiokafka import AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from shared.contracts import ALL_TOPICS, DEAD_LETTERS, Contract, DeadLetter, Topic
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)

DEAD_LETTER_VALUE_CAP = 4 * 1024 * 1024


class Rejected(Exception):
    """Expected bad input: the message goes to the dead-letter topic with `reason`."""

    def __init__(self, reason: str, outputs: Sequence[Output] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.outputs = list(outputs)  # still sent, before the dead letter


class Output(NamedTuple):
    topic: Topic[Any]
    key: str | None
    value: Contract


Handler = Callable[[Any], Awaitable[Sequence[Output]]]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


async def ensure_topics(
    settings: ServiceSettings, topics: Iterable[Topic[Any]] = ALL_TOPICS
) -> list[str]:
    """Create the contract topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                t.full_name(settings.topic_prefix),
                t.partitions,
                1,
                topic_configs=dict(t.configs),
            )
            for t in topics
            if t.full_name(settings.topic_prefix) not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass  # a sibling service created it between our list and create
        return [t.name for t in wanted]
    finally:
        await admin.close()


def make_producer(settings: ServiceSettings, **overrides: Any) -> AIOKafkaProducer:
    return AIOKafkaProducer(**producer_config(settings, **overrides))


def producer_config(settings: ServiceSettings, **overrides: Any) -> dict[str, Any]:
    """The keyword arguments of every service's AIOKafkaProducer, `overrides` applied."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap,
        "acks": "all",
        "enable_idempotence": True,
        "max_request_size": settings.max_message_bytes,
        "linger_ms": 5,
        # Pages are ~100 KB: with the 16 KB default every page would be a request
        # of its own, each waiting for acks=all.
        "max_batch_size": 1_048_576,
    }
    options.update(overrides)
    return options


def dead_letter(
    service: str, topic_name: str, msg: ConsumerRecord[bytes, bytes] | None, reason: str, error: str
) -> Output:
    raw = (msg.value or b"") if msg is not None else b""
    # base64 grows by a third: cap the copy so the letter itself always fits; the
    # topic/partition/offset still point at the whole original.
    truncated = len(raw) > DEAD_LETTER_VALUE_CAP
    key = msg.key.decode("utf-8", "backslashreplace") if msg is not None and msg.key else None
    letter = DeadLetter(
        reason=reason,
        error=error,
        service=service,
        source_topic=topic_name,
        partition=msg.partition if msg is not None else None,
        offset=msg.offset if msg is not None else None,
        key=key,
        value_b64=base64.b64encode(raw[:DEAD_LETTER_VALUE_CAP]).decode("ascii"),
        value_truncated=truncated,
        failed_at=now_iso(),
    )
    return Output(DEAD_LETTERS, key, letter)


def dead_letter_headers(letter: DeadLetter) -> list[tuple[str, bytes]]:
    fields = {
        "reason": letter.reason,
        "error": letter.error,
        "source_topic": letter.source_topic,
        "partition": str(letter.partition),
        "offset": str(letter.offset),
        "service": letter.service,
    }
    return [(k, v.encode("utf-8")[:1000]) for k, v in fields.items()]
