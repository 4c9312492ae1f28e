import re

import pytest

from services.parser.meeting import gazetteer, heads, prefilter, provinces, scanner
from services.parser.parse import parse, parse_article_text
from tinhuy.corpus.generate import generate

FILLER = "Các đại biểu thảo luận về tình hình kinh tế - xã hội của tỉnh. " * 30

CASES = [
    # (pattern, flags, text): every text is longer than prefilter.MIN_LENGTH
    (r"(?<![\d.,])(\d\d{0,2}(?:[.,]\d{1,3})?)\s*(?:%|phần trăm)", re.I, "GRDP đạt 8,2%; 12 %"),
    (
        r"(?<![\w/])(?P<num>\d{1,4})-(?P<abbr>[A-ZĐ]{1,4})/TW(?![\w/])",
        0,
        "57-NQ/TW, a5-CT/TW, 3-QĐ/TW",
    ),
    (
        r"\b(?:nghị quyết|kết luận)\s+(?:số\s+)?(\d+)",
        re.I,
        "Nghị quyết số 57, KẾT LUẬN 121, xkết luận",
    ),
    (r"(\d\d?)\s*([/-])\s*(\d{1,2})(?:\s*\2\s*(\d{4}))?(?![\d/]|-\d)", 0, "Sáng 19/3, 5-4-2025"),
    (r"(?:Σύσκεψη|συνεδρίαση)\w*", re.I, "ΣΥΣΚΕΨΗΣ, συνεδρίασης και Σύσκεψης"),
    (r"(?:đoàn kiểm tra)(?! tỉnh)|(?:ban thường vụ)\b", re.I, "Đoàn kiểm tra số 1920, Ban Thường"),
]


def _spans(matches) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize(("source", "flags", "words"), CASES)
def test_hints_leave_exactly_the_matches_of_finditer(source, flags, words):
    rx = re.compile(source, flags)
    text = f"{FILLER}{words} {FILLER}{words}"
    assert len(text) >= prefilter.MIN_LENGTH
    expected = _spans(rx.finditer(text))
    assert expected
    found = scanner.finditer(rx, text) if flags & re.I else scanner.scan(rx, text)
    assert _spans(found) == expected
    fast = scanner.loose_folded(rx) if flags & re.I else scanner._loose(rx)
    fold = scanner.fold_case(text)
    assert prefilter.hints(fast, fold, caseless=not flags & re.I) is not None


def test_a_scan_that_ends_early_keeps_the_matches_before_its_end():
    rx = re.compile(r"(?:ban thường vụ)\b")
    text = FILLER + "ban thường vụx ban thường vụ tỉnh" + FILLER
    end = len(FILLER) + len("ban thường vụx ban thường vụ")
    got = _spans(scanner.scan(rx, text, end, folded=True))
    assert got == _spans(rx.finditer(text, 0, end))
    assert got[0][0] == (end - len("ban thường vụ"), end)


def test_a_text_with_other_decimal_digits_gets_no_hints_and_the_same_matches():
    rx = re.compile(r"(\d+)\s*%")
    text = FILLER + "tăng ٣٥ % và 12 %" + FILLER  # Arabic-Indic digits: \d in Python
    fast = scanner._loose(rx)
    assert prefilter.hints(fast, scanner.fold_case(text), caseless=True) is None
    assert _spans(scanner.scan(rx, text)) == _spans(rx.finditer(text))


def test_heads_drop_assertions_and_the_tail_that_may_be_empty():
    rx = re.compile(r"(?<![\w/])(?P<num>\d{2,4})(?:-NQ)?\b")
    assert list(heads.heads(rx)) == ["(?:(?:[0-9])(?:[0-9]))"]
    rx = re.compile(r"\bab\d+(?:cd)?\b")
    assert list(heads.heads(rx)) == ["ab(?:[0-9])", "ab"]  # then a shorter opening


def test_a_repeated_wide_class_ends_the_openings_tried():
    # Hyperscan takes seconds to refuse "[A-Z]\w*(?: [A-Z]\w*)+" with start offsets, and
    # "[A-Z]" alone would report at every capital.
    assert list(heads.heads(re.compile(r"[A-Z]\w*(?: [A-Z]\w*)+"))) == []
    assert next(heads.heads(re.compile(r"Nr\. \d+(?: \w+)+"))) == r"Nr\.\x{20}(?:[0-9])"


def test_a_backreference_becomes_its_group_and_a_caseless_negated_class_any_character():
    rx = re.compile(r"(\d)([/-])\d\2\d")
    assert next(heads.heads(rx)) == r"(?:[0-9])(?:[\/\-])[0-9](?:[\/\-])[0-9]"
    rx = re.compile(r"[^a-z0-9]x[^0-9]y")
    assert next(heads.heads(rx, caseless=True)) == r".x[^0-9]y"


def test_a_pattern_hyperscan_cannot_take_has_no_head():
    with pytest.raises(heads.Untranslatable):
        list(heads.heads(re.compile("abc", re.IGNORECASE)))
    assert list(heads.heads(re.compile(r"a?\w*"))) == []


def test_records_are_the_same_with_and_without_hyperscan(monkeypatch):
    """Corpus reports in five languages, each made long (the other reports of its language
    appended, as news pages carry related stories) so that the prefilter serves them."""
    corpus = generate(7, 12)
    articles = [parse(page.html).article for page in corpus.pages.values()]
    by_lang: dict[str, list[str]] = {}
    for article in articles:
        if article is not None and article.text:
            by_lang.setdefault(article.lang, []).append(article.text)
    texts = [("\n".join((group[i:] + group[:i])[:4]), lang)
             for lang, group in by_lang.items() for i in range(len(group))]  # fmt: skip
    assert {lang for _, lang in texts} >= {"vi", "en", "de", "ru", "el"}
    scans = prefilter._scan.cache_info().misses
    with_prefilter = [parse_article_text(text, lang=lang).record for text, lang in texts]
    assert prefilter._scan.cache_info().misses > scans
    monkeypatch.setattr(prefilter, "hyperscan", None)
    assert [parse_article_text(text, lang=lang).record for text, lang in texts] == with_prefilter


@pytest.mark.parametrize("script", ["latin", "ru", "el"])
def test_province_aliases_are_found_the_same_with_and_without_their_database(monkeypatch, script):
    """Every alias of a script, as written, capitalised, inside a word, declined and after a
    given name, in one long text: the same hits from the alias database as from re alone."""
    names = sorted(gazetteer.aliases()[script])
    text = " ".join(
        f"Tỉnh {alias}, {alias.title()}у x{alias} Nguyễn {alias.title()}; {alias.upper()}."
        for alias in names
    )
    starts = provinces._matchers()[script].starts.find(text.lower())
    assert starts is not None and len(starts) >= len(names)
    with_database = provinces.find_provinces(text, "vi")
    assert with_database
    monkeypatch.setattr(prefilter, "hyperscan", None)
    assert provinces.find_provinces(text, "vi") == with_database
