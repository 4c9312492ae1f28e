"""Vietnamese names in other scripts (Russian, Greek...), and back to Latin.

One syllable table per script drives both directions. Every Vietnamese syllable that the
spelling allows (onset x rhyme, tones dropped, vowel quality kept) is rendered by the
language's rules into its script, most usual rendering first; inverted, the table reads
"Хазянге" or "Νγκουγιέν" back as Vietnamese syllables.

The rules are data: the "transliteration" object of langs/<lang>.json (onset, vowel and coda
renderings, a palatal mark that softens the next vowel, case endings, exonyms); a language
with one is read and generated like Russian and Greek, with no code of its own.
A reading prefers syllables common in names and places ("name_syllables" of langs/vi.json:
"Сон" is Sơn, not Xon; "Τσαν" is Trần, not Chan), then the most usual
rendering; unidecode is the last resort for a word the table cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from typing import Any

from unidecode import unidecode

from services.parser import language

ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", *"bcdđghklmnprstvx")
RHYMES = """a ai ao au ay âu ây e eo ê êu i ia iu o oa oai oao oay oe oeo oi ô ôi ơ ơi
u ua uây uê ui uy uya uyu ư ưa ưi ưu ươi ươu iêu yêu y ac ach am an ang anh ap at ăc ăm ăn
ăng ăp ăt âc âm ân âng âp ât ec em en eng ep et êch êm ên ênh êp êt ich im in inh ip it oc om
on ong op ot oong ooc ôc ôm ôn ông ôp ôt ơm ơn ơp ơt uc um un ung up ut ưc ưng ưt ưn ưm iêc
iêm iên iêng iêp iêt yêm yên yêt uôc uôm uôn uông uôt ươc ươm ươn ương ươp ươt oac oach oam
oan oang oanh oap oat oăc oăm oăn oăng oăt oen oet uân uâng uât uêch uênh uych uynh uyt
uyên uyêt""".split()
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")
_FRONT = ("e", "ê", "i", "y")
WORD_SEPARATORS = re.compile(r"[\s\-‐–—]+")
MAX_KEY = 12
SYLLABLE_COST, ENDING_COST = 1.0, 0.5


@dataclass(frozen=True)
class Table:
    """A language's "transliteration" object (langs/<lang>.json), read once."""

    lang: str
    script: re.Pattern[str]
    onsets: dict[str, tuple[str, ...]]
    vowels: dict[str, tuple[str, ...]]
    codas: dict[str, tuple[str, ...]]
    palatal_mark: str
    soft_vowels: dict[int, str]
    unmarked_before: str
    initial_vowels: dict[str, str]
    case_endings: tuple[str, ...]
    stem_tails: tuple[str, ...]
    key_replace: dict[int, str]
    strip_accents: bool
    place_ending: str
    place_variants: int
    exonyms: dict[str, str]


@cache
def tables() -> dict[str, Table]:
    """Every language with a transliteration table, by language code (in code order)."""
    found = {}
    for lang, profile in language.profiles().items():
        if isinstance(profile.get("transliteration"), dict):
            found[lang] = _table_of(lang, profile["transliteration"])
    return found


def _table_of(lang: str, raw: dict[str, Any]) -> Table:
    def renderings(key: str) -> dict[str, tuple[str, ...]]:
        return {part: tuple(forms) for part, forms in raw.get(key, {}).items()}

    return Table(
        lang=lang,
        script=re.compile(raw["script"]),
        onsets=renderings("onsets"),
        vowels=renderings("vowels"),
        codas=renderings("codas"),
        palatal_mark=raw.get("palatal_mark", ""),
        soft_vowels=str.maketrans(raw.get("soft_vowels", {})),
        unmarked_before=raw.get("unmarked_before", ""),
        initial_vowels=dict(raw.get("initial_vowels", {})),
        case_endings=tuple(raw.get("case_endings", ())),
        stem_tails=tuple(raw.get("stem_tails", ())),
        key_replace=str.maketrans(raw.get("key_replace", {})),
        strip_accents=bool(raw.get("strip_accents", False)),
        place_ending=raw.get("place_ending", ""),
        place_variants=int(raw.get("place_variants", 2)),
        exonyms={key.lower(): name for key, name in raw.get("exonyms", {}).items()},
    )


