"""Contracts: decoding, validation, and the README's topic table kept true."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest

from shared.contracts import ALL_TOPICS, URL_REQUESTS, DecodeError, UrlRequest, url_request_key

README = Path(__file__).resolve().parents[2] / "README.md"


def test_a_value_round_trips_with_its_schema_tag() -> None:
    raw = UrlRequest(url="https://baohagiang.vn/a", depth=1).to_json()
    assert orjson.loads(raw)["schema"] == "tinhuy.url_request/1"
    assert URL_REQUESTS.decode(raw) == UrlRequest(url="https://baohagiang.vn/a", depth=1)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{oops", "not JSON"),
        (None, "empty message value"),
        (
            b'{"schema": "tinhuy.meeting/1", "url": "x"}',
            "schema violation: schema: Input should be",
        ),
        (b'{"schema": "tinhuy.url_request/1"}', "schema violation: url: Field required"),
        (
            b'{"schema": "tinhuy.url_request/1", "url": "x", "depth": "deep"}',
            "schema violation: depth: Input should be a valid integer",
        ),
    ],
)
def test_bad_values_raise_decode_error_saying_why(raw: bytes | None, message: str) -> None:
    with pytest.raises(DecodeError) as caught:
        URL_REQUESTS.decode(raw)
    assert str(caught.value).startswith(message)


def test_unknown_fields_pass_through() -> None:
    decoded = URL_REQUESTS.decode(b'{"schema": "tinhuy.url_request/1", "url": "x", "new": 1}')
    assert orjson.loads(decoded.to_json())["new"] == 1


def test_url_request_key_is_the_host() -> None:
    assert url_request_key("https://BaoHaGiang.vn:443/x?y=1") == "baohagiang.vn"
    assert url_request_key("not a url") == "invalid"


def test_topic_names_are_unique_and_versioned() -> None:
    names = [t.name for t in ALL_TOPICS]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"tinhuy\.[a-z-]+\.v1", n) for n in names)


def test_readme_topic_table_matches_the_contracts() -> None:
    rows = re.findall(
        r"^\| `(tinhuy\.[^`]+)` \| (\d+) \| ([^|]+) \| `([^`]+)` \|$", README.read_text(), re.M
    )
    documented = {(n, int(p), k.strip(), s) for n, p, k, s in rows}
    declared = {
        (t.name, t.partitions, t.key, t.model.model_fields["schema_id"].default) for t in ALL_TOPICS
    }
    assert documented == declared
