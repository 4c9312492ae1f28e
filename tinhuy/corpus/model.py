"""What a corpus is: pages by URL, the order to submit them in, and the ground truth.

URLs in a Corpus are logical (`https://baohagiang.vn/...`, `https://tintuc-de.example/...`);
the origin (origin.py) serves them on loopback addresses and rewrites them on the way out,
the WARC writer (warc.py) stores them as they are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["meeting", "fetch_failure", "dead_letter"]
# How the origin answers a page: plain bytes, or one of the hostile behaviours.
Behaviour = Literal["static", "drip", "huge", "redirect"]


@dataclass(frozen=True)
class Page:
    html: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    behaviour: Behaviour = "static"
    location: str | None = None  # redirect target (a path on the same host, or a full URL)
    size: int = 0  # bytes a "huge" page sends; "drip" sends `html` once a second


@dataclass(frozen=True)
class Expect:
    """The outcome a URL must end in; `reason` is a prefix of the failure's reason, when the
    reason is fixed by a contract (fetcher reasons), else None (any reason will do)."""

    outcome: Outcome
    reason: str | None = None


@dataclass(frozen=True)
class Person:
    name: str  # Vietnamese, with diacritics
    name_ascii: str
    role: str  # key into the role phrases of templates.py


@dataclass(frozen=True)
class Document:
    type: str  # resolution, directive, conclusion, plan, regulation
    number: str
    code: str  # "57-NQ/TW"
    issuer: str  # key into the issuer phrases of templates.py


@dataclass(frozen=True)
class Target:
    metric: str
    value: float
    unit: str
    year: int


@dataclass(frozen=True)
class Meeting:
    """One generated meeting: the ground truth every report of it must agree with."""

    meeting_id: str  # as the parser computes it: f"{province_code}-{date}-{body}"
    province_code: str
    province: str
    province_ascii: str
    date: str  # ISO date
    time_of_day: Literal["morning", "afternoon", "evening"]
    body: Literal["standing_committee", "executive_committee", "other"]
    purpose: Literal["inspection", "review", "dissemination", "decision", "personnel", "other"]
    chair: Person
    attendees: tuple[Person, ...]
    documents: tuple[Document, ...]
    target: Target | None
    urls: tuple[str, ...] = ()  # the original first, then its translations
    languages: tuple[str, ...] = ()  # of `urls`, in the same order

    @property
    def chairs(self) -> list[str]:
        return [self.chair.name_ascii]

    @property
    def participants(self) -> list[str]:
        """Everyone present, chair included (the gold convention of tests/eval)."""
        return [self.chair.name_ascii, *(p.name_ascii for p in self.attendees)]


@dataclass(frozen=True)
class UrlTruth:
    url: str
    kind: Literal["original", "translation", "hostile"]
    lang: str | None
    expect: Expect
    meeting_id: str | None = None
    source_url: str | None = None  # a translation's original
    note: str = ""


@dataclass
class Truth:
    meetings: dict[str, Meeting] = field(default_factory=dict)
    by_url: dict[str, UrlTruth] = field(default_factory=dict)

    @property
    def meetings_per_province(self) -> dict[str, int]:
        counts = Counter(m.province_code for m in self.meetings.values())
        return dict(sorted(counts.items()))


@dataclass
class Corpus:
    seed: int
    pages: dict[str, Page]  # logical URL -> page (hostile URLs that are never served: absent)
    urls: list[str]  # every URL to submit, originals, translations and hostile, shuffled
    truth: Truth

    @property
    def hosts(self) -> list[str]:
        """Every logical host that serves pages, sorted."""
        return sorted({_host(u) for u in self.pages})

    def of_kind(self, kind: str) -> list[str]:
        return [u for u in self.urls if self.truth.by_url[u].kind == kind]


def _host(url: str) -> str:
    return url.split("/", 3)[2]
