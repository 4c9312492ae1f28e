"""Article extraction: bare texts (the seeds), synthetic pages, the stand-in outlet pages."""

import re
from pathlib import Path

import pytest

from services.parser import article, lines, timestamps

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "seeds"
PAGES = SEEDS / "pages"
# As in shared/gold/seeds.jsonl.
SEED_SOURCES = {
    "000_67c174f4a274d58e": (
        "https://daidoanket.vn/can-co-cac-nhom-giai-phap-de-quang-ninh-tien-nhanh-chac-ben-vung-ve-moi-mat-10301856.html",
    ),
    "001_4cd7b3aea3d82d61": (
        "https://baohagiang.vn/thoi-su-chinh-tri/202503/doan-kiem-tra-cua-bo-chinh-tri-lam-viec-voi-ban-thuong-vu-tinh-uy-52d2fd8/",
    ),
    "002_3249dede8c6fd173": (
        "https://baohaiduong.vn/bi-thu-tinh-uy-tran-duc-thang-dai-hoi-la-dip-chinh-don-doi-ngu-va-nang-cao-nang-luc-suc-chien-dau-cua-to-chuc-dang-392942.html",
    ),
    "003_0c16555e78fdfe28": (),
    "004_ecdd89f01d7cf933": (
        "https://bacgiang.gov.vn/chi-tiet-tin-tuc/-/asset_publisher/St1DaeZNsp94/content/hoi-nghi-tong-ket-cong-tac-lanh-ao-cua-tinh-uy-nam-2024-trien-khai-nhiem-vu-nam-2025",
    ),
}
SEED_LANGS = {
    "000_67c174f4a274d58e": "de",
    "001_4cd7b3aea3d82d61": "ru",
    "002_3249dede8c6fd173": "de",
    "003_0c16555e78fdfe28": "de",
    "004_ecdd89f01d7cf933": "el",
}
BOILERPLATE = re.compile(
    r"\[[^\]]*_\d\]|Kommentar \(|Комментарий \(|Σχόλιο \(|Quelle|Источник:|Πηγή:| \|$",
    re.MULTILINE,
)


