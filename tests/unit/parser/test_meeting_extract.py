from services.parser import PARSER_VERSION
from services.parser.article import from_text
from services.parser.meeting.extract import NoMeeting, extract_meeting

LEAD = (
    "Sáng 19/3, tại Quảng Ninh, Chủ tịch nước Lương Cường, Trưởng Đoàn kiểm tra 1907 "
    "của Bộ Chính trị chủ trì hội nghị thông qua dự thảo báo cáo kết quả kiểm tra "
    "đối với Ban Thường vụ Tỉnh ủy Quảng Ninh.\n"
    "Cùng dự có các đồng chí: Vũ Đại Thắng, Bí thư Tỉnh ủy Quảng Ninh; lãnh đạo các sở, ngành.\n"
    "Tỉnh đã điều chỉnh mục tiêu tăng trưởng kinh tế năm 2025 lên trên 14%, thực hiện Kết luận 123."
)


def test_vietnamese_inspection_meeting_record():
    article = from_text(
        LEAD, "https://daidoanket.vn/x.html", published_at="2025-03-19T15:20:00+07:00"
    )
    record = extract_meeting(article)
    assert not isinstance(record, NoMeeting)
    assert record.province is not None and record.province.code == "VN-13"
    assert (record.date, record.date_precision, record.time_of_day) == (
        "2025-03-19",
        "day",
        "morning",
    )
    assert (record.body, record.purpose) == ("standing_committee", "inspection")
    assert record.meeting_id == "VN-13-2025-03-19-standing_committee"
    assert record.delegation is not None
    assert (record.delegation.issuer, record.delegation.number) == ("Politburo", "1907")
    assert record.delegation.head is not None and record.delegation.head.name == "Lương Cường"
    assert [p.name for p in record.chairs] == ["Lương Cường"]
    assert [p.name_ascii for p in record.participants] == ["Luong Cuong", "Vu Dai Thang"]
    assert [(d.type, d.number) for d in record.documents] == [("conclusion", "123")]
    assert [(q.metric, q.value, q.year) for q in record.targets] == [
        ("economic_growth", 14.0, 2025)
    ]
    assert record.extraction.parser_version == PARSER_VERSION


def test_a_news_item_without_a_meeting_is_no_meeting():
    article = from_text(
        "Giá lúa tại Đồng bằng sông Cửu Long tăng nhẹ trong tuần qua.\n"
        "Nông dân phấn khởi vì được mùa, được giá.",
        "https://baocantho.vn/gia-lua.html",
    )
    assert extract_meeting(article) == NoMeeting(
        "the article reports no meeting (no meeting word or verb in its title or lead)"
    )


def test_the_outlet_gives_the_province_when_the_text_names_none():
    article = from_text(
        "Sáng 5/3, Ban Thường vụ Tỉnh ủy họp cho ý kiến vào dự thảo đề án năm 2025.",
        "https://baohagiang.vn/thoi-su/x.html",
    )
    record = extract_meeting(article)
    assert not isinstance(record, NoMeeting)
    assert record.province is not None and record.province.name_ascii == "Ha Giang"
    assert record.date == "2025-03-05"


def test_an_index_page_of_teasers_is_no_meeting():
    article = from_text(
        "Ban Thường vụ Tỉnh ủy họp cho ý kiến nhiều nội dung quan trọng\n"
        "Sáng 12/3, Ban Thường vụ Tỉnh ủy họp phiên thường kỳ.\n"
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20\n"
        "Chiều 10/3, Tỉnh ủy tổ chức hội nghị.\n"
        "Giá lúa tăng\n",
        "https://baohagiang.vn/thoi-su-chinh-tri/",
    )
    assert extract_meeting(article) == NoMeeting(
        "the page lists several articles (an index or search page)"
    )


def test_a_short_report_of_short_sentences_is_not_a_listing():
    article = from_text(
        "Sáng 19/3, Ban Thường vụ Tỉnh ủy Hà Giang họp phiên thường kỳ.\n"
        "Đồng chí Nguyễn Mạnh Dũng, Bí thư Tỉnh ủy chủ trì hội nghị.\n"
        "Hội nghị cho ý kiến về nhiều nội dung quan trọng.\n"
        "Dự họp có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy.\n",
        "https://baohagiang.vn/thoi-su-chinh-tri/hop-ban-thuong-vu.html",
    )
    assert extract_meeting(article).body == "standing_committee"  # type: ignore[union-attr]
