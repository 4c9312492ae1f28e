"""Bad input gives `Parsed(record=None, reason=…)`, never an exception; huge input is capped."""

import gzip
from pathlib import Path

import pytest

from services.parser import parse as parse_module
from services.parser.parse import MAX_INPUT_BYTES, parse

ROOT = Path(__file__).resolve().parents[3]
PAGE = (ROOT / "seeds" / "pages" / "baohagiang.vn.html").read_text("utf-8")
LISTING = "the page lists several articles (an index or search page)"
TEASER = (
    "Sáng 12/3, Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị quán triệt Nghị quyết số "
    "57-NQ/TW của Bộ Chính trị. Đồng chí Nguyễn Đức Trung, Bí thư Tỉnh ủy chủ trì hội nghị."
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty input"),
        (b" \r\n\t ", "empty input"),
        ("\ufeff".encode(), "empty input"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
            "binary content, not text",
        ),
        (gzip.compress(PAGE.encode()), "binary content, not text"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 40, "binary content, not text"),
        (b"\x01\x02\x03\x04 text" * 100, "binary content, not text"),
    ],
    ids=["empty", "blank", "bom-only", "png", "gzip", "pdf", "control-characters"],
)
def test_empty_or_binary_input_gives_its_reason(data, reason):
    parsed = parse(data)
    assert (parsed.record, parsed.reason) == (None, reason)


def test_a_page_truncated_inside_its_head_has_no_article_text():
    parsed = parse(PAGE[:1500].encode(), url="https://baohagiang.vn/a/")
    assert (parsed.record, parsed.reason) == (None, "no article text on the page")


def test_a_page_truncated_inside_its_body_still_gives_the_meeting():
    cut = PAGE.index("Tại buổi làm việc, Thư ký")
    parsed = parse(PAGE[:cut].encode()[:-7], url="https://baohagiang.vn/a/")
    assert parsed.reason is None and parsed.record is not None
    assert (parsed.record.province.name_ascii, parsed.record.date) == ("Ha Giang", "2025-03-17")
    assert parsed.record.extraction.warnings == []


def test_a_truncated_utf8_character_at_the_end_is_dropped_not_fatal():
    data = PAGE.encode()
    cut = data.index("Hầu".encode()) + 2  # inside "ầ"
    parsed = parse(data[:cut], url="https://baohagiang.vn/a/")
    assert parsed.reason is None and parsed.record is not None
    assert parsed.record.date == "2025-03-17"


def test_huge_input_is_cut_to_the_cap_and_the_record_says_so():
    paragraph = (
        "<p>Các cấp ủy cần tập trung lãnh đạo, chỉ đạo thực hiện tốt nhiệm vụ phát triển kinh "
        "tế - xã hội năm 2025.</p>\n"
    )
    at = PAGE.index("Kết luận buổi làm việc")
    page = PAGE[:at] + paragraph * (20_000_000 // len(paragraph.encode())) + PAGE[at:]
    data = page.encode()
    parsed = parse(data, url="https://baohagiang.vn/a/")
    assert parsed.record is not None
    assert parsed.record.province.name_ascii == "Ha Giang"
    assert parsed.record.extraction.warnings == [
        f"input truncated to its first {MAX_INPUT_BYTES} of {len(data)} bytes"
    ]


def test_huge_binary_input_is_refused_after_the_cap():
    parsed = parse(b"\x00\xff" * (MAX_INPUT_BYTES * 5))
    assert (parsed.record, parsed.reason) == (None, "binary content, not text")


def test_an_index_page_of_linked_headlines_has_no_article_text():
    items = "".join(
        f"<li><a href='/tin-{i}.html'>Ban Thường vụ Tỉnh ủy Quảng Ninh họp phiên {i}</a></li>"
        for i in range(40)
    )
    html = f"<html><head><title>Chính trị</title></head><body><ul>{items}</ul></body></html>"
    parsed = parse(html.encode(), url="https://baoquangninh.vn/chinh-tri/")
    assert (parsed.record, parsed.reason) == (None, "no article text on the page")


def test_an_index_page_of_teasers_is_a_listing():
    stories = "".join(
        f"<article class='story'><h2><a href='/a{i}'>Ban Thường vụ Tỉnh ủy họp phiên {i}</a>"
        f"</h2><p class='sapo'>{TEASER}</p></article>"
        for i in range(12)
    )
    html = f"<html><body><main><h1>Chính trị</h1>{stories}</main></body></html>"
    parsed = parse(html.encode(), url="https://baonghean.vn/chinh-tri/")
    assert (parsed.record, parsed.reason) == (None, LISTING)


def test_a_search_results_page_is_a_listing():
    results = "".join(
        f"<div class='result'><h3><a href='/a{i}'>Hội nghị Tỉnh ủy lần thứ {i}</a></h3>"
        f"<p>{TEASER}</p><span>12/03/2025</span></div>"
        for i in range(20)
    )
    html = (
        "<html><head><title>Kết quả tìm kiếm</title></head><body><main>"
        "<h1>Kết quả tìm kiếm: tỉnh ủy</h1><p>Tìm thấy 120 kết quả</p>"
        f"{results}</main></body></html>"
    )
    parsed = parse(html.encode(), url="https://baonghean.vn/tim-kiem?q=tinh+uy")
    assert (parsed.record, parsed.reason) == (None, LISTING)


def test_an_article_that_reports_no_meeting_says_so():
    html = (
        "<html lang='vi'><body><article><h1>Du lịch Hà Giang mùa hoa tam giác mạch</h1>"
        "<p>Những ngày cuối thu, cao nguyên đá Đồng Văn rực rỡ sắc hoa tam giác mạch, thu hút "
        "hàng nghìn du khách trong và ngoài nước đến tham quan, chụp ảnh.</p>"
        "<p>Nhiều homestay của đồng bào Mông đã kín phòng đến hết tháng 11.</p>"
        "</article></body></html>"
    )
    parsed = parse(html.encode(), url="https://baohagiang.vn/du-lich/a.html")
    assert (parsed.record, parsed.reason) == (
        None,
        "the article reports no meeting (no meeting word or verb in its title or lead)",
    )


@pytest.mark.parametrize("controls", [0, 81, 82, 83, 200])
@pytest.mark.parametrize("filler", ["a", "ệ", "😀"])
def test_control_characters_are_counted_the_same_from_the_bytes_as_from_the_text(controls, filler):
    """The limit is 1 % of the first 8,192 characters (81.92): the byte count decides
    only below it, the text itself otherwise, whatever the width of the other characters."""
    text = "\x01" * controls + filler * 8192 + "\x02" * 100
    expected = len(parse_module.CONTROL.findall(text[:8192])) > 0.01 * 8192
    assert parse_module._is_binary(text, text.encode()) is expected
    assert parse_module._is_binary(text) is expected
