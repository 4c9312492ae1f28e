"""Vietnamese names: a generated pool, their ASCII form, and Russian and Greek spellings.

The transliteration is this package's own small syllable table (onset + rhyme +
coda), on the same principle as the parser's: Russian follows the Kontsevich
convention Russian media use (d/gi → з, tr → ч, nh → нь softening the next
vowel), Greek reads the Vietnamese spelling the English way, as machine
translation does (ng → νγκ, th → θ, u → ου). It is deliberately independent of
services/parser/translit.py, so the corpus measures the parser rather than
mirroring it.
"""

from __future__ import annotations

import random
import unicodedata

SURNAMES = (
    ("Nguyễn", 30), ("Trần", 12), ("Lê", 10), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 3),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 2), ("Lý", 1), ("Đinh", 2), ("Trịnh", 1), ("Lương", 1),
    ("Mai", 1), ("Hà", 1), ("Đoàn", 1), ("Lâm", 1), ("Tạ", 1), ("Cao", 1),
)  # fmt: skip
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Thế", "Hồng")
MIDDLE_FEMALE = ("Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng")
GIVEN_MALE = (
    "Hùng", "Dũng", "Sơn", "Hải", "Nam", "Bình", "Tuấn", "Quân", "Long", "Thắng", "Khoa",
    "Trung", "Kiên", "Hiếu", "Huy", "Tùng", "Thành", "Vinh", "Việt", "Cường", "Đạt", "Chính",
    "Lợi", "Phúc", "Toàn", "Thịnh", "Quang", "Khánh", "Tâm", "Hưng", "Tiến", "Phong",
)  # fmt: skip
GIVEN_FEMALE = (
    "Lan", "Hương", "Phương", "Hạnh", "Hiền", "Nga", "Thủy", "Yến", "Linh", "Mai", "Nhung",
    "Hoa", "Dung", "Hằng", "Vân", "Thảo", "Trang", "Loan",
)  # fmt: skip

_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", *"bcdđghklmnprstvx")
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t")

RU_ONSET = {
    "": "", "b": "б", "c": "к", "k": "к", "qu": "ку", "ch": "ть", "d": "з", "đ": "д", "g": "г",
    "gh": "г", "gi": "зь", "h": "х", "kh": "кх", "l": "л", "m": "м", "n": "н", "ng": "нг",
    "ngh": "нг", "nh": "нь", "p": "п", "ph": "ф", "r": "з", "s": "ш", "t": "т", "th": "тх",
    "tr": "ч", "v": "в", "x": "с",
}  # fmt: skip
RU_VOWEL = {
    "a": "а", "ă": "а", "â": "а", "e": "е", "ê": "е", "i": "и", "y": "и", "o": "о", "ô": "о",
    "ơ": "о", "u": "у", "ư": "ы", "ai": "ай", "ay": "ай", "ây": "ай", "ao": "ао", "au": "ау",
    "âu": "ау", "eo": "ео", "êu": "еу", "ia": "ия", "iu": "иу", "iê": "ие", "yê": "е",
    "iêu": "иеу", "oa": "оа", "oă": "оа", "oe": "оэ", "oi": "ой", "ôi": "ой", "ơi": "ой",
    "ua": "уа", "uâ": "уа", "uê": "уэ", "ui": "уй", "uy": "уи", "uyê": "уе", "uô": "уо",
    "uôi": "уой", "ưa": "ыа", "ưi": "ый", "ưu": "ыу", "ươ": "ыо", "ươi": "ыой",
}  # fmt: skip
RU_CODA = {"": "", "c": "к", "ch": "ть", "m": "м", "n": "н", "ng": "нг", "nh": "нь", "p": "п",
           "t": "т"}  # fmt: skip
RU_SOFT = str.maketrans("аоуэ", "яёюе")

