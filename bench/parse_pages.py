"""The parse bench's pages: real-sized (~100 KB) article pages built from the repo's own.

Each source page (the four Vietnamese stand-ins in seeds/pages/ and the HTML documents of
tests/eval/docs/) is padded the way live news pages are heavy: an inline script bundle and
a style sheet in the head, a mega-menu, a "most read" sidebar of teasers, a comment box,
and more body paragraphs (borrowed, in a fixed order, from the other pages). Everything is
derived from the inputs with no randomness, so every run measures the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (
    *sorted((ROOT / "seeds" / "pages").glob("*.html")),
    *sorted((ROOT / "tests" / "eval" / "docs").glob("*.html")),
)
TARGET_BYTES = 100_000
EXTRA_PARAGRAPHS = 8  # body paragraphs borrowed from the other pages
_MIN_PARAGRAPH = 120  # characters: only real prose is borrowed


def _paragraphs(page: str) -> list[str]:
    tree = LexborHTMLParser(page)
    return [t for p in tree.css("p") if len(t := p.text(strip=True)) >= _MIN_PARAGRAPH]


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(f"{text}/{n}".encode()).hexdigest()


def _script(name: str, size: int) -> str:
    """An analytics/config bundle like the ones outlets inline: JSON-ish, never run."""
    rows, n = [], 0
    while sum(map(len, rows)) < size:
        rows.append(f'  "{_digest(name, n)[:12]}": {{"slot": {n}, "id": "{_digest(name, -n)}"}},')
        n += 1
    return "<script>window.__CONFIG__ = {\n" + "\n".join(rows) + '\n  "end": 0};</script>\n'


def _style(name: str, size: int) -> str:
    rules, n = [], 0
    while sum(map(len, rules)) < size:
        key = _digest(name, n)[:8]
        rules.append(f".c-{key} {{ margin: {n % 24}px; color: #{key[:6]}; display: flex; }}")
        n += 1
    return "<style>\n" + "\n".join(rules) + "\n</style>\n"


def _menu(headlines: list[str], size: int) -> str:
    items, n = [], 0
    while sum(map(len, items)) < size:
        title = html.escape(headlines[n % len(headlines)][:60])
        items.append(f'<li class="menu__item"><a href="/muc-{n}.html">{title}</a></li>')
        n += 1
    return '<nav class="mega-menu"><ul>' + "".join(items) + "</ul></nav>\n"


def _sidebar(teasers: list[str], size: int) -> str:
    items, n = [], 0
    while sum(map(len, items)) < size:
        text = html.escape(teasers[n % len(teasers)][:180])
        items.append(
            f'<div class="box-item"><a href="/tin-{n}.html"><img src="/img/{n}.jpg" alt=""></a>'
            f'<h3><a href="/tin-{n}.html">{text[:70]}</a></h3><p class="sapo">{text}</p></div>'
        )
        n += 1
    return '<aside class="most-read"><h2>Đọc nhiều</h2>' + "".join(items) + "</aside>\n"


COMMENTS = (
    '<div class="comment-box"><h3>Bình luận (0)</h3><form action="/binh-luan" method="post">'
    '<textarea name="noi-dung" placeholder="Nhập bình luận của bạn"></textarea>'
    '<input name="ten" placeholder="Họ tên"><button type="submit">Gửi bình luận</button>'
    "</form></div>\n"
)


def _pad_body(page: str, borrowed: list[str]) -> str:
    """More paragraphs before the last closing </p> of the page's body."""
    extra = "".join(f"<p>{html.escape(p)}</p>\n" for p in borrowed)
    at = page.rfind("</p>")
    return page if at < 0 else page[: at + 4] + "\n" + extra + page[at + 4 :]


def build_page(source: Path, others: list[str]) -> bytes:
    page = source.read_text("utf-8")
    borrowed = [others[i % len(others)] for i in range(EXTRA_PARAGRAPHS)]
    page = _pad_body(page, borrowed)
    room = max(TARGET_BYTES - len(page.encode()) - len(COMMENTS.encode()), 4_000)
    head = _script(source.name, room * 35 // 100) + _style(source.name, room * 15 // 100)
    page = page.replace("</head>", head + "</head>", 1)
    top = _menu(others, room * 20 // 100)
    page = re.sub(r"(<body[^>]*>)", lambda m: m[1] + "\n" + top, page, count=1)
    # Byte sizes, not characters: Vietnamese letters take 2-3 bytes in UTF-8.
    tail = _sidebar(others, max(TARGET_BYTES - len(page.encode()) - 600, 1_000) * 2 // 3)
    return page.replace("</body>", COMMENTS + tail + "</body>", 1).encode()


def build_pages() -> list[tuple[str, bytes]]:
    """(name, page bytes) for every source page, in a fixed order."""
    texts = {s: s.read_text("utf-8") for s in SOURCES}
    built = []
    for source in SOURCES:
        others = [p for s in SOURCES if s != source for p in _paragraphs(texts[s])]
        built.append((source.name, build_page(source, others)))
    return built


if __name__ == "__main__":
    for name, data in build_pages():
        print(f"{len(data):>8} {name}")
