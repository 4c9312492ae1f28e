from services.parser.meeting.delegation import extract_delegation
from shared.contracts import Delegation, Person

HEAD = Person(
    name_ascii="Le Minh Hung", as_written="Ле Минь Хунгом", roles=["Member of the Politburo"]
)


def test_russian_numbered_working_group_and_its_head():
    text = (
        "Утром 17 марта рабочая группа № 1920 Политбюро во главе с товарищем Ле Минь Хунгом, членом"
    )
    assert extract_delegation(text, "ru", [HEAD]) == Delegation(
        issuer="Politburo", number="1920", head=HEAD
    )


def test_head_by_role():
    head = Person(
        name_ascii="Luong Cuong",
        as_written="Luong Cuong",
        roles=["President", "Head of the Delegation"],
    )
    text = "Präsident Luong Cuong, Leiter der Inspektionsdelegation 1907 des Politbüros, leitete"
    assert extract_delegation(text, "de", [head]) == Delegation(
        issuer="Politburo", number="1907", head=head
    )


def test_a_provincial_delegation_is_no_visitor():
    text = "Führer des Volksrats, der Delegation der Nationalversammlung der Provinz"
    assert extract_delegation(text, "de", []) is None


def test_vietnamese_delegation_without_a_number():
    text = "Đoàn kiểm tra của Ban Bí thư làm việc với Ban Thường vụ Tỉnh ủy."
    assert extract_delegation(text, "vi", []) == Delegation(
        issuer="Secretariat", number=None, head=None
    )
