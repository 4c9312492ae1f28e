"""Vietnamese names in Russian and Greek transliteration, and back to Latin.

One syllable table drives both directions. Every Vietnamese syllable that the
spelling allows (onset x rhyme, tones dropped, vowel quality kept) is rendered
by rule into Cyrillic and Greek, most usual rendering first; inverted, the
table reads "Хазянге" or "Νγκουγιέν" back as Vietnamese syllables.

Russian follows the Kontsevich convention that Russian media use: d/gi/r → з,
đ → д, s → ш (often с), x → с, tr → ч, ch → ть, th → тх, kh → кх, ph → ф,
nh → нь (softening the next vowel: nha → ня), ư → ы, ươ → ыо, final nh → нь,
final ch → ть. Greek has no convention; machine translation reads Vietnamese
spelling the English way: b → μπ, d/đ → ντ, g → γκ, gi → τζι, ng → νγκ,
th → θ, tr → τρ/τσ, ch → τσ, h/kh → χ, u → ου, final nh → νχ or ν.
A reading prefers syllables common in names and places (COMMON), then the
most usual rendering; unidecode is the last resort for a word the table
cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from itertools import product

from unidecode import unidecode

ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", *"bcdđghklmnprstvx")
RHYMES = """a ai ao au ay âu ây e eo ê êu i ia iu o oa oai oao oay oe oeo oi ô ôi ơ ơi
u ua uây uê ui uy uya uyu ư ưa ưi ưu ươi ươu iêu yêu y ac ach am an ang anh ap at ăc ăm ăn
ăng ăp ăt âc âm ân âng âp ât ec em en eng ep et êch êm ên ênh êp êt ich im in inh ip it oc om
on ong op ot oong ooc ôc ôm ôn ông ôp ôt ơm ơn ơp ơt uc um un ung up ut ưc ưng ưt ưn ưm iêc
iêm iên iêng iêp iêt yêm yên yêt uôc uôm uôn uông uôt ươc ươm ươn ương ươp ươt oac oach oam
oan oang oanh oap oat oăc oăm oăn oăng oăt oen oet uân uâng uât uêch uênh uych uynh uyt
uyên uyêt""".split()
# Syllables (tones dropped) frequent in personal and place names: they win a
# tie between readings ("Сон" is Sơn, not Xon; "Τσαν" is Trần, not Chan).
COMMON = frozenset(
    """nguyên trân lê pham hoang huynh phan vu vo đăng bui đô hô ngô dương ly đinh đoan
