"""Aggregator settings: `TINHUY_*` environment variables, read once in main()."""

from __future__ import annotations

from typing import Literal

from shared.settings import ServiceSettings


class AggregatorSettings(ServiceSettings):
    agg_processing_guarantee: Literal["exactly_once", "at_least_once"] = "exactly_once"
    # memory:// rebuilds from the changelog at start; rocksdb:// keeps a local copy.
    agg_store: str = "memory://"
    agg_data_dir: str = ".cache/aggregator"
    agg_web_host: str = "127.0.0.1"
    agg_web_port: int = 6066
    # How long the group waits for a worker that died without leaving (SIGKILL)
    # before its partitions move; Faust's own default is 60 s.
    agg_session_timeout_s: float = 30.0
    # Exactly-once output is visible downstream only when its transaction commits:
    # this bounds the latency (Faust's default 2.8 s made p99 ≈ 2.8 s at 50 URLs/s).
    agg_commit_interval_s: float = 0.2
    # Published address of this worker, for table routing between workers.
    agg_canonical_url: str = ""

    @property
    def canonical_url(self) -> str:
        return self.agg_canonical_url or f"http://{self.agg_web_host}:{self.agg_web_port}"

    @property
    def app_id(self) -> str:
        return self.group_id("aggregator")
