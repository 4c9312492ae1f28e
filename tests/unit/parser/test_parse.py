from services.parser.parse import Parsed, parse, parse_article_text

TEXT = (
    "Am Nachmittag des 25. April tagte der Ständige Ausschuss des Provinzparteikomitees Nghe An, "
    "um die Ergebnisse im ersten Quartal 2024 zu erörtern.\n"
    "Genosse Nguyen Van Thong, stellvertretender Sekretär des Provinzparteikomitees, "
    "leitete die Sitzung."
)


def test_empty_and_binary_input_give_a_reason_not_an_error():
    assert parse(b"") == Parsed(None, None, "empty input")
    assert parse(b"   \n") == Parsed(None, None, "empty input")
    assert parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == Parsed(
        None, None, "binary content, not text"
    )


def test_plain_text_article_gives_a_record():
    parsed = parse(TEXT.encode())
    assert parsed.reason is None and parsed.record is not None
    assert (parsed.record.date, parsed.record.body, parsed.record.purpose) == (
        "2024-04-25",
        "standing_committee",
        "review",
    )
    assert [p.name_ascii for p in parsed.record.chairs] == ["Nguyen Van Thong"]


def test_html_is_told_by_content_type_or_markup():
    html = (
        "<html lang='de'><head><title>Sitzung</title></head>"
        f"<body><article><p>{TEXT}</p></article></body></html>"
    )
    parsed = parse(
        html.encode(), url="https://baonghean.vn/a.html", content_type="text/html; charset=utf-8"
    )
    assert parsed.record is not None
    assert parsed.record.source.url == "https://baonghean.vn/a.html"
    assert parsed.record.source.outlet == "baonghean.vn"


def test_an_index_page_reports_no_meeting():
    html = (
        "<html><body><ul><li><a href='/a'>Tin 1</a></li>"
        "<li><a href='/b'>Tin 2</a></li></ul></body></html>"
    )
    parsed = parse(html, url="https://baonghean.vn/")
    assert parsed.record is None and parsed.reason is not None


def test_parse_article_text_uses_the_given_metadata():
    parsed = parse_article_text(TEXT, url="https://x.vn/a", title="Sitzung", lang="de")
    assert parsed.article is not None and parsed.article.title == "Sitzung"
    assert parsed.record is not None and parsed.record.source.lang == "de"
