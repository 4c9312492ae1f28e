"""Language data (langs/*.json) and language detection: script first, then stopwords."""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path
from typing import Any

import orjson

LANGS_DIR = Path(__file__).with_name("langs")
UNKNOWN = "und"
# One file per language, named by its ISO 639 code; other data files (provinces.json) share the
# folder and are not languages.
_LANG_FILE = re.compile(r"^[a-z]{2,3}\.json$")
# Characters looked at: enough to tell a language, cheap on 100 KB pages.
_SCRIPT_SAMPLE = 600
_SAMPLE = 1500
_SCRIPTS = {
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "Cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "Greek": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
}
_WORD = re.compile(r"[^\W\d_]+")
_LETTER_SHARE = 0.05  # default share of the script's letters a language's own letters need
_MIN_HITS = 2


@functools.cache
def profiles() -> dict[str, dict[str, Any]]:
    """Every language's data file, by language code."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(LANGS_DIR.glob("*.json")):
        if _LANG_FILE.match(path.name):
            found[path.stem] = orjson.loads(path.read_bytes())
    return found


def values(key: str) -> tuple[str, ...]:
    """A list-valued key of every language, merged: labels are looked for in any language
    because an aggregator's German page may still carry a Vietnamese "Nguồn:"."""
    merged: dict[str, None] = {}
    for data in profiles().values():
        merged.update(dict.fromkeys(data.get(key, ())))
    return tuple(merged)


def boilerplate(key: str) -> tuple[str, ...]:
    """One list of the "boilerplate" key (comment, related, photo, byline, ...), all languages."""
    merged: dict[str, None] = {}
    for data in profiles().values():
        merged.update(dict.fromkeys(data.get("boilerplate", {}).get(key, ())))
    return tuple(merged)


@functools.cache
def _stopwords() -> dict[str, frozenset[str]]:
    return {code: frozenset(d.get("stopwords", ())) for code, d in profiles().items()}


def _script_of(sample: str) -> tuple[str | None, int]:
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS.items()}
    name = max(counts, key=counts.__getitem__)
    return (name, counts[name]) if counts[name] else (None, 0)


@functools.cache
def _letters(code: str) -> re.Pattern[str] | None:
    letters = profiles()[code].get("script", {}).get("letters", "")
    return re.compile(f"[{re.escape(letters)}]") if letters else None


def _by_letters(sample: str, codes: list[str], total: int) -> str | None:
    """The language whose own letters make up at least its "share" of the script's letters
    (Vietnamese ~0.2 of its letters; a German text naming "Lương Cường" stays well below)."""
    best, margin = None, 1.0
    for code in codes:
        letters = _letters(code)
        if letters is None:
            continue
        found = len(letters.findall(sample)) / total
        need = profiles()[code]["script"].get("share", _LETTER_SHARE)
        if found >= need and found / need > margin:
            best, margin = code, found / need
    return best


def _by_stopwords(sample: str, codes: list[str]) -> str | None:
    words = Counter(_WORD.findall(sample.lower()))
    sets = _stopwords()
    hits = {code: sum(words[w] for w in sets[code] & words.keys()) for code in codes if sets[code]}
    if not hits:
        return None
    code = max(hits, key=hits.__getitem__)
    return code if hits[code] >= _MIN_HITS else None


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when it cannot tell."""
    sample = text[:_SAMPLE]
    name, total = _script_of(sample[:_SCRIPT_SAMPLE])
    if name is None:
        return UNKNOWN
    scripts = {code: d.get("script", {}) for code, d in profiles().items()}
    candidates = {code: s for code, s in scripts.items() if s.get("name") == name}
    found = _by_letters(sample[:_SCRIPT_SAMPLE], list(candidates), total)
    if found:
        return found
    plain = [code for code, s in candidates.items() if not s.get("letters")]
    found = _by_stopwords(sample, plain)
    if found:
        return found
    defaults = [code for code in plain if candidates[code].get("default")]
    return defaults[0] if defaults else UNKNOWN
