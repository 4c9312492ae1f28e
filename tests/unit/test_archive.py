"""Round trips through WarcRecorder/Replay, and the checked-in seed WARC."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from services.fetcher.archive import ArchivedResponse, Replay, WarcRecorder, normalise_url

ROOT = Path(__file__).resolve().parents[2]
SEED_WARC = ROOT / "seeds" / "pages.warc.gz"

SEED_PAGES = {
    "https://daidoanket.vn/can-co-cac-nhom-giai-phap-de-quang-ninh-tien-nhanh-chac-ben-vung-"
    "ve-moi-mat-10301856.html": "Quảng Ninh",
    "https://baohagiang.vn/thoi-su-chinh-tri/202503/doan-kiem-tra-cua-bo-chinh-tri-lam-viec-"
    "voi-ban-thuong-vu-tinh-uy-52d2fd8/": "Hà Giang",
    "https://baohaiduong.vn/bi-thu-tinh-uy-tran-duc-thang-dai-hoi-la-dip-chinh-don-doi-ngu-va-"
    "nang-cao-nang-luc-suc-chien-dau-cua-to-chuc-dang-392942.html": "Hải Dương",
    "https://bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/St1DaeZNsp94/content/"
    "hoi-nghi-tong-ket-cong-tac-lanh-ao-cua-tinh-uy-nam-2024-trien-khai-nhiem-vu-nam-2025": (
        "Bắc Giang"
    ),
}

BODY = "<html><body><p>Sáng 19/3, Chủ tịch nước Lương Cường…</p></body></html>".encode()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
    ("Set-Cookie", "a=1; Path=/"),
    ("Set-Cookie", "b=2; Path=/"),
    ("ETag", '"abc"'),
]


def _write(path: Path, *pages: tuple[str, int, list[tuple[str, str]], bytes]) -> None:
    recorder = WarcRecorder(path)
    try:
        for url, status, headers, body in pages:
            recorder.write(url, status, headers, body, request_headers=[("User-Agent", "t")])
    finally:
        recorder.close()


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_round_trip_exact(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    url = "https://example.vn/tin/hoi-nghi.html?id=7"
    _write(path, (url, 200, HEADERS, BODY), ("https://example.vn/404", 404, [], b"missing"))

    replay = Replay.load([path])
    assert len(replay) == 2
    got = replay.lookup(url)
    assert got == ArchivedResponse(url=url, status=200, headers=HEADERS, body=BODY)
    missing = replay.lookup("https://example.vn/404")
    assert missing is not None
    assert (missing.status, missing.headers, missing.body) == (404, [], b"missing")


def test_recorder_writes_request_and_response_pairs(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write(path, ("https://example.vn/a?x=1", 200, HEADERS, BODY))
    with path.open("rb") as fh:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers)
            for r in ArchiveIterator(fh)
        ]
    assert [(kind, uri) for kind, uri, _ in records] == [
        ("response", "https://example.vn/a?x=1"),
        ("request", "https://example.vn/a?x=1"),
    ]
    request = records[1][2]
    assert request.protocol == "GET"
    assert request.statusline == "/a?x=1 HTTP/1.1"
    assert request.get_header("Host") == "example.vn"
    assert request.get_header("User-Agent") == "t"
    with gzip.open(path) as fh:
        assert fh.read().startswith(b"WARC/1.1\r\n")


def test_recorder_appends(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write(path, ("https://example.vn/a", 200, [], b"one"))
    _write(path, ("https://example.vn/b", 200, [], b"two"))
    replay = Replay.load([path])
    assert len(replay) == 2
    assert replay.lookup("https://example.vn/a").body == b"one"
    assert replay.lookup("https://example.vn/b").body == b"two"


def test_lookup_ignores_fragment_keeps_query(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write(path, ("https://example.vn/tin?id=7#top", 200, [], b"seven"))
    replay = Replay.load([path])
    assert replay.lookup("https://example.vn/tin?id=7").body == b"seven"
    assert replay.lookup("https://example.vn/tin?id=7#comments").body == b"seven"
    assert replay.lookup("HTTPS://Example.VN/tin?id=7").body == b"seven"
    assert replay.lookup("https://example.vn/tin?id=8") is None
    assert replay.lookup("https://example.vn/tin") is None
    assert "https://example.vn/tin?id=7#x" in replay
    assert normalise_url("https://example.vn") == "https://example.vn/"


def test_unknown_url_is_none(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write(path, ("https://example.vn/a", 200, [], b"a"))
    assert Replay.load([path]).lookup("https://example.vn/nowhere") is None
    assert len(Replay.load([])) == 0


def test_latest_record_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "first.warc.gz", tmp_path / "second.warc.gz"
    _write(first, ("https://example.vn/a", 200, [], b"old"))
    _write(first, ("https://example.vn/a", 200, [], b"newer, same file"))
    assert Replay.load([first]).lookup("https://example.vn/a").body == b"newer, same file"
    _write(second, ("https://example.vn/a#frag", 200, [], b"newest"))
    assert Replay.load([first, second]).lookup("https://example.vn/a").body == b"newest"
    # Order of files does not matter: the WARC-Date decides.
    assert Replay.load([second, first]).lookup("https://example.vn/a").body == b"newest"


def _response(url: str, date: str, body: bytes, headers: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(
        writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date},
        )
    )
    return buf.getvalue()


def test_revisit_and_request_records_are_skipped(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    url = "https://example.vn/a"
    writer.write_record(
        writer.create_revisit_record(
            url,
            digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri=url,
            refers_to_date="2020-01-01T00:00:00Z",
            http_headers=StatusAndHeaders("200 OK", [], protocol="HTTP/1.1"),
        )
    )
    path = tmp_path / "revisit.warc.gz"
    path.write_bytes(buf.getvalue())
    assert len(Replay.load([path])) == 0

    path.write_bytes(buf.getvalue() + _response(url, "2001-01-01T00:00:00Z", b"real", []))
    replay = Replay.load([path])
    assert len(replay) == 1
    assert replay.lookup(url).body == b"real"


def test_foreign_gzip_encoded_response_is_decoded(tmp_path: Path) -> None:
    plain = "Tỉnh ủy Bắc Giang".encode()
    packed = gzip.compress(plain, mtime=0)
    stored = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("Content-Length", str(len(packed))),
    ]
    path = tmp_path / "foreign.warc.gz"
    path.write_bytes(_response("https://example.vn/gz", "2024-01-01T00:00:00Z", packed, stored))
    got = Replay.load([path]).lookup("https://example.vn/gz")
    assert got.body == plain
    assert got.headers == [
        ("Content-Type", "text/html; charset=utf-8"),
        ("X-Archive-Orig-Content-Encoding", "gzip"),
        ("X-Archive-Orig-Content-Length", str(len(packed))),
        ("Content-Length", str(len(plain))),
    ]


def test_recorder_renames_encoding_of_decoded_body(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    headers = [("Content-Encoding", "br"), ("Content-Length", "5"), ("Content-Type", "text/html")]
    _write(path, ("https://example.vn/br", 200, headers, BODY))
    got = Replay.load([path]).lookup("https://example.vn/br")
    assert got.body == BODY
    assert got.headers == [
        ("X-Archive-Orig-Content-Encoding", "br"),
        ("X-Archive-Orig-Content-Length", "5"),
        ("Content-Type", "text/html"),
        ("Content-Length", str(len(BODY))),
    ]


def test_closed_recorder_refuses_writes(tmp_path: Path) -> None:
    with WarcRecorder(tmp_path / "x.warc.gz") as recorder:
        recorder.write("https://example.vn/", 200, [], b"")
    with pytest.raises(ValueError):
        recorder.write("https://example.vn/", 200, [], b"")


def test_seed_warc_has_all_stand_in_pages() -> None:
    replay = Replay.load([SEED_WARC])
    assert len(replay) == len(SEED_PAGES)
    for url, province in SEED_PAGES.items():
        got = replay.lookup(url)
        assert got is not None, url
        assert got.status == 200
        headers = dict(got.headers)
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Content-Length"] == str(len(got.body))
        assert {"Date", "Last-Modified", "ETag"} <= headers.keys()
        text = got.body.decode("utf-8")
        assert unicodedata.is_normalized("NFC", text)
        assert province in text, (url, province)
        assert 'name="tinhuy:stand-in"' in text
        assert (
            f'<link rel="canonical" href="{url}">' in text
            or f'href="{url}" rel="canonical"' in text
        )


def test_seed_warc_matches_pages_on_disk() -> None:
    pages_dir = ROOT / "seeds" / "pages"
    replay = Replay.load([SEED_WARC])
    for line in (pages_dir / "urls.tsv").read_text(encoding="utf-8").splitlines():
        url, name = line.split("\t")
        assert replay.lookup(url).body == (pages_dir / name).read_bytes(), name


def test_seed_warc_is_reproducible(tmp_path: Path) -> None:
    out = tmp_path / "pages.warc.gz"
    script = ROOT / "scripts" / "build_seed_warc.py"
    subprocess.run([sys.executable, str(script), "--out", str(out)], check=True, cwd=ROOT)
    assert out.read_bytes() == SEED_WARC.read_bytes(), "re-run scripts/build_seed_warc.py"
