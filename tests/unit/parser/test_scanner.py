import re

import pytest

from services.parser.meeting import scanner

CASES = [
    # A leading lookbehind rejects "xnghị quyết 5" and the scan goes on inside it.
    (r"(?<!\w)(?:nghị quyết|quyết)\s+\d+", re.IGNORECASE, "xnghị quyết 5, Quyết 7 và NGHỊ QUYẾT 9"),
    (
        r"\b(?:plan\w*|resolution)\s+(?P<num>\d+)",
        re.IGNORECASE,
        "Resolution 57 and Plans 12, aplan 3",
    ),
    (
        r"(?<![\w/])(?P<num>\d\d{0,4})-NQ/TW(?![\w/])",
        0,
        "57-NQ/TW, a57-NQ/TW, 1/2-NQ/TW, 18-NQ/TWx",
    ),
    (
        r"(?:\bfoo\b)|(?:(?<!ban )kiểm tra(?! tỉnh))",
        re.IGNORECASE,
        "ban kiểm tra, Kiểm tra tỉnh, foo",
    ),
]


@pytest.mark.parametrize(("source", "flags", "text"), CASES)
def test_scan_finds_exactly_what_finditer_finds(source, flags, text):
    rx = re.compile(source, flags)
    expected = [(m.span(), m.groups()) for m in rx.finditer(text)]
    assert expected  # every case has matches to compare
    assert [(m.span(), m.groups()) for m in scanner.scan(rx, text)] == expected
    if flags & re.IGNORECASE:
        assert [(m.span(), m.groups()) for m in scanner.finditer(rx, text)] == expected


def test_scanner_drops_the_boundary_tests_that_open_alternatives():
    rx = re.compile(r"(?:\bFoo\b)|(?:(?<!ban )Kiểm)|(?P<n>(?<![\w/])\d)", re.IGNORECASE)
    assert scanner.loose_folded(rx).pattern == r"(?:foo\b)|(?:kiểm)|(?P<n>\d)"
