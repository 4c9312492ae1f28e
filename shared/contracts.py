"""Every Kafka topic of tinhuy: its name, partition count, key and value schema.

This is the one place that spells a topic name. A value carries
`schema: "tinhuy.<name>/<major>"`; a breaking change is a new major and a new
topic (the `.v1` suffix of the name). Values are JSON encoded with orjson and
validated with pydantic on the way in; extra keys are kept (the meeting
contract allows additions) so an older consumer passes newer fields through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import urlsplit

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONTRACTS_VERSION = "1.0.0"


class Contract(BaseModel):
    """Base of every topic value: JSON in, JSON out, `schema` checked."""

    # Pydantic reserves `schema`, hence the alias.
    model_config = ConfigDict(populate_by_name=True, extra="allow")

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json", by_alias=True))


def _schema(name: str) -> Any:
    tag = f"tinhuy.{name}/1"
    return Field(default=tag, alias="schema", json_schema_extra={"const": tag})


# --- fetcher --------------------------------------------------------------


class UrlRequest(Contract):
    schema_id: Literal["tinhuy.url_request/1"] = _schema("url_request")
    url: str
    depth: int = 0
    discovered_from: str | None = None
    force: bool = False
    requested_at: str | None = None
    # Set by the fetcher on its retry topic: attempts made so far, the earliest time
    # (ISO 8601) to try again, and why the last attempt failed or was put off.
    attempt: int = 0
    not_before: str | None = None
    last_failure: str | None = None


class FetchedPage(Contract):
    schema_id: Literal["tinhuy.fetched_page/1"] = _schema("fetched_page")
    url: str
    final_url: str
    status: int
    content_type: str | None
    charset: str | None
    text: str
    sha256: str
    size: int
    headers: dict[str, str] = {}
    redirects: list[str] = []
    depth: int = 0
    discovered_from: str | None = None
    fetched_at: str
    from_archive: bool = False
    attempts: int = 1


class FetchFailure(Contract):
    schema_id: Literal["tinhuy.fetch_failure/1"] = _schema("fetch_failure")
    url: str
    reason: str
    detail: str = ""
    status: int | None = None
    attempts: int = 1
    depth: int = 0
    discovered_from: str | None = None
    failed_at: str
    # For "fetched recently" and "not modified": the hash of the page already published.
    sha256: str | None = None


class FetchState(Contract):
    """What the fetcher remembers of a URL (compacted topic, key: canonical URL)."""

    schema_id: Literal["tinhuy.fetch_state/1"] = _schema("fetch_state")
    url: str
    fetched_at: str
    status: int
    sha256: str
    etag: str | None = None
    last_modified: str | None = None


# --- parser ---------------------------------------------------------------


class ArticleText(Contract):
    """An article that arrives as text (a seed file, a translation), not as a page."""

    schema_id: Literal["tinhuy.article_text/1"] = _schema("article_text")
    doc_id: str
    text: str
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    published_at: str | None = None
    origin: str = "cli"
    depth: int = 0


class ProvinceRef(Contract):
    code: str
    name: str
    name_ascii: str


class Province(ProvinceRef):
    successor: ProvinceRef | None = None


class Person(Contract):
    name_ascii: str
    name: str | None = None
    as_written: str
    roles: list[str] = []


class Delegation(Contract):
    issuer: str
    number: str | None = None
    head: Person | None = None


DocumentType = Literal[
    "resolution",
    "directive",
    "conclusion",
    "guidance",
    "plan",
    "program",
    "regulation",
    "decision",
    "official_dispatch",
    "notice",
    "report",
    "other",
]


class Document(Contract):
    type: DocumentType
    number: str
    code: str | None = None
    issuer: str | None = None
    date: str | None = None


class Quantity(Contract):
    metric: str
    value: float
    unit: str
    year: int | None = None
    text: str = ""


class Source(Contract):
    url: str | None = None
    outlet: str | None = None
    lang: str
    title: str | None = None
    published_at: str | None = None
    source_urls: list[str] = []


class Extraction(Contract):
    parser_version: str
    warnings: list[str] = []


class MeetingRecord(Contract):
    """The public contract of ../shared/contracts/meeting-record.md."""

    schema_id: Literal["tinhuy.meeting/1"] = _schema("meeting")
    record_id: str
    meeting_id: str | None = None
    province: Province | None = None
    date: str | None = None
    date_precision: Literal["day", "month", "year"] | None = None
    time_of_day: Literal["morning", "afternoon", "evening"] | None = None
    body: Literal["standing_committee", "executive_committee", "other"] | None = None
    purpose: (
        Literal["inspection", "review", "dissemination", "decision", "personnel", "other"] | None
    ) = None
    delegation: Delegation | None = None
    chairs: list[Person] = []
    participants: list[Person] = []
    mentioned: list[Person] = []
    documents: list[Document] = []
    targets: list[Quantity] = []
    figures: list[Quantity] = []
    source: Source
    extraction: Extraction


# --- aggregator -----------------------------------------------------------


class ReportRef(Contract):
    record_id: str
    url: str | None = None
    outlet: str | None = None
    lang: str
    title: str | None = None


class EnrichedMeeting(Contract):
    """A merged meeting, every report of it, and what it means for its province."""

    schema_id: Literal["tinhuy.enriched_meeting/1"] = _schema("enriched_meeting")
    meeting_id: str
    version: int
    province: Province | None
    meeting: MeetingRecord
    reports: list[ReportRef]
    # Earlier ids of this meeting (a provisional `record:` id before a report dated it):
    # downstream tables keyed by meeting_id delete these keys.
    replaces: list[str] = []
    context: dict[str, Any] = {}
    updated_at: str


# --- every service --------------------------------------------------------


class DeadLetter(Contract):
    """Input a service could not use, with why; the original bytes ride along."""

    schema_id: Literal["tinhuy.dead_letter/1"] = _schema("dead_letter")
    reason: str
    error: str
    service: str
    source_topic: str
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    value_b64: str = ""
    value_truncated: bool = False
    failed_at: str


# --- topics ---------------------------------------------------------------

M = TypeVar("M", bound=Contract)


class DecodeError(ValueError):
    """A message that is not valid JSON or does not follow its topic's schema."""


