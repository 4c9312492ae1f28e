"""The 2025 provincial merger (63 → 34): which old province merged into which.

Data in `provinces_lineage.json` beside this module (ISO 3166-2:VN codes; a
merged unit keeps the code of the province whose name it keeps). The
aggregator uses it to answer for a merged province with its predecessors'
history; the parser keeps its own full gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import orjson

DATA = Path(__file__).with_name("provinces_lineage.json")


@dataclass(frozen=True)
class Lineage:
    effective: str
    merged_into: dict[str, str]
    names: dict[str, str]

    def successor(self, code: str) -> str | None:
        """The unit `code` merged into in 2025, or None if it did not merge."""
        return self.merged_into.get(code)

    def predecessors(self, code: str) -> list[str]:
        """The old provinces merged into `code` (not `code` itself), in code order."""
        return sorted(old for old, new in self.merged_into.items() if new == code)

    def name(self, code: str) -> str | None:
        return self.names.get(code)


@cache
def load(path: Path = DATA) -> Lineage:
    data = orjson.loads(path.read_bytes())
    return Lineage(data["effective"], dict(data["merged_into"]), dict(data["names"]))
