"""language.detect: script first, then distinctive letters, then stopwords."""

from pathlib import Path

import pytest

from services.parser import language

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("000_67c174f4a274d58e.txt", "de"),
        ("001_4cd7b3aea3d82d61.txt", "ru"),
        ("002_3249dede8c6fd173.txt", "de"),
        ("003_0c16555e78fdfe28.txt", "de"),
        ("004_ecdd89f01d7cf933.txt", "el"),
    ],
)
def test_seed_articles_are_told_apart(name: str, lang: str) -> None:
    assert language.detect((SEEDS / name).read_text(encoding="utf-8")) == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sáng 17/3, Đoàn kiểm tra số 1920 của Bộ Chính trị làm việc với tỉnh.", "vi"),
        ("Комитет провел заседание и обсудил вопросы развития провинции.", "ru"),
        ("Комітет провів засідання і обговорив питання розвитку області.", "uk"),
        ("Η Επιτροπή του Κόμματος πραγματοποίησε συνέδριο για το 2025.", "el"),
        ("The standing committee met on Monday and the secretary said it was a good year.", "en"),
        ("Der Ausschuss hat am Montag getagt und die Ergebnisse des Jahres bewertet.", "de"),
        ("Le comité a examiné les résultats de la province pour les membres du parti.", "fr"),
        ("El comité examinó los resultados de la provincia y los planes para el año.", "es"),
    ],
)
def test_language_is_detected_from_script_letters_and_stopwords(text: str, lang: str) -> None:
    assert language.detect(text) == lang


def test_vietnamese_names_in_a_german_text_do_not_make_it_vietnamese() -> None:
    text = "Der Präsident Lương Cường leitete die Konferenz in der Provinz Quảng Ninh am Morgen."
    assert language.detect(text) == "de"


@pytest.mark.parametrize("text", ["", "12345 67/89", "Xyzzy plugh frobozz quux"])
def test_unknown_text_is_und(text: str) -> None:
    assert language.detect(text) == "und"


def test_language_data_files_are_the_languages_only() -> None:
    codes = set(language.profiles())
    assert {"vi", "en", "de", "ru", "el"} <= codes
    assert "provinces" not in codes