def scripts_in(text: str) -> list[str]:
    """The languages whose tables read a script the text has (one scan for a text with none)."""
    if not _any_script().search(text):
        return []
    return [lang for lang, table in tables().items() if table.script.search(text)]


@cache
def _any_script() -> re.Pattern[str]:
    sources = [table.script.pattern for table in tables().values()]
    if sources and all(re.fullmatch(r"\[[^\[\]]+\]", s) for s in sources):
        return re.compile("[" + "".join(s[1:-1] for s in sources) + "]")  # one class: skips
    return re.compile("|".join(sources) or "(?!)")


def script_of(text: str, lang: str | None = None) -> str | None:
    """The language whose table reads the text's script: `lang`'s own where it has one,
    else the first (Ukrainian Cyrillic is read with the Russian table)."""
    own = tables().get(lang or "")
    if own is not None and own.script.search(text):
        return own.lang
    return next((t.lang for t in tables().values() if t.script.search(text)), None)


# Names and words are folded again and again (every mention, every comparison): once each.
@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """Fold for comparison as the gold README says: no diacritics, đ → d, lower, one space."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def strip_tones(syllable: str) -> str:
    """Drop the five tone marks, keep vowel quality (ă â ê ô ơ ư) and đ: "Quảng" → "quang"."""
    decomposed = unicodedata.normalize("NFD", syllable.lower()).translate(_TONES)
    return unicodedata.normalize("NFC", decomposed)


def split_syllable(syllable: str) -> tuple[str, str, str]:
    """(onset, vowel, coda) of a toneless syllable: "nguyên" → ("ng", "uyê", "n")."""
    onset = next((o for o in ONSETS if syllable.startswith(o)), "")
    rhyme = syllable[len(onset) :]
    if onset == "gi" and (not rhyme or rhyme[0] not in "aăâeêoôơuưy"):
        rhyme = "i" + rhyme  # "gìn" is gi + in
    elif onset == "gi" and rhyme[0] == "ê":
        rhyme = "i" + rhyme  # "giêng" is gi + iêng
    coda = next((c for c in _CODAS if rhyme.endswith(c) and len(rhyme) > len(c)), "")
    return onset, rhyme[: len(rhyme) - len(coda)], coda


def render_syllable(syllable: str, lang: str) -> tuple[str, ...]:
    """Renderings of one Vietnamese syllable in a table's language ("ru", "el"), most usual
    first (lower case)."""
    return tuple(text for text, _ in _renderings(strip_tones(syllable), lang))


def to_latin_vietnamese(name: str, lang: str) -> str:
    """Read a Cyrillic or Greek name back as Vietnamese: "Ле Минь Хунгом" → "Le Minh Hung"."""
    if script_of(name, lang) is None:
        return name
    words = [w for w in WORD_SEPARATORS.split(name.strip()) if w]
    keys = [(w, script_of(w, lang)) for w in words]
    whole = " ".join(_key(w, tables()[s]) if s else w.lower() for w, s in keys)
    exonym = next((t.exonyms[whole] for t in tables().values() if whole in t.exonyms), None)
    if exonym:
        return exonym
    return " ".join(_read_word(word, script) for word, script in keys)


def _read_word(word: str, script: str | None) -> str:
    if script is None:
        return word
    table = tables()[script]
    key = _key(word, table)
    if key in table.exonyms:
        return table.exonyms[key]
    syllables = _segment(key, table)
    if syllables is None:
        return unidecode(word).capitalize()
    return " ".join(fold(s).capitalize() for s in syllables)


def _key(word: str, table: Table) -> str:
    """Lookup form: lower case, the table's replacements (ё → е, ς → σ), accents gone where
    the table says so (Greek)."""
    word = word.lower().translate(table.key_replace)
    if table.strip_accents:
        stripped = unicodedata.normalize("NFD", word)
        word = "".join(ch for ch in stripped if not unicodedata.combining(ch))
        word = word.translate(table.key_replace)
    return word


def _segment(key: str, table: Table) -> list[str] | None:
    """Cheapest cover of the word by table syllables, with a case ending allowed."""
    options = [(0.0, key)]
    for ending in table.case_endings:
        if key.endswith(ending) and len(key) > len(ending) + 1:
            stem = key[: -len(ending)]
            options += [(ENDING_COST, stem + tail) for tail in ("", *table.stem_tails)]
    best: tuple[float, list[str]] | None = None
    for extra, stem in options:
        found = _cover(stem, table.lang)
        if found and (best is None or found[0] + extra < best[0]):
            best = (found[0] + extra, found[1])
    return best[1] if best else None


@cache
def _cover(text: str, script: str) -> tuple[float, list[str]] | None:
    table = _readings(script)
    best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - MAX_KEY), end):
            entry, before = table.get(text[start:end]), best[start]
            if entry is None or before is None:
                continue
            cost = before[0] + SYLLABLE_COST - 0.1 * entry[1]
            if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                best[end] = (cost, [*before[1], entry[0]])
    return best[-1]


@cache
def _readings(lang: str) -> dict[str, tuple[str, float]]:
    """Rendering → (Vietnamese syllable, score): common syllables and usual renderings win."""
    table: dict[str, tuple[str, float]] = {}
    common = frozenset(language.profiles()["vi"].get("name_syllables", ()))
    for syllable in _inventory():
        bonus = 2.0 if syllable in common else 0.0
        for text, rank in _renderings(syllable, lang):
            score = bonus - 0.1 * rank
            key = _key(text, tables()[lang])
            if key not in table or score > table[key][1]:
                table[key] = (syllable, score)
    return table


@cache
def _inventory() -> tuple[str, ...]:
    """Every toneless syllable the spelling allows (onset x rhyme, with c/k, g/gh, ng/ngh)."""
    spelled = {_spell(onset, rhyme) for onset in ("", *ONSETS) for rhyme in RHYMES}
    return tuple(sorted(s for s in spelled if s))


def _spell(onset: str, rhyme: str) -> str | None:
    # "ia" is front too: Nghĩa, Kìa (never "ngia", "cia"); "gia" is the onset gi with "a".
    front = rhyme.startswith(_FRONT)
    if (onset in ("c", "g", "ng")) == front and onset in ("c", "g", "ng", "k", "gh", "ngh"):
        return None
    if rhyme.startswith("y") and rhyme != "y" and onset not in ("", "qu"):
        return None
    if (onset == "" and rhyme.startswith("iê")) or (onset == "qu" and rhyme[0] in "ouư"):
        return None
    if onset == "gi" and rhyme.startswith("i"):
        return "gi" + rhyme[1:]
    return onset + rhyme


def _renderings(syllable: str, lang: str) -> list[tuple[str, int]]:
    table = tables()[lang]
    onset, vowel, coda = split_syllable(syllable)
    vowels = table.vowels
    vowel_forms = vowels.get(vowel) or ("".join(vowels.get(v, (v,))[0] for v in vowel),)
    mark = table.palatal_mark
    out: list[tuple[str, int]] = []
    for (i, o), (j, v), (k, c) in product(
        enumerate(table.onsets.get(onset, (onset,))),
        enumerate(vowel_forms),
        enumerate(table.codas.get(coda, (coda,))),
    ):
        text = _join(table, o, v) + c
        # "ть" loses its sign before и/е, so "Тиен" reads Tiến before Chiến.
        merged = bool(mark) and o.endswith(mark) and v[:1] in table.unmarked_before
        out.append((text, i + j + k + merged))
        if merged:  # machine translation keeps the sign: "Тьинь" is Chính
            out.append((o + v + c, i + j + k + 2))
    return sorted(out, key=lambda pair: pair[1])


def _join(table: Table, onset: str, vowel: str) -> str:
    if table.palatal_mark and onset.endswith(table.palatal_mark) and vowel:
        return onset[: -len(table.palatal_mark)] + vowel[0].translate(table.soft_vowels) + vowel[1:]
    if not onset and vowel[:1] in table.initial_vowels:
        return table.initial_vowels[vowel[0]] + vowel[1:]  # a syllable-initial ê is Э
    return onset + vowel
