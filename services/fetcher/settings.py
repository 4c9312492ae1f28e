"""Fetcher settings: `TINHUY_*` environment variables, read once in main()."""

from __future__ import annotations

from typing import Literal

from shared.settings import ServiceSettings


class FetcherSettings(ServiceSettings):
    # live: the web; replay: only the WARC archives (offline); replay-then-live:
    # the archive first, the web for what it lacks.
    fetch_mode: Literal["live", "replay", "replay-then-live"] = "live"
    fetch_replay_warc: str = ""  # comma-separated WARC paths
    fetch_record_warc: str = ""  # a WARC file every live response is appended to
    # Hosts, IPs or CIDRs the SSRF guard lets through (tests, a compose origin).
    fetch_allow: str = ""
    # `host=ip` pairs answered before DNS (like curl --resolve); still vetted by the guard.
    fetch_resolve: str = ""
    # A PEM file of CA certificates trusted besides the default (certifi) ones: for
    # an origin behind a private CA (an intranet mirror, the tests' TLS origin).
    fetch_ca_bundle: str = ""
    fetch_user_agent: str = "tinhuy-fetcher/0.1 (+https://github.com/tinhuy)"
    fetch_connect_timeout_s: float = 5.0
    fetch_read_timeout_s: float = 10.0
    fetch_total_timeout_s: float = 30.0
    fetch_max_body_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    fetch_concurrency: int = 64
    fetch_content_types: str = "text/html,application/xhtml+xml,text/plain"
    # Politeness: requests in flight per host, and the pause between two of them
    # (Crawl-delay raises it, up to fetch_max_crawl_delay_s).
    fetch_host_concurrency: int = 1
    fetch_host_delay_s: float = 1.0
    fetch_max_crawl_delay_s: float = 30.0
    # A request that would wait longer than this for its host goes to the retry topic.
    fetch_max_host_wait_s: float = 5.0
    fetch_robots: bool = True
    fetch_robots_ttl_s: float = 3600.0
    # Refetch: within the interval a URL is not fetched again unless forced.
    fetch_refetch_interval_s: float = 86_400.0
    # Retries of timeouts, connection errors, 429 and 5xx: attempts in all, backoff
    # base (doubled each attempt, jittered) and the longest delay (Retry-After included).
    fetch_retry_attempts: int = 4
    fetch_retry_base_s: float = 2.0
    fetch_retry_max_delay_s: float = 120.0
    # Compression of what the fetcher produces: pages are ~100 KB of HTML, and the
    # broker stores, copies and checks what is sent (uncompressed, under bench-fetch,
    # it spent as much CPU as the fetcher). zstd, not lz4: aiokafka compresses lz4 at
    # level 9 (LZ4-HC, no setting to lower it), ~1.2 ms a 100 KB HTML page; zstd's
    # level 3 costs ~0.27 ms and shrinks it more (3.8x against 3.2x).
    fetch_kafka_compression: Literal["none", "gzip", "snappy", "lz4", "zstd"] = "zstd"
    # Prometheus /metrics and /healthz; port 0 picks a free one, -1 turns them off.
    fetch_ops_host: str = "127.0.0.1"
    fetch_ops_port: int = 9464

    @property
    def replay_paths(self) -> list[str]:
        return _items(self.fetch_replay_warc)

    @property
    def allow_list(self) -> list[str]:
        return _items(self.fetch_allow)

    @property
    def content_types(self) -> frozenset[str]:
        return frozenset(c.lower() for c in _items(self.fetch_content_types))

    @property
    def resolve_overrides(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for pair in _items(self.fetch_resolve):
            host, sep, ip = pair.partition("=")
            if sep:
                table.setdefault(host.strip().lower().rstrip("."), []).append(ip.strip())
        return table

    @property
    def producer_options(self) -> dict[str, str | None]:
        compression = self.fetch_kafka_compression
        return {"compression_type": None if compression == "none" else compression}


def _items(value: str) -> list[str]:
    """The non-empty items of a comma-separated setting, stripped."""
    return [item.strip() for item in value.split(",") if item.strip()]
