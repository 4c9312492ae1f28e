"""The 2025 merger lineage the aggregator answers merged provinces with."""

from __future__ import annotations

from shared import lineage


def test_sixty_three_provinces_become_thirty_four() -> None:
    data = lineage.load()
    merged_away = set(data.merged_into)
    successors = set(data.merged_into.values())
    assert (len(merged_away), len(successors)) == (29, 23)
    assert not merged_away & successors  # a merged unit keeps a code that still exists
    assert 63 - len(merged_away) == 34


def test_a_merged_province_knows_its_predecessors_and_they_their_successor() -> None:
    data = lineage.load()
    assert data.predecessors("VN-07") == ["VN-03"]  # Tuyên Quang took in Hà Giang
    assert data.predecessors("VN-SG") == ["VN-43", "VN-57"]
    assert data.predecessors("VN-68") == ["VN-14", "VN-70"]
    assert data.successor("VN-61") == "VN-HP"
    assert data.successor("VN-13") is None  # Quảng Ninh did not merge
    assert (data.name("VN-03"), data.name("VN-07")) == ("Hà Giang", "Tuyên Quang")
