import pytest

from services.parser.translit import fold, render_syllable, to_latin_vietnamese

# Every Cyrillic and Greek name in the seeds, against the gold names (seeds.jsonl).
SEED_NAMES = [
    ("Ле Минь Хунг", "ru", "Le Minh Hung"),
    ("Ле Минь Хунгом", "ru", "Le Minh Hung"),
    ("Хау А Лен", "ru", "Hau A Len"),
    ("Тхао Хонг Сон", "ru", "Thao Hong Son"),
    ("Фан Хюй Нгок", "ru", "Phan Huy Ngoc"),
    ("Фан Хюи Нгок", "ru", "Phan Huy Ngoc"),
    ("Нгуен Куанг Зыонг", "ru", "Nguyen Quang Duong"),
    ("Чан Куанг Минь", "ru", "Tran Quang Minh"),
    ("ВАН НГХИ", "ru", "Van Nghi"),
    ("Νγκουγιέν Βαν Γκάου", "el", "Nguyen Van Gau"),
    ("Νγκουγιέν Βιέτ Οάν", "el", "Nguyen Viet Oanh"),
    ("Ντουόνγκ Θουί", "el", "Duong Thuy"),
    ("Τραν Κιέμ", "el", "Tran Kiem"),
]

RUSSIAN = [
    ("Нгуен Фу Чонг", "Nguyen Phu Trong"),
    ("Фам Минь Тинь", "Pham Minh Chinh"),
    ("Во Ван Тхыонг", "Vo Van Thuong"),
    ("Выонг Динь Хюэ", "Vuong Dinh Hue"),
    ("Нгуен Суан Фук", "Nguyen Xuan Phuc"),
    ("Чыонг Тхи Май", "Truong Thi Mai"),
    ("То Лам", "To Lam"),
    ("Лыонг Кыонг", "Luong Cuong"),
    ("Чан Тхань Ман", "Tran Thanh Man"),
    ("Буй Тхань Шон", "Bui Thanh Son"),
    ("Фан Ван Зянг", "Phan Van Giang"),
    ("Нгуен Тхи Ким Нган", "Nguyen Thi Kim Ngan"),
    ("Хоанг Чунг Хай", "Hoang Trung Hai"),
    ("Динь Тиен Зунг", "Dinh Tien Dung"),
    ("Нонг Дык Мань", "Nong Duc Manh"),
    ("Нгуен Тхи Тхюи", "Nguyen Thi Thuy"),
]

GREEK = [
    ("Το Λαμ", "To Lam"),
    ("Φαμ Μινχ Τσινχ", "Pham Minh Chinh"),
    ("Λουόνγκ Κουόνγκ", "Luong Cuong"),
    ("Νγκουγιέν Φου Τρονγκ", "Nguyen Phu Trong"),
    ("Βο Βαν Θουόνγκ", "Vo Van Thuong"),
    ("Τρουόνγκ Θι Μάι", "Truong Thi Mai"),
    ("Νγκουγιέν Ξουάν Φουκ", "Nguyen Xuan Phuc"),
    ("Λε Χονγκ Ανχ", "Le Hong Anh"),
    ("Μπούι Θαν Σον", "Bui Thanh Son"),
    ("Βουόνγκ Ντινχ Χουέ", "Vuong Dinh Hue"),
    ("Τραν Νταϊ Κουάνγκ", "Tran Dai Quang"),
    ("Νγκουγιέν Θι Χουόνγκ", "Nguyen Thi Huong"),
    ("Τσαν Κιέμ", "Tran Kiem"),
    ("ΝΓΚΟΥΓΙΈΝ ΒΑΝ ΓΚΆΟΥ", "Nguyen Van Gau"),
]


@pytest.mark.parametrize(("written", "lang", "expected"), SEED_NAMES)
def test_seed_names_read_back_as_their_gold_names(written, lang, expected):
    assert to_latin_vietnamese(written, lang) == expected


@pytest.mark.parametrize(("written", "expected"), RUSSIAN)
def test_russian_renderings_of_common_names_read_back(written, expected):
    assert to_latin_vietnamese(written, "ru") == expected


@pytest.mark.parametrize(("written", "expected"), GREEK)
def test_greek_renderings_of_common_names_read_back(written, expected):
    assert to_latin_vietnamese(written, "el") == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Ле Минь Хунга", "Le Minh Hung"),
        ("Хау А Лена", "Hau A Len"),
        ("Чан Куанг Миню", "Tran Quang Minh"),
        ("Нгуен Фу Чонгом", "Nguyen Phu Trong"),
        ("Хоа", "Hoa"),
        ("Хау", "Hau"),
    ],
)
def test_russian_case_endings_are_stripped_only_from_known_stems(written, expected):
    assert to_latin_vietnamese(written, "ru") == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Хазянг", "Ha Giang"),
        ("Хазянге", "Ha Giang"),
        ("Ха Зян", "Ha Giang"),
        ("Туенкуанг", "Tuyen Quang"),
        ("Тханьтхуй", "Thanh Thuy"),
        ("Куангниня", "Quang Ninh"),
        ("Хошимин", "Ho Chi Minh"),
    ],
)
def test_fused_russian_place_names_split_into_syllables(written, expected):
    assert to_latin_vietnamese(written, "ru") == expected


def test_latin_input_is_returned_unchanged():
    assert to_latin_vietnamese("Nguyễn Văn Gấu", "el") == "Nguyễn Văn Gấu"


def test_script_wins_over_a_wrong_language_tag():
    assert to_latin_vietnamese("Τραν Κιέμ", "ru") == "Tran Kiem"


def test_unreadable_word_falls_back_to_unidecode():
    assert to_latin_vietnamese("Москва", "ru").isascii()


def test_renderings_follow_the_russian_and_greek_conventions():
    assert render_syllable("Giang", "ru")[0] == "зянг"
    assert render_syllable("Dương", "ru")[0] == "зыонг"
    assert render_syllable("Nguyễn", "el")[0] == "νγκουγιεν"
    assert render_syllable("Quảng", "el")[0] == "κουανγκ"


def test_fold_strips_diacritics_and_d_bar_and_spaces():
    assert fold("  Đắk   Lắk ") == "dak lak"
    assert fold("Lê Minh Hưng") == "le minh hung"


def test_the_russian_and_greek_tables_are_language_data():
    from services.parser import language, translit

    assert sorted(translit.tables()) == ["el", "ru"]
    assert "transliteration" in language.profiles()["ru"]
    assert translit.script_of("Хазянг") == "ru"
    assert translit.script_of("Хазянг", "uk") == "ru"  # Ukrainian is read with the Russian table
    assert translit.script_of("Μπακ Τζιανγκ") == "el"
    assert translit.script_of("Bac Giang") is None


def test_a_language_added_as_data_renders_and_reads_names(monkeypatch):
    from services.parser import translit

    raw = {
        "script": "[\\u0400-\\u04ff]",
        "onsets": {"": [""], "l": ["л"], "m": ["м"], "h": ["х"], "ng": ["нг"]},
        "vowels": {"e": ["е"], "i": ["и"], "u": ["у"]},
        "codas": {"": [""], "nh": ["нь"], "ng": ["нг"]},
        "case_endings": ["а"],
        "exonyms": {"ханой": "Ha Noi"},
    }
    made_up = {"xx": translit._table_of("xx", raw)}
    monkeypatch.setattr(translit, "tables", lambda: made_up)
    assert render_syllable("Minh", "xx") == ("минь",)
    assert to_latin_vietnamese("Ле Минь Хунга", "xx") == "Le Minh Hung"
    assert to_latin_vietnamese("Ханой", "xx") == "Ha Noi"
