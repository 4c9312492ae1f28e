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
