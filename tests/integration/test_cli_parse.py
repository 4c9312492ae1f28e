"""`tinhuy parse FILE` as a process: bad input prints {"meeting": null, "reason": …} and exits 0;
an unreadable path is an error on stderr and a non-zero exit. (Files and a child process, no
network: the command's contract is its exit code and its bytes.)"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ROOT = Path(__file__).resolve().parents[2]
TINHUY = ROOT / ".venv" / "bin" / "tinhuy"
DEADLINE = 60  # seconds


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    command = [str(TINHUY)] if TINHUY.exists() else [sys.executable, "-m", "tinhuy.cli"]
    return subprocess.run(
        [*command, "parse", *args], capture_output=True, timeout=DEADLINE, cwd=ROOT, check=False
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty input"),
        (PNG, "binary content, not text"),
        (
            b"<html><body><ul><li><a href='/a'>Tin 1</a></li><li><a href='/b'>Tin 2</a></li>"
            b"</ul></body></html>",
            "no article text on the page",
        ),
    ],
    ids=["empty", "binary", "index"],
)
def test_bad_input_prints_a_null_meeting_with_its_reason_and_exits_0(tmp_path, content, reason):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    done = _run(str(path))
    assert (done.returncode, done.stderr) == (0, b"")
    assert json.loads(done.stdout) == {"meeting": None, "reason": reason}


def test_a_page_prints_its_meeting_record(tmp_path):
    done = _run("seeds/pages/baohagiang.vn.html", "--url", "https://baohagiang.vn/a/")
    assert done.returncode == 0
    record = json.loads(done.stdout)
    assert (record["province"]["name_ascii"], record["date"]) == ("Ha Giang", "2025-03-17")


def test_a_missing_file_is_an_error_on_stderr(tmp_path):
    missing = tmp_path / "nothing-here.html"
    done = _run(str(missing))
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        f"tinhuy parse: cannot read {missing}: No such file or directory\n"
    )


def test_a_directory_is_an_error_on_stderr(tmp_path):
    done = _run(str(tmp_path))
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == f"tinhuy parse: cannot read {tmp_path}: Is a directory\n"
