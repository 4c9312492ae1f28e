from services.parser.meeting import identity
from shared.contracts import Province

QUANG_NINH = Province(code="VN-13", name="Quảng Ninh", name_ascii="Quang Ninh")


def test_record_id_is_stable_and_depends_on_url_and_text():
    first = identity.record_id("https://a.vn/x", "text")
    assert first == identity.record_id("https://a.vn/x", "text")
    assert len(first) == 16
    assert first != identity.record_id(None, "text")


def test_meeting_id_needs_province_day_and_body():
    assert (
        identity.meeting_id(QUANG_NINH, "2025-03-19", "day", "standing_committee")
        == "VN-13-2025-03-19-standing_committee"
    )
    assert identity.meeting_id(QUANG_NINH, None, None, "standing_committee") is None
    assert identity.meeting_id(None, "2025-03-19", "day", "other") is None
