"""The province gazetteer, loaded: Vietnam's 63 pre-2025 provinces, the 34 units after the
2025 merger, every name a text may use for them, and the outlets that belong to them.

Data lives in langs/provinces.json; the Russian and Greek names are generated from the
Vietnamese syllables by services/parser/translit.py, so that a province nobody listed
by hand is still found in "провинции Хазянге" or "Μπακ Τζιανγκ". Finding them in a text
is provinces.py's job.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any, NamedTuple

import tldextract

from services.parser import translit
from shared.contracts import Province, ProvinceRef

DATA_PATH = Path(__file__).resolve().parent.parent / "langs" / "provinces.json"
SEPARATOR = r"[\s\-‐–—]+"
SEPARATORS = re.compile(SEPARATOR)
PARTS = re.compile(r"\s[-‐–—]\s|(?<=\w)[-‐–—](?=\w)")
# Tone mark on the glide ("Hòa") or on the main vowel ("Hoà"), in NFD.
TONE_ON_GLIDE = re.compile(r"([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])(?!\w)")
TONE_ON_VOWEL = re.compile(r"([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?!\w)")
MAX_COMBOS = 12
LATIN = "latin"  # the script key of Latin aliases; others are named by their table's language


class Alias(NamedTuple):
    code: str
    guard: str | None  # None, "case" (capitalised or cued) or "cue" (cued only)


def all_provinces() -> list[Province]:
    """The 63 pre-2025 units (successor set where merged), then the 23 merged 2025 units.

    The 11 units the merger left alone appear once: they are pre-2025 and current.
    """
    merged = [u for u in units_2025() if u is not by_code(u.code)]
    return pre_merger_provinces() + merged


def pre_merger_provinces() -> list[Province]:
    return list(_old().values())


@cache
def units_2025() -> list[Province]:
    """The 34 province-level units from 1 July 2025 (Resolution 202/2025/QH15)."""
    old = _old()
    units = []
    for unit in data()["units_2025"]:
        if unit["predecessors"] == [unit["code"]]:
            units.append(old[unit["code"]])
        else:
            units.append(
                Province(code=unit["code"], name=unit["name"], name_ascii=unit["name_ascii"])
            )
    return units


def by_code(code: str) -> Province | None:
    """The pre-2025 unit with this ISO code (its successor tells where it went in 2025)."""
    return _old().get(code.strip().upper())


def by_name(name: str) -> Province | None:
    """The province a Latin name or alias stands for: "Quang Ninh", "Hà Nội", "Saigon"."""
    latin = aliases()[LATIN]
    alias = latin.get(key(translit.fold(name))) or latin.get(key(name))
    return by_code(alias.code) if alias else None


def predecessors(code: str) -> list[Province]:
    """The pre-2025 provinces that form the 2025 unit with this code."""
    for unit in data()["units_2025"]:
        if unit["code"] == code.strip().upper():
            return [_old()[c] for c in unit["predecessors"]]
    return []


def province_for_outlet(outlet: str | None) -> Province | None:
    """The province of a provincial paper or portal: baohagiang.vn, bacgiang.gov.vn, ...

    Rules: (prefix)(slug).vn-suffix, with prefixes such as bao/tinhuy, and the subdomain
    of generic party hosts ({slug}.dcs.vn); explicit entries for papers named otherwise
    (hanoimoi.vn, sggp.org.vn). National outlets give None.
    """
    if not outlet:
        return None
    parts = _extractor()(outlet.strip().lower())
    outlets = data()["outlets"]
    registered = f"{parts.domain}.{parts.suffix}"
    if registered in outlets["national"] or not parts.suffix.endswith("vn"):
        return None
    if registered in outlets["explicit"]:
        return by_code(outlets["explicit"][registered])
    labels = [parts.domain]
    if parts.domain in outlets["generic_domains"]:
        labels = parts.subdomain.split(".")[::-1]
    for label in labels:
        code = _slug_code(label.replace("-", ""))
        if code:
            return by_code(code)
    return None


@cache
def data() -> dict[str, Any]:
    with DATA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _old() -> dict[str, Province]:
    entries = {e["code"]: e for e in data()["provinces"]}
    units = {u["code"]: u for u in data()["units_2025"]}
    provinces = {}
    for code, entry in entries.items():
        unit = units.get(entry["successor"] or "")
        successor = (
            ProvinceRef(code=unit["code"], name=unit["name"], name_ascii=unit["name_ascii"])
            if unit
            else None
        )
        provinces[code] = Province(
            code=code, name=entry["name"], name_ascii=entry["name_ascii"], successor=successor
        )
    return provinces


@cache
def aliases() -> dict[str, dict[str, Alias]]:
    """Script ("latin", or a transliteration table's language: "ru", "el") → lookup key (see
    `key`) → the province and its guard."""
    found: dict[str, dict[str, Alias]] = {script: {} for script in (LATIN, *translit.tables())}
    for entry in data()["provinces"]:
        for script, names, guard in _aliases(entry):
            for name in names:
                found[script].setdefault(key(name), Alias(entry["code"], guard))
    return found


def _aliases(entry: dict[str, Any]) -> Iterable[tuple[str, list[str], str | None]]:
    """(script, names, guard): explicit names unguarded, generated ones with the entry's guard."""
    explicit, guard = entry.get("aliases", {}), entry.get("guard")
    scripts = [LATIN, *translit.tables()]
    for script in scripts:
        yield script, explicit.get(script, []), None
    for cue_alias in entry.get("cue_aliases", []):
        yield translit.script_of(cue_alias) or LATIN, [cue_alias], "cue"
    syllables = [s for s in SEPARATORS.split(entry["name"]) if s]
    latin = [entry["name"], _move_tone_marks(entry["name"]), entry["name_ascii"]]
    yield LATIN, latin, guard
    for script in scripts[1:]:
        yield script, _generated(syllables, script), guard
    # A double name is fused part by part: "Bà Rịa - Vũng Tàu" → "Базия-Вунгтау".
    parts = [p.split() for p in PARTS.split(entry["name"]) if p.strip()]
    if len(parts) > 1:
        for script in scripts[1:]:
            fused = [[n for n in _generated(p, script) if " " not in n] for p in parts]
            yield script, [" ".join(c) for c in list(product(*fused))[:MAX_COMBOS]], guard


