"""Build seeds/pages.warc.gz from the stand-in pages listed in seeds/pages/urls.tsv.

The pages in seeds/pages/ were written for the tinhuy tests; they are not the outlets'
original pages (see seeds/README.md). This script packs them as one gzip WARC 1.1 file:
a ``warcinfo`` record saying so, then one ``response`` record per page, in the order of
urls.tsv.

The output is deterministic: WARC-Date, the HTTP Date header and every record id are
fixed or derived from the URL (uuid5), so re-running the script yields identical bytes.

Usage: .venv/bin/python scripts/build_seed_warc.py [--out PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "seeds" / "pages"
URLS_TSV = PAGES_DIR / "urls.tsv"
DEFAULT_OUT = ROOT / "seeds" / "pages.warc.gz"

# Fixed "capture" time for every record; chosen after the newest seed article.
CAPTURE_TIME = datetime(2025, 3, 20, 1, 0, 0, tzinfo=UTC)
WARCINFO_NAME = "urn:tinhuy:seeds/pages.warc.gz:warcinfo"
PUBLISHED_RE = re.compile(
    rb'<meta\s+property="article:published_time"\s+content="([^"]+)"', re.IGNORECASE
)


def record_id(name: str) -> str:
    """A stable record id: uuid5 of the target URL (or of WARCINFO_NAME)."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def read_urls(tsv: Path) -> list[tuple[str, Path]]:
    rows: list[tuple[str, Path]] = []
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        url, name = line.split("\t")
        rows.append((url.strip(), tsv.parent / name.strip()))
    return rows


def last_modified(body: bytes) -> datetime:
    """The page's article:published_time, or the capture time if it has none."""
    match = PUBLISHED_RE.search(body)
    if match is None:
        return CAPTURE_TIME
    return datetime.fromisoformat(match.group(1).decode("ascii"))


def build(rows: list[tuple[str, Path]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True, warc_version="1.1")
        info = (
            b"software: tinhuy scripts/build_seed_warc.py (warcio 1.8.1)\r\n"
            b"format: WARC File Format 1.1\r\n"
            b"conformsTo: https://iipc.github.io/warc-specifications/specifications/"
            b"warc-format/warc-1.1/\r\n"
            b"description: STAND-IN PAGES written for the tinhuy tests. They are NOT the "
            b"outlets' original pages and were never fetched from the web; each renders "
            b"in Vietnamese the meeting of one seed article in seeds/.\r\n"
            b"isPartOf: tinhuy seeds\r\n"
        )
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=io.BytesIO(info),
                length=len(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": record_id(WARCINFO_NAME),
                    "WARC-Date": warc_date(CAPTURE_TIME),
                    "WARC-Filename": out.name,
                },
            )
        )
        for url, path in rows:
            body = path.read_bytes()
            body.decode("utf-8")  # fail loudly on a non-UTF-8 page
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Date", http_date(CAPTURE_TIME)),
                    ("Last-Modified", http_date(last_modified(body))),
                    ("ETag", f'"{hashlib.sha1(body).hexdigest()}"'),
                ],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http_headers,
                    warc_headers_dict={
                        "WARC-Record-ID": record_id(url),
                        "WARC-Date": warc_date(CAPTURE_TIME),
                        "WARC-Warcinfo-ID": record_id(WARCINFO_NAME),
                    },
                )
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=Path, default=URLS_TSV, help="url<TAB>file list")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output .warc.gz")
    args = parser.parse_args()
    rows = read_urls(args.urls)
    build(rows, args.out)
    print(f"wrote {len(rows)} response records to {args.out}")


if __name__ == "__main__":
    main()
