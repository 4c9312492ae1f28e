from services.parser.meeting.documents import extract_documents
from shared.contracts import Document


def test_german_list_of_conclusions_and_a_coded_program():
    text = (
        "In Bezug auf die Umsetzung der Resolution 18, Schlussfolgerungen 121, 126 und 127, "
        "hat die Provinz das Aktionsprogramm Nr. 46-CTr/TU zur Umsetzung der Resolution 57 "
        "herausgegeben."
    )
    assert [(d.type, d.number, d.code) for d in extract_documents(text, "de")] == [
        ("resolution", "18", None),
        ("conclusion", "121", None),
        ("conclusion", "126", None),
        ("conclusion", "127", None),
        ("program", "46", "46-CTr/TU"),
        ("resolution", "57", None),
    ]


def test_code_abbreviation_decides_the_type_and_suffix_the_issuer():
    text = "die Anweisung Nr. 27-HD/BTCTW vom 26. August 2024 zur Anleitung"
    assert extract_documents(text, "de") == [
        Document(
            type="guidance",
            number="27",
            code="27-HD/BTCTW",
            issuer="Central Organization Commission",
            date="2024-08-26",
        )
    ]


def test_bare_and_numbered_mentions_merge():
    text = (
        "Thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị và Kết luận số 118-KL/TW "
        "điều chỉnh Chỉ thị 35."
    )
    assert extract_documents(text, "vi") == [
        Document(type="directive", number="35", code="35-CT/TW", issuer="Politburo"),
        Document(type="conclusion", number="118", code="118-KL/TW", issuer="Central Committee"),
    ]


def test_russian_issuer_between_type_and_number():
    text = "ряд положений Директивы Политбюро № 35 и Постановления № 18-NQ/TW"
    assert [(d.type, d.number) for d in extract_documents(text, "ru")] == [
        ("directive", "35"),
        ("resolution", "18"),
    ]


def test_greek_official_dispatch_with_its_date():
    text = "της Επίσημης Αποστολής Αρ. 3634-CV/TU με ημερομηνία 24 Δεκεμβρίου 2024 της Επαρχιακής"
    assert extract_documents(text, "el") == [
        Document(
            type="official_dispatch",
            number="3634",
            code="3634-CV/TU",
            issuer="Provincial Party Committee",
            date="2024-12-24",
        )
    ]


def test_years_percentages_and_congress_numbers_are_no_documents():
    text = (
        "der Resolution des 17. Kongresses, das Wachstumsziel 2025 von 14 % und der "
        "14. Nationale Parteikongress; Sturm Nr. 3; Plan 2025"
    )
    assert extract_documents(text, "de") == []


def test_state_decision_code_with_slash_first():
    text = "theo Quyết định số 1234/QĐ-UBND của UBND tỉnh"
    assert [(d.type, d.number, d.code) for d in extract_documents(text, "vi")] == [
        ("decision", "1234", "1234/QĐ-UBND")
    ]
