from services.parser.meeting import names, roles
from services.parser.meeting.people import extract_people
from shared.contracts import Person


def test_names_in_german_text_skip_capitalised_nouns():
    text = (
        "Am Morgen leitete Präsident Luong Cuong, Leiter der Inspektionsdelegation, eine Konferenz."
    )
    assert [(h.name_ascii, h.as_written, h.name) for h in names.find_names(text, "de")] == [
        ("Luong Cuong", "Luong Cuong", None)
    ]


def test_vietnamese_names_keep_diacritics_and_tell_titles_from_surnames():
    text = "Trưởng Ban Tổ chức Trung ương Lê Minh Hưng và Bí thư Tỉnh ủy Hầu A Lềnh phát biểu."
    assert [(h.name_ascii, h.name) for h in names.find_names(text, "vi")] == [
        ("Le Minh Hung", "Lê Minh Hưng"),
        ("Hau A Lenh", "Hầu A Lềnh"),
    ]


def test_declined_russian_and_greek_names_are_read_back():
    ru = names.find_names("во главе с товарищем Ле Минь Хунгом, членом Политбюро", "ru")
    el = names.find_names("ο Γραμματέας, Νγκουγιέν Βαν Γκάου, τόνισε", "el")
    assert [(h.name_ascii, h.as_written) for h in ru] == [("Le Minh Hung", "Ле Минь Хунгом")]
    assert [h.name_ascii for h in el] == ["Nguyen Van Gau"]


def test_place_names_are_no_people():
    assert names.find_names("tại Hồ Chí Minh và Hạ Long", "vi") == []


def test_roles_after_a_name_and_before_it():
    text = (
        "Hầu A Lềnh, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy; "
        "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Phan Huy Ngọc"
    )
    assert roles.roles_after(text, text.index(","), len(text), "vi") == [
        "Member of the Party Central Committee",
        "Secretary of the Provincial Party Committee",
    ]
    assert roles.roles_before(text, text.index("Phan"), 0, "vi") == [
        "Deputy Secretary of the Provincial Party Committee",
        "Chairman of the Provincial People's Committee",
    ]


def test_chair_participants_and_cited_leader():
    text = (
        "An der Konferenz nahmen Genosse Le Ngoc Chau, stellvertretender Sekretär des "
        "Provinzparteikomitees, teil.\n"
        "Zum Abschluss der Konferenz würdigte der Parteisekretär der Provinz die Vorbereitung.\n"
        "Der Provinzparteisekretär forderte, die Anweisungen von Generalsekretär To Lam "
        "zu verstehen.\n"
        "Angesichts der Arbeitsbelastung forderte Provinzparteisekretär Tran Duc Thang "
        "die Komitees auf."
    )
    cast = extract_people(text, "de")
    assert [p.name_ascii for p in cast.chairs] == ["Tran Duc Thang"]
    assert [p.name_ascii for p in cast.participants] == ["Le Ngoc Chau", "Tran Duc Thang"]
    assert cast.mentioned == [
        Person(name_ascii="To Lam", name=None, as_written="To Lam", roles=["General Secretary"])
    ]


def test_greek_chairs_listed_before_the_verb():
    text = (
        "Σύντροφοι: Nguyen Van Gau - Γραμματέας της Επαρχιακής Επιτροπής του Κόμματος· "
        "Nguyen Thi Huong - Μόνιμη Αναπληρώτρια Γραμματέας της Επαρχιακής Επιτροπής του Κόμματος, "
        "προήδρευσαν του συνεδρίου."
    )
    cast = extract_people(text, "el")
    assert [(p.name_ascii, p.roles) for p in cast.chairs] == [
        ("Nguyen Van Gau", ["Secretary of the Provincial Party Committee"]),
        ("Nguyen Thi Huong", ["Standing Deputy Secretary of the Provincial Party Committee"]),
    ]


def test_bylines_are_mentioned_reporters():
    cast = extract_people("Sáng 17/3, hội nghị diễn ra.", "ru", ("ВАН НГХИ",))
    assert cast.mentioned == [
        Person(name_ascii="Van Nghi", name=None, as_written="ВАН НГХИ", roles=["Reporter"])
    ]