def _generated(syllables: list[str], lang: str) -> list[str]:
    """Spaced and fused forms from the usual renderings: Куанг Нинь, Куангнинь, Куангнин."""
    variants = translit.tables()[lang].place_variants
    options = [translit.render_syllable(s, lang)[:variants] for s in syllables]
    names = []
    for combo in list(product(*options))[:MAX_COMBOS]:
        names += [" ".join(combo), "".join(combo)]
    return names + [n[:-1] for n in names if n.endswith(("ь", "й")) and len(n) > 4]


def _move_tone_marks(name: str) -> str:
    """The other tone-mark placement in oa/oe/uy: "Hòa" ↔ "Hoà" (both are in use)."""
    decomposed = unicodedata.normalize("NFD", name)
    moved = TONE_ON_GLIDE.sub(r"\1\3\2", decomposed)
    if moved == decomposed:
        moved = TONE_ON_VOWEL.sub(r"\1\3\2", moved)
    return unicodedata.normalize("NFC", moved)


def key(name: str) -> str:
    """Lookup form of an alias or a matched span: lower case, one space, no Greek accents."""
    return " ".join(SEPARATORS.split(name.translate(match_fold()).lower())).strip()


@cache
def match_fold() -> dict[int, str]:
    """Length-preserving folding: Greek accents and final sigma, ё → е (offsets stay valid)."""
    table = {ord("ё"): "е", ord("Ё"): "Е", ord("ς"): "σ"}
    for code in [*range(0x0370, 0x0400), *range(0x1F00, 0x2000)]:
        base = unicodedata.normalize("NFD", chr(code))[:1]
        if base != chr(code) and unicodedata.category(base).startswith("L"):
            table[code] = base
    return table


@cache
def name_words() -> frozenset[str]:
    """Surnames and middle names that make a following province name a given name."""
    words = data()["name_words_before"]
    rendered = [translit.render_syllable(w, lang)[0] for w in words for lang in translit.tables()]
    return frozenset(key(w) for w in [*words, *map(translit.fold, words), *rendered])


@cache
def _slugs() -> dict[str, str]:
    slugs = {}
    for entry in data()["provinces"]:
        for slug in [entry["name_ascii"], *entry.get("slugs", [])]:
            slugs[re.sub(r"[\s\-]", "", slug.lower())] = entry["code"]
    return slugs


def _slug_code(label: str) -> str | None:
    for prefix in sorted(data()["outlets"]["prefixes"], key=len, reverse=True):
        if label.startswith(prefix) and label[len(prefix) :] in _slugs():
            return _slugs()[label[len(prefix) :]]
    return None


@cache
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot only: the parser never goes to the network.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