def _seed(seed_id: str) -> article.Article:
    return article.from_text((SEEDS / f"{seed_id}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed_id", sorted(SEED_SOURCES))
def test_seed_text_gives_its_sources_language_and_a_clean_body(seed_id: str) -> None:
    found = _seed(seed_id)
    assert found.source_urls == SEED_SOURCES[seed_id]
    assert found.lang == SEED_LANGS[seed_id]
    assert found.title is None
    assert found.url is None and found.outlet is None and found.canonical_url is None
    assert BOILERPLATE.search(found.text) is None
    assert "" not in found.text.split("\n")


def test_seed_001_timestamp_prefix_captions_and_byline() -> None:
    found = _seed("001_4cd7b3aea3d82d61")
    lines = found.text.split("\n")
    assert found.published_at == "2025-03-17T14:34:00+07:00"
    assert lines[0].startswith("Утром 17 марта рабочая группа № 1920")
    assert "14:34" not in found.text
    assert found.captions[0] == "Рабочая сцена"
    assert "На встрече выступил секретарь провинциальной партии Хау А Лен." in found.captions
    assert len(found.captions) == 7
    assert "Рабочая сцена" not in found.text
    assert found.mentioned_bylines == ("Ван Нгхи",)
    assert "ВАН НГХИ" not in found.text


def test_seed_004_trailing_byline_leaves_the_body() -> None:
    found = _seed("004_ecdd89f01d7cf933")
    assert found.mentioned_bylines == ("Ντουόνγκ Θουί", "Τραν Κιέμ")
    assert found.text.split("\n")[-1].startswith("Η Επαρχιακή Επιτροπή του Κόμματος απένειμε")
    assert found.published_at is None


@pytest.mark.parametrize("seed_id", ["000_67c174f4a274d58e", "002_3249dede8c6fd173"])
def test_seeds_without_timestamp_have_no_published_at(seed_id: str) -> None:
    assert _seed(seed_id).published_at is None


def test_from_text_keeps_given_metadata_and_drops_the_title_line() -> None:
    text = "Ban Thường vụ họp\n(Baohaiduong.vn) - Sáng 5/3, Ban Thường vụ Tỉnh ủy họp.\nNguồn: https://baohaiduong.vn/a-1.html"
    found = article.from_text(
        text,
        url="https://baohaiduong.vn/a-1.html",
        title="Ban Thường vụ họp",
        lang="vi",
        published_at="2025-03-05T10:00:00",
    )
    assert found.text == "Sáng 5/3, Ban Thường vụ Tỉnh ủy họp."
    assert found.published_at == "2025-03-05T10:00:00+07:00"
    assert found.outlet == "baohaiduong.vn"
    assert found.source_urls == ()  # the page's own URL is never its source


def test_a_see_also_line_goes_alone_but_a_related_heading_takes_its_list() -> None:
    text = (
        "Sáng 3/4, Tỉnh ủy họp.\nXem thêm: Hội nghị lần thứ 20\nKết quả nổi bật\n"
        "Tỉnh đạt mục tiêu.\nTin liên quan\nHội nghị A\nHội nghị B\nTỉnh hoàn thành kế hoạch."
    )
    assert article.from_text(text).text == (
        "Sáng 3/4, Tỉnh ủy họp.\nKết quả nổi bật\nTỉnh đạt mục tiêu.\nTỉnh hoàn thành kế hoạch."
    )


def test_outlet_prefixes_and_bylines_in_several_forms() -> None:
    text = "QNO – Chiều 25/4, Tỉnh ủy họp.\nĐoàn kết là sức mạnh.\nTin, ảnh: VĂN NGHỊ"
    found = article.from_text(text)
    assert found.text == "Chiều 25/4, Tỉnh ủy họp.\nĐoàn kết là sức mạnh."
    assert found.mentioned_bylines == ("Văn Nghị",)
    assert found.author == "Văn Nghị"
    assert lines.names_in("Van Nghi") == ["Van Nghi"]
    assert lines.names_in("Tuấn Anh và Minh Thu") == ["Tuấn Anh", "Minh Thu"]
    assert lines.names_in("Der Präsident sprach.") is None
    assert lines.names_in("PV") is None


def test_a_leading_by_line_is_a_byline_but_ordinary_leads_are_not() -> None:
    found = article.from_text("Dak Lak reviews 2024 work\nBy Hoang Anh\nOn January 10, it met.")
    assert found.text == "Dak Lak reviews 2024 work\nOn January 10, it met."
    assert found.mentioned_bylines == ("Hoang Anh",)
    kept = "Tin Hà Nội\nText Der Resolution\nDie Konferenz tagte."
    assert article.from_text(kept).text == kept


def test_no_prefix_is_stripped_from_an_ordinary_lead() -> None:
    found = article.from_text("Sáng 17/3 - ngày làm việc thứ hai, Đoàn kiểm tra làm việc.")
    assert found.text == "Sáng 17/3 - ngày làm việc thứ hai, Đoàn kiểm tra làm việc."


def test_parse_time_accepts_iso_and_printed_vietnamese_times() -> None:
    assert timestamps.parse_time("2025-03-17T14:34:00+07:00") == "2025-03-17T14:34:00+07:00"
    assert timestamps.parse_time("2025-03-17T07:34:00Z") == "2025-03-17T07:34:00+00:00"
    assert timestamps.parse_time("2025-03-17 14:34") == "2025-03-17T14:34:00+07:00"
    assert timestamps.parse_time("14:34, 17/03/2025") == "2025-03-17T14:34:00+07:00"
    assert timestamps.parse_time("Thứ Tư, 19/03/2025 15:20") == "2025-03-19T15:20:00+07:00"
    assert timestamps.parse_time("2025-03-17") == "2025-03-17"
    assert timestamps.parse_time("31/02/2025") is None
    assert timestamps.parse_time("soon") is None


JSON_LD_PAGE = """<!doctype html><html lang="vi"><head>
<title>Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 4 | Báo Quảng Nam</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Báo Quảng Nam"},
 {"@type": "NewsArticle", "headline": "Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 4",
  "datePublished": "2024-04-25T16:05:00+07:00", "inLanguage": "vi",
  "author": {"@type": "Person", "name": "THANH HẢI"},
  "mainEntityOfPage": "https://baoquangnam.vn/ban-thuong-vu-tinh-uy-hop-123.html"}]}</script>
</head><body>
<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/chinh-tri">Chính trị</a></li>
</ul></nav></header>
<article><h1>Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 4</h1>
<div class="sapo">QNO - Chiều 25/4, Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 4.</div>
<div class="content">
<p>Đồng chí Lương Nguyễn Minh Triết, Bí thư Tỉnh ủy chủ trì cuộc họp.</p>
<figure><img src="/a.jpg"><figcaption>Quang cảnh cuộc họp. Ảnh: T.H</figcaption></figure>
<p>Cuộc họp cho ý kiến về dự thảo <strong>Kế hoạch số 12-KH/TU</strong> của Tỉnh ủy.</p>
<p>Nguồn: <a href="https://quangnam.gov.vn/tin/abc-1.html#top">Cổng TTĐT Quảng Nam</a></p>
</div></article>
<footer><p>Báo Quảng Nam - Cơ quan của Đảng bộ tỉnh Quảng Nam</p></footer>
</body></html>"""


def test_json_ld_page_gives_exact_fields() -> None:
    url = "https://baoquangnam.vn/ban-thuong-vu-tinh-uy-hop-123.html"
    found = article.from_html(JSON_LD_PAGE, url=url)
    assert found == article.Article(
        text=(
            "Chiều 25/4, Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 4.\n"
            "Đồng chí Lương Nguyễn Minh Triết, Bí thư Tỉnh ủy chủ trì cuộc họp.\n"
            "Cuộc họp cho ý kiến về dự thảo Kế hoạch số 12-KH/TU của Tỉnh ủy."
        ),
        title="Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 4",
        lang="vi",
        url=url,
        canonical_url=url,
        outlet="baoquangnam.vn",
        published_at="2024-04-25T16:05:00+07:00",
        author="Thanh Hải",
        source_urls=("https://quangnam.gov.vn/tin/abc-1.html",),
        mentioned_bylines=("Thanh Hải",),
        captions=("Quang cảnh cuộc họp.",),
    )


OG_PAGE = """<html><head>
<meta property="og:title" content="Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20">
<meta property="og:url" content="https://baobacninh.vn/hoi-nghi-bch-20.html">
<meta property="article:published_time" content="2025-02-10T08:30:00">
<meta name="author" content="Minh Anh">
</head><body><div id="main"><h1>Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20</h1>
<div class="entry">
<p>BBN – Sáng 10/2, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ 20.</p>
<p style="text-align:center"><img src="b.jpg"></p>
<p style="text-align:center"><em>Các đại biểu dự hội nghị.</em></p>
<p>Hội nghị thảo luận và thông qua các nội dung quan trọng của tỉnh.</p>
<p style="text-align:right"><strong>Minh Anh</strong></p>
</div></div></body></html>"""


def test_og_only_page_gives_exact_fields() -> None:
    found = article.from_html(OG_PAGE, url="https://baobacninh.vn/hoi-nghi-bch-20.html")
    assert found == article.Article(
        text=(
            "Sáng 10/2, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ 20.\n"
            "Hội nghị thảo luận và thông qua các nội dung quan trọng của tỉnh."
        ),
        title="Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20",
        lang="vi",
        url="https://baobacninh.vn/hoi-nghi-bch-20.html",
        canonical_url="https://baobacninh.vn/hoi-nghi-bch-20.html",
        outlet="baobacninh.vn",
        published_at="2025-02-10T08:30:00+07:00",
        author="Minh Anh",
        source_urls=(),
        mentioned_bylines=("Minh Anh",),
        captions=("Các đại biểu dự hội nghị.",),
    )


GENERIC_PAGE = """<html><head><title>Tỉnh ủy họp bàn công tác cán bộ - Báo Tỉnh</title></head>
<body><header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi">Xã hội</a></li>
</ul></nav></header>
<div class="wrap"><div class="main">
<div class="body-text">
<p>Thứ Ba, 12/11/2024 - 09:15</p>
<p>Sáng 12/11, Ban Thường vụ Tỉnh ủy họp bàn về công tác cán bộ của tỉnh.</p>
<p>Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy dự cuộc họp và cho ý kiến.</p>
<div class="related-box"><h3>Tin liên quan</h3><ul><li><a href="/a">Tin khác một</a></li></ul></div>
<p><strong>Tin liên quan</strong></p>
<p><a href="/b">Hội nghị quán triệt nghị quyết</a></p>
<p>Cuộc họp thống nhất trình Ban Chấp hành Đảng bộ tỉnh xem xét.</p>
<ul><li><a href="/c">Tin đọc nhiều một</a></li><li><a href="/d">Tin đọc nhiều hai</a></li></ul>
<div class="share-bar"><a href="#">Chia sẻ</a></div>
<p>Bình luận (3)</p>
</div></div>
<aside><p>Quảng cáo: đặt báo in năm 2025 với nhiều ưu đãi hấp dẫn cho bạn đọc.</p></aside></div>
<footer><p>Bản quyền thuộc về Báo Tỉnh. Địa chỉ: số 1 đường Trần Phú.</p></footer>
</body></html>"""


def test_generic_page_keeps_only_the_article_paragraphs() -> None:
    found = article.from_html(GENERIC_PAGE, url="https://baotinh.vn/tin-1.html")
    assert found.text == (
        "Sáng 12/11, Ban Thường vụ Tỉnh ủy họp bàn về công tác cán bộ của tỉnh.\n"
        "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy dự cuộc họp và cho ý kiến.\n"
        "Cuộc họp thống nhất trình Ban Chấp hành Đảng bộ tỉnh xem xét."
    )
    assert found.title == "Tỉnh ủy họp bàn công tác cán bộ"
    assert found.published_at == "2024-11-12T09:15:00+07:00"
    assert found.outlet == "baotinh.vn"
    assert found.source_urls == ()
    assert found.lang == "vi"


AGGREGATOR_PAGE = """<html lang="de"><head><title>Provinzparteikomitee tagt | Vietnam.vn</title>
<link rel="canonical" href="https://www.vietnam.vn/de/provinzparteikomitee-tagt"></head>
<body><nav><a href="/de">Startseite</a></nav><main><article>
<h1>Das Provinzparteikomitee überprüft die Arbeit des Jahres 2024</h1>
<div class="entry-content">
<p>Am Morgen des 14. Januar hielt das Exekutivkomitee der Provinzpartei eine Konferenz ab.</p>
<p>Der Sekretär des Provinzparteikomitees leitete die Konferenz und würdigte die Ergebnisse.</p>
<p>[Anzeige_2]</p>
<p>Quelle: <a href="https://baobacgiang.vn/tong-ket-2024-123.html">https://baobacgiang.vn/tong-ket-2024-123.html</a></p>
</div>
<div class="comments"><h3>Kommentar (0)</h3></div>
</article></main></body></html>"""


def test_aggregator_page_names_its_source_and_drops_placeholders() -> None:
    url = "https://www.vietnam.vn/de/provinzparteikomitee-tagt"
    found = article.from_html(AGGREGATOR_PAGE, url=url)
    assert found.text == (
        "Am Morgen des 14. Januar hielt das Exekutivkomitee der Provinzpartei eine Konferenz ab.\n"
        "Der Sekretär des Provinzparteikomitees leitete die Konferenz und würdigte die Ergebnisse."
    )
    assert found.title == "Das Provinzparteikomitee überprüft die Arbeit des Jahres 2024"
    assert found.source_urls == ("https://baobacgiang.vn/tong-ket-2024-123.html",)
    assert found.lang == "de"
    assert found.outlet == "vietnam.vn"
    assert found.published_at is None


def test_a_canonical_url_on_another_domain_is_a_source() -> None:
    page = AGGREGATOR_PAGE.replace(
        "https://www.vietnam.vn/de/provinzparteikomitee-tagt", "https://baohagiang.vn/x/"
    )
    found = article.from_html(page, url="https://news.example.com/de/x")
    assert found.canonical_url == "https://baohagiang.vn/x/"
    assert found.source_urls == (
        "https://baobacgiang.vn/tong-ket-2024-123.html",
        "https://baohagiang.vn/x/",
    )


DIV_PAGE = """<html><body><div class="menu"><a href="/">Trang chủ</a></div>
<div id="cont">
<div>Sáng 5/6, Tỉnh ủy tổ chức hội nghị lần thứ 10 bàn về công tác cán bộ.<br>
Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị.</div>
<div>Hội nghị đã thống nhất cao các nội dung được trình tại kỳ họp.</div>
<div align="right"><b>NGUYỄN VĂN AN</b></div></div>
<footer>Bản quyền thuộc Tỉnh ủy</footer></body></html>"""


def test_a_page_without_p_paragraphs_uses_its_densest_div() -> None:
    found = article.from_html(DIV_PAGE, url="https://tinhuy.vn/x")
    assert found.text == (
        "Sáng 5/6, Tỉnh ủy tổ chức hội nghị lần thứ 10 bàn về công tác cán bộ.\n"
        "Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị.\n"
        "Hội nghị đã thống nhất cao các nội dung được trình tại kỳ họp."
    )
    assert found.mentioned_bylines == ("Nguyễn Văn An",)


@pytest.mark.parametrize("html", ["", "<html>", "\x00\x01\x02", "<p>kurz</p>"])
def test_degenerate_html_never_raises(html: str) -> None:
    found = article.from_html(html)
    assert found.source_urls == ()
    assert found.title is None


STAND_INS = {
    "daidoanket.vn.html": (
        SEED_SOURCES["000_67c174f4a274d58e"][0],
        "Cần có các nhóm giải pháp để Quảng Ninh tiến nhanh, chắc, bền vững về mọi mặt",
        "2025-03-19T15:20:00+07:00",
    ),
    "baohagiang.vn.html": (
        SEED_SOURCES["001_4cd7b3aea3d82d61"][0],
        "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy",
        "2025-03-17T14:34:00+07:00",
    ),
    "baohaiduong.vn.html": (
        SEED_SOURCES["002_3249dede8c6fd173"][0],
        "Bí thư Tỉnh ủy Trần Đức Thắng: Đại hội là dịp chỉnh đốn đội ngũ và nâng cao năng lực,"
        " sức chiến đấu của tổ chức đảng",
        "2024-09-19T16:45:00+07:00",
    ),
    "bacgiang.gov.vn.html": (
        SEED_SOURCES["004_ecdd89f01d7cf933"][0],
        "Hội nghị tổng kết công tác lãnh đạo của Tỉnh ủy năm 2024, triển khai nhiệm vụ năm 2025",
        "2025-01-14T15:45:00+07:00",
    ),
}
# Text that is on the stand-in pages but never article body.
FURNITURE = (
    "Trang chủ",
    "bản dựng thay thế",
    "Tin liên quan",
    "Tin cùng chuyên mục",
    "Các tin khác",
    "Đọc nhiều",
    "Bình luận",
    "Chia sẻ",
    "Từ khóa",
    "NHÓM PV",
    "VĂN NGHỊ",
    "Dương Thủy - Trần Kiểm",
    "Quang cảnh",
    "BHG -",
)


@pytest.mark.parametrize("name", sorted(STAND_INS))
def test_stand_in_outlet_pages_give_title_outlet_time_and_a_clean_body(name: str) -> None:
    path = PAGES / name
    if not path.exists():
        pytest.fail(f"{path} is missing: the stand-in pages belong in seeds/pages/")
    url, title, published = STAND_INS[name]
    found = article.from_html(path.read_text(encoding="utf-8"), url=url)
    assert found.title == title
    assert found.outlet == name.removesuffix(".html")
    assert found.published_at == published
    assert found.lang == "vi"
    assert found.canonical_url == url
    assert found.source_urls == ()
    assert len(found.text.split("\n")) >= 10
    for furniture in FURNITURE:
        assert furniture not in found.text, furniture
    for caption in found.captions:
        assert caption not in found.text


def test_baohagiang_time_printed_on_the_page_is_vietnam_time() -> None:
    html = (PAGES / "baohagiang.vn.html").read_text(encoding="utf-8")
    html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    found = article.from_html(html, url=STAND_INS["baohagiang.vn.html"][0])
    assert found.published_at == "2025-03-17T14:34:00+07:00"
    assert found.mentioned_bylines == ("Văn Nghị",)
    assert "Trần Quang Minh" in found.captions[-1]


def test_english_month_names_and_a_12_hour_clock_are_read():
    assert timestamps.printed_time("Posted by Staff | August 19, 2024 at 9:05 pm") == (
        "2024-08-19T21:05:00+07:00"
    )
    assert timestamps.printed_time("12:05 AM, Aug. 3, 2025") == "2025-08-03T00:05:00+07:00"
    assert timestamps.printed_time("March 2024") is None
