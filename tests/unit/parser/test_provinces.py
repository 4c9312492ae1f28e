from collections import Counter
from pathlib import Path

import pytest

from services.parser.meeting.gazetteer import (
    all_provinces,
    by_code,
    by_name,
    pre_merger_provinces,
    predecessors,
    province_for_outlet,
    units_2025,
)
from services.parser.meeting.provinces import find_provinces

SEEDS = Path(__file__).resolve().parents[3] / "seeds"

ISO_CODES = (
    [f"VN-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 9, 13, 14, 18)]
    + [f"VN-{n}" for n in [*range(20, 38), 39, 40, 41, *range(43, 48), *range(49, 60), 61, 63]]
    + [f"VN-{n}" for n in range(66, 74)]
    + ["VN-CT", "VN-DN", "VN-HN", "VN-HP", "VN-SG"]
)


def codes_and_aliases(text: str, lang: str) -> Counter[tuple[str, str]]:
    return Counter((hit.province.code, hit.alias) for hit in find_provinces(text, lang))


@pytest.mark.parametrize(
    ("seed", "lang", "expected"),
    [
        ("000_67c174f4a274d58e.txt", "de", {("VN-13", "Quang Ninh"): 19}),
        (
            "001_4cd7b3aea3d82d61.txt",
            "ru",
            {("VN-03", "Хазянг"): 5, ("VN-03", "Ха Зян"): 1, ("VN-07", "Туенкуанг"): 1},
        ),
        ("002_3249dede8c6fd173.txt", "de", {("VN-61", "Hai Duong"): 2}),
        ("003_0c16555e78fdfe28.txt", "de", {("VN-22", "Nghe An"): 1}),
        ("004_ecdd89f01d7cf933.txt", "el", {("VN-54", "Bac Giang"): 2}),
    ],
)
def test_every_seed_names_its_province(seed, lang, expected):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert codes_and_aliases(text, lang) == Counter(expected)


def test_hits_point_at_the_alias_in_the_text():
    text = "Am Morgen in Quang Ninh; в провинции Хазянге"
    hits = find_provinces(text, "de")
    assert [(text[h.start : h.end], h.alias) for h in hits] == [
        ("Quang Ninh", "Quang Ninh"),
        ("Хазянге", "Хазянге"),
    ]


def test_gazetteer_holds_63_old_and_34_new_units():
    assert len(pre_merger_provinces()) == 63
    assert len(units_2025()) == 34
    assert len(all_provinces()) == 63 + 23
    assert sum(p.successor is None for p in pre_merger_provinces()) == 11


def test_every_iso_code_of_the_63_is_present():
    assert len(ISO_CODES) == 63
    assert sorted(p.code for p in pre_merger_provinces()) == sorted(ISO_CODES)
    assert by_code("VN-13").name == "Quảng Ninh"
    assert by_code("VN-03").name == "Hà Giang"
    assert by_code("VN-61").name == "Hải Dương"
    assert by_code("VN-22").name == "Nghệ An"
    assert by_code("VN-54").name == "Bắc Giang"
    assert by_code("vn-sg").name_ascii == "Ho Chi Minh"


@pytest.mark.parametrize(
    ("old", "new", "new_name"),
    [
        ("VN-03", "VN-07", "Tuyên Quang"),
        ("VN-07", "VN-07", "Tuyên Quang"),
        ("VN-61", "VN-HP", "Hải Phòng"),
        ("VN-54", "VN-56", "Bắc Ninh"),
        ("VN-14", "VN-68", "Phú Thọ"),
        ("VN-43", "VN-SG", "Hồ Chí Minh"),
        ("VN-46", "VN-45", "Đồng Tháp"),
    ],
)
def test_merged_provinces_name_their_successor(old, new, new_name):
    successor = by_code(old).successor
    assert (successor.code, successor.name) == (new, new_name)


def test_unchanged_provinces_have_no_successor():
    unchanged = {p.code for p in pre_merger_provinces() if p.successor is None}
    assert unchanged == {
        "VN-01", "VN-04", "VN-05", "VN-09", "VN-13", "VN-21", "VN-22", "VN-23", "VN-26",
        "VN-71", "VN-HN",
    }  # fmt: skip


def test_lineage_runs_both_ways():
    assert [p.code for p in predecessors("VN-07")] == ["VN-07", "VN-03"]
    assert [p.code for p in predecessors("VN-18")] == ["VN-18", "VN-63", "VN-67"]
    assert [p.code for p in predecessors("VN-13")] == ["VN-13"]
    for unit in units_2025():
        for old in predecessors(unit.code):
            assert (old.successor.code if old.successor else old.code) == unit.code
    assert sorted(p.code for u in units_2025() for p in predecessors(u.code)) == sorted(ISO_CODES)


@pytest.mark.parametrize(
    ("outlet", "code"),
    [
        ("baohagiang.vn", "VN-03"),
        ("baohaiduong.vn", "VN-61"),
        ("bacgiang.gov.vn", "VN-54"),
        ("baobacgiang.com.vn", "VN-54"),
        ("baoquangninh.vn", "VN-13"),
        ("baonghean.vn", "VN-22"),
        ("hagiang.dcs.vn", "VN-03"),
        ("tinhuyhagiang.dcs.vn", "VN-03"),
        ("https://sotttt.bacgiang.gov.vn/tin", "VN-54"),
        ("baobariavungtau.com.vn", "VN-43"),
        ("hanoimoi.vn", "VN-HN"),
        ("sggp.org.vn", "VN-SG"),
        ("daidoanket.vn", None),
        ("nhandan.vn", None),
        ("vnexpress.net", None),
        ("example.com", None),
        (None, None),
    ],
)
def test_outlets_map_to_their_province(outlet, code):
    province = province_for_outlet(outlet)
    assert (province.code if province else None) == code


@pytest.mark.parametrize(
    ("text", "code", "alias"),
    [
        ("в провинции Куангниня", "VN-13", "Куангниня"),
        ("делегация Нгеан", "VN-22", "Нгеан"),
        ("провинция Нге Ан", "VN-22", "Нге Ан"),
        ("в Бакзянге", "VN-54", "Бакзянге"),
        ("в Ханое", "VN-HN", "Ханое"),
        ("в Хошимине", "VN-SG", "Хошимине"),
        ("Хайфон", "VN-HP", "Хайфон"),
        ("Дананг", "VN-DN", "Дананг"),
        ("Хайзыонг", "VN-61", "Хайзыонг"),
        ("Κουάνγκ Νινχ", "VN-13", "Κουάνγκ Νινχ"),
        ("Κουάνγκ Νιν", "VN-13", "Κουάνγκ Νιν"),
        ("Χα Τζιανγκ", "VN-03", "Χα Τζιανγκ"),
        ("επαρχία Μπακ Τζιανγκ", "VN-54", "Μπακ Τζιανγκ"),
        ("Νγκε Αν", "VN-22", "Νγκε Αν"),
        ("Χάι Ντουόνγκ", "VN-61", "Χάι Ντουόνγκ"),
        ("tỉnh Hoà Bình", "VN-14", "Hoà Bình"),
        ("Tỉnh ủy hòa bình", "VN-14", "hòa bình"),
        ("Thành phố Hồ Chí Minh", "VN-SG", "Thành phố Hồ Chí Minh"),
        ("Ho Chi Minh City", "VN-SG", "Ho Chi Minh City"),
        ("Saigon", "VN-SG", "Saigon"),
        ("Thua Thien Hue", "VN-26", "Thua Thien Hue"),
        ("die Stadt Hue", "VN-26", "Hue"),
        ("Hanoi", "VN-HN", "Hanoi"),
        ("Đắk Lắk", "VN-33", "Đắk Lắk"),
    ],
)
def test_aliases_in_every_script_are_found(text, code, alias):
    assert [(h.province.code, h.alias) for h in find_provinces(text, "und")] == [(code, alias)]


@pytest.mark.parametrize(
    "text",
    [
        "Chúng ta luôn mong muốn hòa bình và hợp tác.",
        "Nhà khoa học hải dương học.",
        "Thái Bình Dương là đại dương lớn nhất.",
        "Học tập và làm theo tư tưởng Hồ Chí Minh.",
        "Đồng chí Nguyễn Hải Dương phát biểu.",
        "Bà Nguyễn Thị Thu Huế phát biểu.",
        "Хо Ши Мин сказал",
        "Quelle: https://daidoanket.vn/de-quang-ninh-tien-nhanh.html",
        "Nam và Hà cùng đi.",
    ],
)
def test_common_words_names_and_urls_are_not_provinces(text):
    assert find_provinces(text, "vi") == []


@pytest.mark.parametrize(
    ("text", "lang", "alias"),
    [
        ("des Ständigen Ausschusses des Stadtparteikomitees Ho Chi Minh", "de", "Ho Chi Minh"),
        ("Stadtparteisekretär von Ho Chi Minh Nguyen Van Nen", "de", "Ho Chi Minh"),
        ("Das Parteikomitee von Ho Chi Minh tagte", "de", "Ho Chi Minh"),
        ("Das Parteikomitee von Ho-Chi-Minh-Stadt tagte", "de", "Ho-Chi-Minh-Stadt"),
        ("the municipal Party Committee of Ho Chi Minh met", "en", "Ho Chi Minh"),
        ("горкома партии Хо Ши Мина", "ru", "Хо Ши Мина"),
    ],
)
def test_a_city_party_committee_cues_ho_chi_minh_in_compounds_and_phrases(text, lang, alias):
    assert [(h.province.code, h.alias) for h in find_provinces(text, lang)] == [("VN-SG", alias)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Das Denkmal von Präsident Ho Chi Minh in der Hauptstadt", "de"),
        ("Президент Хо Ши Мин", "ru"),
        ("the thought of President Ho Chi Minh", "en"),
    ],
)
def test_the_president_is_no_city(text, lang):
    assert find_provinces(text, lang) == []


def test_by_name_reads_latin_names_and_exonyms():
    assert by_name("Quang Ninh").code == "VN-13"
    assert by_name("Hà Nội").code == "VN-HN"
    assert by_name("Saigon").code == "VN-SG"
    assert by_name("Atlantis") is None
