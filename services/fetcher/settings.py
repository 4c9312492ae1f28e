"""Fetcher settings: `TINHUY_*` environment variables, read once in main()."""

from __future__ import annotations

from typing import Literal

from shared.settings import ServiceSettings


class FetcherSettings(ServiceSettings):
    # live: the web; replay: only the WARC archives (offline); replay-then-live:
    # the archive first, the web for what it lacks.
    fetch_mode: Literal["live", "replay", "replay-then-live"] = "live"
    fetch_replay_warc: str = ""  # comma-separated WARC paths
    # Hosts, IPs or CIDRs the SSRF guard lets through (tests, a compose origin).
    fetch_allow: str = ""
    fetch_user_agent: str = "tinhuy-fetcher/0.1 (+https://github.com/tinhuy)"
    fetch_connect_timeout_s: float = 5.0
    fetch_read_timeout_s: float = 10.0
    fetch_total_timeout_s: float = 30.0
    fetch_max_body_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    fetch_concurrency: int = 64
    fetch_content_types: str = "text/html,application/xhtml+xml,text/plain"

    @property
    def replay_paths(self) -> list[str]:
        return [p.strip() for p in self.fetch_replay_warc.split(",") if p.strip()]

    @property
    def allow_list(self) -> list[str]:
        return [a.strip() for a in self.fetch_allow.split(",") if a.strip()]

    @property
    def content_types(self) -> frozenset[str]:
        return frozenset(c.strip().lower() for c in self.fetch_content_types.split(","))
