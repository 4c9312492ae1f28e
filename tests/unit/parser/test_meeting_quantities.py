import pytest

from services.parser.meeting.quantities import extract_quantities
from shared.contracts import Quantity


def test_german_growth_target_is_merged_across_mentions():
    text = (
        "Das Provinzkomitee hat das Wirtschaftswachstumsziel für 2025 auf über 14 % angepasst.\n"
        "Der Präsident forderte, das Wachstumsziel von 14 % für 2025 zu erreichen."
    )
    found = extract_quantities(text, "de")
    assert [(q.metric, q.value, q.unit, q.year) for q in found.targets] == [
        ("economic_growth", 14.0, "%", 2025)
    ]
    assert found.figures == []


def test_a_target_without_a_year_joins_the_dated_one():
    text = (
        "с целевым показателем роста в 8% в 2025 году.\n"
        "Для достижения целевого показателя роста в 8% требуются усилия."
    )
    assert [(q.value, q.year) for q in extract_quantities(text, "ru").targets] == [(8.0, 2025)]


def test_vietnamese_figure_and_target():
    text = (
        "Năm 2024, tốc độ tăng trưởng GRDP đạt 13,85%. "
        "Phấn đấu tăng trưởng kinh tế năm 2025 đạt 14%."
    )
    found = extract_quantities(text, "vi")
    assert [(q.metric, q.value, q.year) for q in found.figures] == [("grdp_growth", 13.85, 2024)]
    assert [(q.metric, q.value, q.year) for q in found.targets] == [("economic_growth", 14.0, 2025)]


def test_comparison_year_is_not_the_figures_year():
    text = "In 2024, the provincial economy grew 8.1% compared with 2023."
    [figure] = extract_quantities(text, "en").figures
    assert figure == Quantity(
        metric="economic_growth",
        value=8.1,
        unit="%",
        year=2024,
        text="In 2024, the provincial economy grew 8.1% compared with 2023.",
    )


def test_a_percentage_without_a_metric_is_left_out():
    text = "Tỷ lệ trưởng thôn là đảng viên đạt 94,7%."
    found = extract_quantities(text, "vi")
    assert (found.targets, found.figures) == ([], [])


# One report per language: every new metric, as a figure or a target.
NEW_METRICS = {
    "vi": (
        "Năm 2024, giải ngân vốn đầu tư công đạt 96,5%. "
        "Tỷ lệ hộ nghèo giảm xuống còn 2,1%. "
        "Thu ngân sách tăng 12,4% so với năm 2023. "
        "Phấn đấu đến năm 2025 kinh tế số chiếm 20% GRDP và 85% số xã đạt chuẩn nông thôn mới."
    ),
    "en": (
        "In 2024, public investment disbursement reached 96.5%. "
        "The poverty rate fell to 2.1%. "
        "Budget revenue increased 12.4% compared with 2023. "
        "The province aims for the digital economy to account for 20% of GRDP by 2025 "
        "and targets 85% of communes meeting new rural standards."
    ),
    "de": (
        "Im Jahr 2024 erreichte die Auszahlung öffentlicher Investitionsmittel 96,5 %. "
        "Die Armutsquote sank auf 2,1 %. "
        "Die Haushaltseinnahmen stiegen um 12,4 % gegenüber 2023. "
        "Ziel ist, dass die Digitalwirtschaft bis 2025 20 % des GRDP ausmacht. "
        "Die Provinz strebt für 2025 einen Anteil neuer ländlicher Gemeinden von 85 % an."
    ),
    "ru": (
        "В 2024 году освоение государственных инвестиций достигло 96,5%. "
        "Уровень бедности снизился до 2,1%. "
        "Доходы бюджета выросли на 12,4% по сравнению с 2023 годом. "
        "Цель к 2025 году: доля цифровой экономики 20% ВРП. "
        "Цель — довести к 2025 году долю общин новой деревни до 85%."
    ),
    "el": (
        "Το 2024 η εκταμίευση των δημόσιων επενδύσεων έφτασε το 96,5%. "
        "Το ποσοστό της φτώχειας μειώθηκε στο 2,1%. "
        "Τα έσοδα του προϋπολογισμού αυξήθηκαν κατά 12,4% σε σύγκριση με το 2023. "
        "Στόχος για το 2025 είναι η ψηφιακή οικονομία να φτάσει το 20% του ΑΕΠ. "
        "Στόχος έως το 2025: η νέα ύπαιθρος στο 85% των κοινοτήτων."
    ),
}


@pytest.mark.parametrize("lang", sorted(NEW_METRICS))
def test_new_metrics_in_every_language(lang):
    found = extract_quantities(NEW_METRICS[lang], lang, 2025)
    assert [(q.metric, q.value, q.year) for q in found.figures] == [
        ("public_investment_disbursement", 96.5, 2024),
        ("poverty_rate", 2.1, 2024),
        ("budget_revenue", 12.4, 2024),
    ]
    assert [(q.metric, q.value, q.year) for q in found.targets] == [
        ("digital_economy_share", 20.0, 2025),
        ("new_rural_communes", 85.0, 2025),
    ]


def test_a_metric_of_the_next_clause_is_not_the_numbers():
    text = "Tốc độ tăng trưởng GRDP năm 2024 ước đạt 7,2%; thu ngân sách nhà nước đạt 15.000 tỷ."
    [figure] = extract_quantities(text, "vi").figures
    assert (figure.metric, figure.value) == ("grdp_growth", 7.2)