lương trinh trương tô ta châu chu ha cao vương mac tăng thai kiêu luc giap tư doan la lac
lưu nghiêm phung triêu tông văn hâu thao lo sung mua vang giang hưa van thi thu minh hưng
hung quang đưc anh tuân hai sơn ngoc huy hông thanh hương lan hoa hiên hiêu hoai thuy
phương dung duy trung kiên kiêm tiên toan tâm tu tung vinh viêt xuân yên binh chinh công
cương đat giang hanh hiêp hoan khanh khoa khôi lâm lôc long luân manh nam nga ngân nghia
nhân nhung oanh phong phu phuc quân quê quôc quy quyêt sang tai tân thăng thanh thê thông
thuân thương tin tri trong tuyên tuyêt uyên vân vy chiên đông đông điêp hăng hiên huê
huyên khai khang lơi mai my nghi nguyêt ninh nhât phat quyên thăm thiên thinh tho thuc
trang tra trâm trinh tuê tương uy dân đao đương lưc mân khiêm ngai nông lăk đăk tum rai
bac băc năng nôi chi lao cai bai lang kan điên biên băng nghê tây phươc nai ria tau
tiên bên tre thap cân thơ soc trăng liêu ca mau thưa gia lai khuê hơp an ân ba hưu""".split()
)
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")
_FRONT = ("e", "ê", "i", "y")

# Russian. A consonant ending in "ь" is palatal: it softens the next vowel.
RU_ONSETS = {
    "": ("",), "b": ("б",), "c": ("к",), "k": ("к",), "qu": ("ку",), "ch": ("ть", "ч"),
    "d": ("з", "д"), "đ": ("д",), "g": ("г",), "gh": ("г",), "gi": ("зь",), "h": ("х",),
    "kh": ("кх", "х"), "l": ("л",), "m": ("м",), "n": ("н",), "ng": ("нг",), "ngh": ("нг", "нгх"),
    "nh": ("нь",), "p": ("п",), "ph": ("ф",), "r": ("з", "р"), "s": ("ш", "с"), "t": ("т",),
    "th": ("тх", "т"), "tr": ("ч", "тр"), "v": ("в",), "x": ("с",),
}  # fmt: skip
RU_VOWELS = {
    "a": ("а",), "ă": ("а",), "â": ("а",), "e": ("е", "э"), "ê": ("е", "э"), "i": ("и",),
    "y": ("и",), "o": ("о",), "ô": ("о",), "ơ": ("о",), "u": ("у",), "ư": ("ы", "у"),
    "ai": ("ай",), "ay": ("ай", "эй"), "ây": ("ай", "эй"), "ao": ("ао",), "au": ("ау",),
    "âu": ("ау",), "eo": ("ео", "эо"), "êu": ("еу",), "ia": ("ия", "иа"), "iu": ("иу",),
    "iê": ("ие", "ье", "е"), "yê": ("йе", "е", "ие"), "iêu": ("иеу", "ьеу"), "yêu": ("йеу",),
    "oa": ("оа",), "oă": ("оа",), "oe": ("оэ", "ое"), "oai": ("оай",), "oay": ("оай",),
    "oi": ("ой",), "ôi": ("ой",), "ơi": ("ой",), "oo": ("о", "оо"), "ua": ("уа",),
    "uâ": ("уа",), "uê": ("уэ", "юэ", "уе"), "ui": ("уй",), "uy": ("уи", "юи", "уй", "юй"),
    "uyê": ("уе", "уэ", "юе", "уие"), "uô": ("уо",), "uôi": ("уой",), "uây": ("уай",),
    "ưa": ("ыа",), "ưi": ("ый",), "ưu": ("ыу",), "ươ": ("ыо", "уо"), "ươi": ("ыой",),
    "ươu": ("ыоу",),
}  # fmt: skip
RU_CODAS = {
    "": ("",), "c": ("к",), "ch": ("ть", "к"), "m": ("м",), "n": ("н",), "ng": ("нг", "н"),
    "nh": ("нь", "н"), "p": ("п",), "t": ("т",),
}  # fmt: skip
RU_SOFT = str.maketrans("аоуэ", "яёюе")
# Russian case endings on names ("Ле Минь Хунгом", "провинции Хазянге"); a stem
# that lost "ь"/"й" to the ending gets it back ("Куангниня", "Ханоя").
RU_ENDINGS = ("ами", "ями", "ого", "ому", "ом", "ем", "ём", "ой", "ей", "ым", "им", "ах",
              "ях", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и")  # fmt: skip

EL_ONSETS = {
    "": ("",), "b": ("μπ", "β"), "c": ("κ",), "k": ("κ",), "qu": ("κου", "κβ"),
    "ch": ("τσ", "τσι"), "d": ("ντ", "ζ", "γι"), "đ": ("ντ", "δ"), "g": ("γκ", "γ"),
    "gh": ("γκ", "γ"), "gi": ("τζι", "γι", "ζ", "τζ"), "h": ("χ",), "kh": ("χ", "κχ", "κ"),
    "l": ("λ",), "m": ("μ",), "n": ("ν",), "ng": ("νγκ", "νγ", "γκ"), "ngh": ("νγκ", "νγ"),
    "nh": ("νχ", "ν", "νι"), "p": ("π",), "ph": ("φ",), "r": ("ρ", "ζ"), "s": ("σ",),
    "t": ("τ",), "th": ("θ", "τ", "τχ"), "tr": ("τρ", "τσ", "τζ"), "v": ("β",), "x": ("σ", "ξ"),
}  # fmt: skip
EL_VOWELS = {
    "a": ("α",), "ă": ("α",), "â": ("α",), "e": ("ε",), "ê": ("ε",), "i": ("ι",), "y": ("ι",),
    "o": ("ο",), "ô": ("ο",), "ơ": ("ο",), "u": ("ου",), "ư": ("ου", "ι"), "ai": ("αι",),
    "ay": ("αι", "ει"), "ây": ("αι", "ει"), "ao": ("αο",), "au": ("αου",), "âu": ("αου",),
    "eo": ("εο",), "êu": ("εου",), "ia": ("ια",), "iu": ("ιου",), "iê": ("ιε",),
    "yê": ("γιε", "ιε"), "iêu": ("ιεου",), "yêu": ("γιεου",), "oa": ("οα",), "oă": ("οα",),
    "oe": ("οε",), "oai": ("οαι",), "oay": ("οαι",), "oi": ("οι",), "ôi": ("οι",),
    "ơi": ("οι",), "oo": ("οο", "ο"), "ua": ("ουα",), "uâ": ("ουα",), "uê": ("ουε",),
    "ui": ("ουι",), "uy": ("ουι", "ουγι"), "uyê": ("ουγιε", "ουιε", "ουε"), "uô": ("ουο",),
    "uôi": ("ουοι",), "uây": ("ουαι",), "ưa": ("ουα",), "ưi": ("ουι",), "ưu": ("ιου", "ουου"),
    "ươ": ("ουο",), "ươi": ("ουοι",), "ươu": ("ουου",),
}  # fmt: skip
EL_CODAS = {
    "": ("",), "c": ("κ",), "ch": ("κ", "τσ", "χ"), "m": ("μ",), "n": ("ν",),
    "ng": ("νγκ", "νγ", "γκ"), "nh": ("νχ", "ν"), "p": ("π",), "t": ("τ",),
}  # fmt: skip

RULES = {"ru": (RU_ONSETS, RU_VOWELS, RU_CODAS), "el": (EL_ONSETS, EL_VOWELS, EL_CODAS)}
EXONYMS = {"хо ши мин": "Ho Chi Minh", "хошимин": "Ho Chi Minh", "сайгон": "Sai Gon",
           "хайфон": "Hai Phong", "ανοι": "Ha Noi", "σαιγκον": "Sai Gon"}  # fmt: skip
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
WORD_SEPARATORS = re.compile(r"[\s\-‐–—]+")
MAX_KEY = 12
SYLLABLE_COST, ENDING_COST = 1.0, 0.5


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
    """Renderings of one Vietnamese syllable in "ru" or "el", most usual first (lower case)."""
    return tuple(text for text, _ in _renderings(strip_tones(syllable), lang))


def to_latin_vietnamese(name: str, lang: str) -> str:
    """Read a Cyrillic or Greek name back as Vietnamese: "Ле Минь Хунгом" → "Le Minh Hung"."""
    if not (CYRILLIC.search(name) or GREEK.search(name)):
        return name
    words = [w for w in WORD_SEPARATORS.split(name.strip()) if w]
    whole = EXONYMS.get(" ".join(_key(w) for w in words))
    if whole:
        return whole
    return " ".join(_read_word(word, lang) for word in words)


def _read_word(word: str, lang: str) -> str:
    if not (CYRILLIC.search(word) or GREEK.search(word)):
        return word
    script = "el" if GREEK.search(word) else "ru"
    key = _key(word)
    if key in EXONYMS:
        return EXONYMS[key]
    syllables = _segment(key, script)
    if syllables is None:
        return unidecode(word).capitalize()
    return " ".join(fold(s).capitalize() for s in syllables)


def _key(word: str) -> str:
    """Lookup form: lower case, Greek accents and final sigma gone, ё → е."""
    word = word.lower().replace("ё", "е")
    if GREEK.search(word):
        stripped = unicodedata.normalize("NFD", word)
        word = "".join(ch for ch in stripped if not unicodedata.combining(ch)).replace("ς", "σ")
    return word


def _segment(key: str, script: str) -> list[str] | None:
    """Cheapest cover of the word by table syllables, with a Russian case ending allowed."""
    options = [(0.0, key)]
    if script == "ru":
        for ending in RU_ENDINGS:
            if key.endswith(ending) and len(key) > len(ending) + 1:
                stem = key[: -len(ending)]
                options += [(ENDING_COST, stem + tail) for tail in ("", "ь", "й")]
    best: tuple[float, list[str]] | None = None
    for extra, stem in options:
        found = _cover(stem, script)
        if found and (best is None or found[0] + extra < best[0]):
            best = (found[0] + extra, found[1])
    return best[1] if best else None


@cache
def _cover(text: str, script: str) -> tuple[float, list[str]] | None:
    table = _table(script)
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
def _table(script: str) -> dict[str, tuple[str, float]]:
    """Rendering → (Vietnamese syllable, score): common syllables and usual renderings win."""
    table: dict[str, tuple[str, float]] = {}
    for syllable in _inventory():
        bonus = 2.0 if syllable in COMMON else 0.0
        for text, rank in _renderings(syllable, script):
            score = bonus - 0.1 * rank
            key = _key(text)
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
    onsets, vowels, codas = RULES[lang]
    onset, vowel, coda = split_syllable(syllable)
    vowel_forms = vowels.get(vowel) or ("".join(vowels.get(v, (v,))[0] for v in vowel),)
    out: list[tuple[str, int]] = []
    for (i, o), (j, v), (k, c) in product(
        enumerate(onsets.get(onset, (onset,))), enumerate(vowel_forms), enumerate(codas[coda])
    ):
        text = _join_ru(o, v) + c if lang == "ru" else o + v + c
        # "ть" loses its sign before и/е, so "Тиен" reads Tiến before Chiến.
        merged = lang == "ru" and o.endswith("ь") and v[:1] in "иеыь"
        out.append((text, i + j + k + merged))
        if merged:  # machine translation keeps the sign: "Тьинь" is Chính
            out.append((o + v + c, i + j + k + 2))
    return sorted(out, key=lambda pair: pair[1])


def _join_ru(onset: str, vowel: str) -> str:
    if onset.endswith("ь") and vowel:
        return onset[:-1] + vowel[0].translate(RU_SOFT) + vowel[1:]
    if not onset and vowel.startswith("е"):
        return "э" + vowel[1:]  # a syllable-initial e/ê is э: Ê → Э
    return onset + vowel