@dataclass(frozen=True)
class Topic(Generic[M]):
    name: str
    partitions: int
    key: str  # what the message key holds, for people and for the README
    model: type[M]
    configs: tuple[tuple[str, str], ...] = ()  # topic configs set at creation

    def full_name(self, prefix: str = "") -> str:
        return f"{prefix}{self.name}"

    def decode(self, raw: bytes | None) -> M:
        if raw is None:
            raise DecodeError("empty message value")
        try:
            return self.model.model_validate(orjson.loads(raw))
        except orjson.JSONDecodeError as exc:
            raise DecodeError(f"not JSON: {exc}") from exc
        except ValidationError as exc:
            raise DecodeError(f"schema violation: {_first_errors(exc)}") from exc


def _first_errors(exc: ValidationError, limit: int = 3) -> str:
    parts = [f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in exc.errors()]
    return "; ".join(parts[:limit]) + ("; …" if len(parts) > limit else "")


URL_REQUESTS = Topic("tinhuy.url-requests.v1", 6, "host of the URL", UrlRequest)
PAGES = Topic("tinhuy.pages.v1", 6, "URL as requested", FetchedPage)
FETCH_FAILURES = Topic("tinhuy.fetch-failures.v1", 3, "URL as requested", FetchFailure)
ARTICLES = Topic("tinhuy.articles.v1", 3, "doc_id", ArticleText)
MEETINGS = Topic("tinhuy.meetings.v1", 6, "province code, or 'unknown'", MeetingRecord)
ENRICHED = Topic("tinhuy.enriched.v1", 6, "meeting_id", EnrichedMeeting)
DEAD_LETTERS = Topic("tinhuy.dead-letters.v1", 3, "original key", DeadLetter)
# The fetcher's own: requests waiting for a retry or their host's turn, and its
# per-URL memory (compacted: the latest state of each URL survives restarts).
FETCH_RETRIES = Topic("tinhuy.fetch-retries.v1", 6, "host of the URL", UrlRequest)
FETCH_STATE = Topic(
    "tinhuy.fetch-state.v1",
    6,
    "canonical URL",
    FetchState,
    configs=(("cleanup.policy", "compact"),),
)


def url_request_key(url: str) -> str:
    """The key of a URL request: its host, so that one worker owns a host's schedule."""
    host = urlsplit(url.strip()).hostname if "://" in url else None
    return host or "invalid"


ALL_TOPICS: tuple[Topic[Any], ...] = (
    URL_REQUESTS,
    PAGES,
    FETCH_FAILURES,
    ARTICLES,
    MEETINGS,
    ENRICHED,
    DEAD_LETTERS,
    FETCH_RETRIES,
    FETCH_STATE,
)