EL_ONSET = {
    "": "", "b": "μπ", "c": "κ", "k": "κ", "qu": "κου", "ch": "τσ", "d": "ντ", "đ": "ντ",
    "g": "γκ", "gh": "γκ", "gi": "τζι", "h": "χ", "kh": "χ", "l": "λ", "m": "μ", "n": "ν",
    "ng": "νγκ", "ngh": "νγκ", "nh": "νχ", "p": "π", "ph": "φ", "r": "ρ", "s": "σ", "t": "τ",
    "th": "θ", "tr": "τρ", "v": "β", "x": "σ",
}  # fmt: skip
EL_VOWEL = {
    "a": "α", "ă": "α", "â": "α", "e": "ε", "ê": "ε", "i": "ι", "y": "ι", "o": "ο", "ô": "ο",
    "ơ": "ο", "u": "ου", "ư": "ου", "ai": "αι", "ay": "αϊ", "ây": "αϊ", "ao": "αο",
    "au": "αου", "âu": "αου", "eo": "εο", "êu": "εου", "ia": "ια", "iu": "ιου", "iê": "ιε",
    "yê": "γιε", "iêu": "ιεου", "oa": "οα", "oă": "οα", "oe": "οε", "oi": "οϊ", "ôi": "οϊ",
    "ơi": "οϊ", "ua": "ουα", "uâ": "ουα", "uê": "ουε", "ui": "ουι", "uy": "ουι",
    "uyê": "ουγιε", "uô": "ουο", "uôi": "ουοϊ", "ưa": "ουα", "ưi": "ουι", "ưu": "ιου",
    "ươ": "ουο", "ươi": "ουοϊ",
}  # fmt: skip
EL_CODA = {"": "", "c": "κ", "ch": "τσ", "m": "μ", "n": "ν", "ng": "νγκ", "nh": "νχ", "p": "π",
           "t": "τ"}  # fmt: skip
TABLES = {"ru": (RU_ONSET, RU_VOWEL, RU_CODA), "el": (EL_ONSET, EL_VOWEL, EL_CODA)}


def ascii_name(name: str) -> str:
    """ "Nguyễn Văn Hùng" → "Nguyen Van Hung"."""
    plain = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def _toneless(syllable: str) -> str:
    """Tone marks off, vowel quality kept: "Nguyễn" → "nguyên"."""
    decomposed = unicodedata.normalize("NFD", syllable.lower()).translate(_TONE_MARKS)
    return unicodedata.normalize("NFC", decomposed)


def _split(syllable: str) -> tuple[str, str, str]:
    onset = next((o for o in _ONSETS if syllable.startswith(o)), "")
    if onset == "gi" and len(syllable) == 2:
        onset = "g"  # "gi" alone is g + i
    rest = syllable[len(onset) :]
    coda = next((c for c in _CODAS if rest.endswith(c) and len(rest) > len(c)), "")
    return onset, rest[: len(rest) - len(coda)], coda


def syllable(text: str, lang: str) -> str:
    onsets, vowels, codas = TABLES[lang]
    onset, vowel, coda = _split(_toneless(text))
    if onset == "gi" and vowel.startswith("i"):
        vowel = vowel[1:] or "i"
    head = onsets.get(onset, onset)
    nucleus = vowels.get(vowel) or "".join(vowels.get(ch, ch) for ch in vowel)
    if lang == "ru" and head.endswith("ь") and nucleus[:1] in "аоуэ":
        head, nucleus = head[:-1], nucleus[:1].translate(RU_SOFT) + nucleus[1:]
    if lang == "ru" and not head and nucleus.startswith("е"):
        nucleus = "э" + nucleus[1:]  # a word-initial e is э in Russian
    return head + nucleus + codas.get(coda, coda)


def transliterate(name: str, lang: str, *, joined: bool = False) -> str:
    """A Vietnamese name in Cyrillic ("ru") or Greek ("el"); `joined` writes a place name
    as one word, as Russian does ("Хазянг")."""
    if lang not in TABLES:
        return ascii_name(name)
    words = [syllable(w, lang) for w in name.replace("-", " ").split()]
    if joined:
        return "".join(words).capitalize()
    return " ".join(w.capitalize() for w in words)


def person(rng: random.Random) -> tuple[str, bool]:
    """A realistic full name (with diacritics) and whether it is a woman's."""
    surname = rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
    female = rng.random() < 0.25
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    given = " ".join(rng.sample(pool, 2)) if rng.random() < 0.15 else rng.choice(pool)
    return f"{surname} {middle} {given}", female
