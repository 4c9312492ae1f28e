"""Score the parser against gold annotations (the rules of shared/gold/README.md).

Names and provinces compare folded (NFKD, no diacritics, đ → d, lower case,
single spaces); a gold value with "|" lists alternatives that all score. A
document matches on (type, number) and on its code's issuer suffix where both
sides have a code; output duplicates count once. A predicted date where the
gold has none is a false positive. Names in `mentioned_only` are neither hit
nor miss. Precision, recall and F1 are micro-averaged over articles; the
single-valued fields also get exact-match accuracy.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from services.parser import translit
from services.parser.parse import Parsed, parse
from shared.contracts import MeetingRecord

SINGLE_FIELDS = ("province", "date", "time_of_day", "published_at", "body", "purpose", "delegation")
LIST_FIELDS = ("source_urls", "chairs", "participants", "documents", "targets", "figures")
# The gold README: figures are "not scored yet"; they are shown, not held to a floor.
UNSCORED = frozenset({"figures"})


@dataclass
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class Report:
    fields: dict[str, FieldScore] = field(default_factory=dict)
    articles: int = 0
    errors: list[str] = field(default_factory=list)  # one line per miss or false positive

    def min_f1(self, names: Iterable[str] | None = None) -> float:
        chosen = names or [n for n in self.fields if n not in UNSCORED]
        return min(self.fields[n].f1 for n in chosen)

    def f1(self, name: str) -> float:
        return self.fields[name].f1


def fold(text: str) -> str:
    return translit.fold(text)


def alternatives(value: str) -> set[str]:
    return {fold(v) for v in value.split("|") if v.strip()}


def score(
    gold_path: Path, docs_dir: Path, parser: Callable[[bytes], Parsed] | None = None
) -> Report:
    """Parse every gold document (its `file`, under docs_dir) and score the records."""
    run = parser or (lambda data: parse(data))
    report = Report(fields={n: FieldScore() for n in (*SINGLE_FIELDS, *LIST_FIELDS)})
    for line in gold_path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        gold = json.loads(line)
        parsed = run((docs_dir / gold["file"]).read_bytes())
        score_record(report, gold, parsed.record)
    return report


def score_record(report: Report, gold: dict[str, Any], record: MeetingRecord | None) -> None:
    report.articles += 1
    lang = gold.get("lang", "und")
    predicted = _predicted(record, lang)
    for name in SINGLE_FIELDS:
        _score_single(report, gold["id"], name, gold.get(name), predicted[name])
    ignore = set().union(*(alternatives(n) for n in gold.get("mentioned_only", [])))
    for name in LIST_FIELDS:
        _score_list(report, gold["id"], name, gold.get(name) or [], predicted[name], ignore)


def _predicted(record: MeetingRecord | None, lang: str) -> dict[str, Any]:
    if record is None:
        return {**dict.fromkeys(SINGLE_FIELDS), **{n: [] for n in LIST_FIELDS}}
    return {
        "province": record.province.name_ascii if record.province else None,
        "date": record.date,
        "time_of_day": record.time_of_day,
        "published_at": record.source.published_at,
        "body": record.body,
        "purpose": record.purpose,
        "delegation": record.delegation.model_dump() if record.delegation else None,
        "source_urls": list(record.source.source_urls),
        "chairs": [_latin(p.name_ascii, lang) for p in record.chairs],
        "participants": [_latin(p.name_ascii, lang) for p in record.participants],
        "documents": [d.model_dump() for d in record.documents],
        "targets": [q.model_dump() for q in record.targets],
        "figures": [q.model_dump() for q in record.figures],
    }


def _latin(name: str, lang: str) -> str:
    return translit.to_latin_vietnamese(name, lang)


# --- single-valued fields --------------------------------------------------


def _score_single(report: Report, doc: str, name: str, gold: Any, predicted: Any) -> None:
    s = report.fields[name]
    s.total += 1
    same = _same(name, gold, predicted)
    s.correct += same
    if same and gold is not None:
        s.tp += 1
        return
    if predicted is not None and not same:
        s.fp += 1
    if gold is not None and not same:
        s.fn += 1
    if not same:
        report.errors.append(f"{doc} {name}: gold {gold!r} predicted {predicted!r}")


def _same(name: str, gold: Any, predicted: Any) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if name == "delegation":
        return _same_delegation(gold, predicted)
    if name == "published_at":
        return _same_moment(str(gold), str(predicted))
    if name == "date":
        return str(gold) == str(predicted)
    return fold(str(predicted)) in alternatives(str(gold))


def _same_delegation(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    if fold(predicted.get("issuer") or "") not in alternatives(gold.get("issuer") or ""):
        return False
    if (gold.get("number") or None) != (predicted.get("number") or None):
        return False
    head = (predicted.get("head") or {}).get("name_ascii")
    if gold.get("head") is None:
        return head is None
    return head is not None and fold(head) in alternatives(gold["head"])


def _same_moment(gold: str, predicted: str) -> bool:
    try:
        return datetime.fromisoformat(gold) == datetime.fromisoformat(predicted)
    except ValueError:
        return gold == predicted


# --- list fields -------------------------------------------------------------


def _score_list(
    report: Report, doc: str, name: str, gold: list[Any], predicted: list[Any], ignore: set[str]
) -> None:
    s = report.fields[name]
    s.total += 1
    match = MATCHERS[name]
    unmatched = list(gold)
    seen: list[Any] = []
    for item in predicted:
        if any(match(item, earlier) for earlier in seen):
            continue  # duplicates in the output count once
        seen.append(item)
        hit = next((g for g in unmatched if match(item, g)), None)
        if hit is not None:
            unmatched.remove(hit)
            s.tp += 1
        elif name in ("chairs", "participants") and fold(item) in ignore:
            continue
        elif not any(match(item, g) for g in gold):
            s.fp += 1
            report.errors.append(f"{doc} {name}: unexpected {item!r}")
    s.fn += len(unmatched)
    report.errors.extend(f"{doc} {name}: missed {g!r}" for g in unmatched)


def _name_match(predicted: Any, gold: Any) -> bool:
    if isinstance(predicted, str) and isinstance(gold, str):
        return fold(predicted) in alternatives(gold)
    return fold(str(predicted)) == fold(str(gold))


def _suffix(code: str | None) -> str | None:
    """The issuer part of a code: "46-CTr/TU" → "tu", "1234/QĐ-UBND" → "ubnd"."""
    if not code or "/" not in code:
        return None
    tail = code.rsplit("/", 1)[1]
    return fold(tail.split("-", 1)[1] if "-" in tail else tail)


def _document_match(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    if predicted.get("type") != gold.get("type") or str(predicted.get("number")) != str(
        gold.get("number")
    ):
        return False
    ours, theirs = _suffix(predicted.get("code")), _suffix(gold.get("code"))
    return ours is None or theirs is None or ours == theirs


def _quantity_match(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    return (
        fold(str(predicted.get("metric"))) in alternatives(str(gold.get("metric")))
        and math.isclose(
            float(predicted.get("value", math.nan)),
            float(gold.get("value", math.nan)),
            abs_tol=1e-6,
        )
        and fold(str(predicted.get("unit"))) == fold(str(gold.get("unit")))
        and predicted.get("year") == gold.get("year")
    )


def _url_match(predicted: Any, gold: Any) -> bool:
    return str(predicted).strip().rstrip("/") == str(gold).strip().rstrip("/")


MATCHERS: dict[str, Callable[[Any, Any], bool]] = {
    "source_urls": _url_match,
    "chairs": _name_match,
    "participants": _name_match,
    "documents": _document_match,
    "targets": _quantity_match,
    "figures": _quantity_match,
}


def format_table(report: Report, *, details: bool = False) -> str:
    """One row per field: precision, recall, F1 (and accuracy for single-valued fields)."""
    lines = [
        f"{report.articles} articles",
        f"{'field':<14} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6}  tp/fp/fn",
    ]
    for name, s in report.fields.items():
        accuracy = f"{s.accuracy:6.2f}" if name in SINGLE_FIELDS else " " * 6
        note = "  (not scored)" if name in UNSCORED else ""
        counts = f"{s.tp}/{s.fp}/{s.fn}"
        lines.append(
            f"{name:<14} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {accuracy}  {counts}{note}"
        )
    if details and report.errors:
        lines += ["", *report.errors]
    return "\n".join(lines)
