"""Fetcher settings: comma-separated lists and the producer's compression."""

from __future__ import annotations

from aiokafka.codec import has_zstd

from services.fetcher.settings import FetcherSettings


def test_comma_separated_settings_drop_blanks_and_spaces() -> None:
    settings = FetcherSettings(
        fetch_allow=" 127.0.0.1, ,10.0.0.0/8,",
        fetch_content_types="Text/HTML , text/plain",
        fetch_resolve="Named.Test.=127.0.0.2, bad, named.test=127.0.0.3",
    )
    assert settings.allow_list == ["127.0.0.1", "10.0.0.0/8"]
    assert settings.content_types == frozenset({"text/html", "text/plain"})
    assert settings.resolve_overrides == {"named.test": ["127.0.0.2", "127.0.0.3"]}


def test_pages_are_produced_zstd_compressed_by_default_and_the_codec_is_installed() -> None:
    assert FetcherSettings().producer_options == {"compression_type": "zstd"}
    assert has_zstd()  # without cramjam aiokafka refuses to build the producer


def test_compression_none_means_no_codec() -> None:
    settings = FetcherSettings(fetch_kafka_compression="none")
    assert settings.producer_options == {"compression_type": None}
