from services.parser.meeting import dates
from services.parser.meeting.dates import MeetingDate


def test_vietnamese_morning_date_takes_the_published_year():
    text = "Sáng 19/3, tại Quảng Ninh, Chủ tịch nước chủ trì hội nghị."
    assert dates.extract_meeting_date(text, "vi", "2025-03-19T15:20:00+07:00") == MeetingDate(
        "2025-03-19", "day", "morning", 0
    )


def test_vietnamese_afternoon_date_with_its_own_year():
    text = "Chiều ngày 25/4/2024, Ban Thường vụ Tỉnh ủy họp."
    assert dates.extract_meeting_date(text, "vi", None).date == "2024-04-25"
    assert dates.extract_meeting_date(text, "vi", None).time_of_day == "afternoon"


def test_this_morning_is_the_articles_own_day():
    text = "Sáng nay (17/7), Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị lần thứ 25."
    found = dates.extract_meeting_date(text, "vi", "2024-07-17T11:20:00+07:00")
    assert (found.date, found.precision, found.time_of_day) == ("2024-07-17", "day", "morning")


def test_german_date_year_follows_from_the_years_the_text_names():
    text = (
        "Am Morgen des 19. März leitete Präsident Luong Cuong eine Konferenz.\n"
        "Das Wachstumsziel von 14 % für 2025 gilt bis 2030, mit einer Vision bis 2045."
    )
    assert dates.extract_meeting_date(text, "de", None) == MeetingDate(
        "2025-03-19", "day", "morning", 0
    )


def test_russian_greek_and_english_dates():
    ru = "Утром 17 марта рабочая группа провела рабочее заседание. Рост в 2025 году."
    el = "Το πρωί της 14ης Ιανουαρίου, η Επιτροπή πραγματοποίησε συνέδριο για το 2025."
    en = "On the morning of March 19, the delegation held a meeting on the 2025 plan."
    assert dates.extract_meeting_date(ru, "ru", None).date == "2025-03-17"
    assert dates.extract_meeting_date(el, "el", None).date == "2025-01-14"
    assert dates.extract_meeting_date(en, "en", None).date == "2025-03-19"


def test_document_dates_are_not_the_meeting_date():
    text = (
        "An der Konferenz nahmen Genosse Le Ngoc Chau teil.\n"
        "Er verbreitete die Richtlinie Nr. 35-CT/TW des Politbüros vom 14. Juni 2024."
    )
    assert dates.extract_meeting_date(text, "de", None) == MeetingDate()


def test_a_december_meeting_that_plans_next_year_belongs_to_the_earlier_year():
    text = "Το πρωί της 28ης Δεκεμβρίου, η Επιτροπή εξέτασε το 2024 και τα καθήκοντα για το 2025."
    assert dates.extract_meeting_date(text, "el", None).date == "2024-12-28"


def test_a_january_report_of_a_december_meeting_is_last_years():
    assert dates.infer_year("", "vi", 12, "2025-01-02T08:00:00+07:00") == 2024


def test_deadlines_and_ranges_are_not_named_years():
    text = "nhiệm kỳ 2020 - 2025, tầm nhìn đến năm 2045, kết quả năm 2024"
    assert dates.named_years(text, "vi") == {2024}


def test_find_dates_reads_greek_ordinals_and_vietnamese_numeric_dates():
    found = dates.find_dates("της 2ας Ιουνίου 2023", "el")
    assert [(d.day, d.month, d.year) for d in found] == [(2, 6, 2023)]
    found = dates.find_dates("ngày 14/6/2024 và 7/10 đơn vị", "vi")
    assert [(d.day, d.month, d.year) for d in found] == [(14, 6, 2024), (7, 10, None)]


def test_dashed_vietnamese_dates():
    text = "Sáng 19-3, Ban Thường vụ Tỉnh ủy họp cho ý kiến vào kế hoạch năm 2025."
    assert dates.extract_meeting_date(text, "vi", None).date == "2025-03-19"


def test_a_date_after_on_in_an_english_meeting_sentence():
    text = "The Standing Board met on March 19 to review the tasks of 2025."
    assert dates.extract_meeting_date(text, "en", None) == MeetingDate("2025-03-19", "day", None, 0)


def test_a_date_after_a_document_code_is_the_documents():
    text = "Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024."
    assert dates.extract_meeting_date(text, "vi", None) == MeetingDate()


def test_a_dated_lead_wins_over_a_later_anchored_event():
    text = (
        "Ngày 14/1, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị tổng kết năm 2024.\n"
        "Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị.\n"
        "Phát biểu tại hội nghị, đồng chí nhấn mạnh nhiệm vụ năm 2025.\n"
        "Các đại biểu thảo luận.\n"
        "Chiều cùng ngày (15/1), đoàn đã thăm một số doanh nghiệp."
    )
    assert dates.extract_meeting_date(text, "vi", None) == MeetingDate("2025-01-14", "day", None, 0)
