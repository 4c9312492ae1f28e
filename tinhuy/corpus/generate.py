"""A seeded synthetic corpus: meetings over the 63 pre-2025 provinces, 2023-2025, each as a
Vietnamese original and 0-2 machine translations, with the ground truth.

Everything is drawn from one random.Random(seed), in a fixed order, so the same seed gives
byte-identical pages, URLs and truth. No service is imported: the province list is read as
data from the parser's gazetteer file.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from tinhuy.corpus import hostile as hostiles
from tinhuy.corpus import names, phrases, render
from tinhuy.corpus.model import (
    Corpus,
    Document,
    Expect,
    Meeting,
    Page,
    Person,
    Target,
    Truth,
    UrlTruth,
)

PROVINCES_FILE = Path(__file__).resolve().parents[2] / "services/parser/langs/provinces.json"
FIRST_DAY, DAYS = date(2023, 1, 1), (date(2025, 12, 31) - date(2023, 1, 1)).days + 1
BODY_WEIGHTS = {"standing_committee": 6, "executive_committee": 2, "other": 2}
PURPOSE_WEIGHTS = {"inspection": 2, "review": 2, "dissemination": 3, "decision": 2,
                   "personnel": 1, "other": 1}  # fmt: skip
TOD_WEIGHTS = {"morning": 6, "afternoon": 4, "evening": 1}
TRANSLATION_COUNTS = (0, 1, 2)
TRANSLATION_WEIGHTS = (2, 5, 3)
AGGREGATORS = {lang: [f"{site}-{lang}.example" for site in ("vnbrief", "asiawire", "tintuc")]
               for lang in phrases.TRANSLATIONS}  # fmt: skip
SECTIONS = ("thoi-su-chinh-tri", "xay-dung-dang", "chinh-tri", "tin-tuc")
REPORTERS = ("Minh Anh", "Thu Hà", "Quang Huy", "Ngọc Lan", "Văn Tú", "Hồng Nhung")


@cache
def provinces() -> tuple[dict[str, Any], ...]:
    """The 63 pre-2025 provinces (code, name, name_ascii), as the parser's gazetteer lists them."""
    data = json.loads(PROVINCES_FILE.read_text(encoding="utf-8"))
    return tuple({k: p[k] for k in ("code", "name", "name_ascii")} for p in data["provinces"])


def outlet(province: dict[str, Any]) -> str:
    """A provincial paper's host: "bao" + the name in ASCII, as Vietnamese papers name theirs."""
    return "bao" + "".join(ch for ch in province["name_ascii"].lower() if ch.isalnum()) + ".vn"


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _officials(rng: random.Random) -> dict[str, Person]:
    """One province's leadership, the same people in all its meetings."""
    team: dict[str, Person] = {}
    for role in phrases.ROLES:
        full, _ = names.person(rng)
        team[role] = Person(full, names.ascii_name(full), role)
    return team


def _documents(rng: random.Random) -> tuple[Document, ...]:
    count = rng.choices((0, 1, 2, 3), (1, 4, 3, 1))[0]
    picked = [Document(*d) for d in rng.sample(phrases.CENTRAL_DOCS, count)]
    if rng.random() < 0.4:
        number = str(rng.randint(10, 299))
        kind, suffix = rng.choice((("plan", "KH/TU"), ("resolution", "NQ/TU")))
        picked.append(Document(kind, number, f"{number}-{suffix}", "province"))
    return tuple(picked)


def _meeting(rng: random.Random, province: dict[str, Any], team: dict[str, Person],
             taken: set[str]) -> Meeting:  # fmt: skip
    while True:  # a meeting id is unique: another draw when (province, day, body) is taken
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        body = _pick(rng, BODY_WEIGHTS)
        meeting_id = f"{province['code']}-{day.isoformat()}-{body}"
        if meeting_id not in taken:
            taken.add(meeting_id)
            break
    chair = team[rng.choice(phrases.CHAIR_ROLES)]
    others = [p for p in team.values() if p is not chair]
    attendees = tuple(rng.sample(others, rng.randint(0, 3)))
    target = None
    if rng.random() < 0.5:
        value = rng.choice((6.5, 7, 7.5, 8, 8.5, 9, 10, 10.5, 11))
        target = Target("economic_growth", value, "%", day.year)
    return Meeting(
        meeting_id=meeting_id,
        province_code=province["code"],
        province=province["name"],
        province_ascii=province["name_ascii"],
        date=day.isoformat(),
        time_of_day=_pick(rng, TOD_WEIGHTS),  # type: ignore[arg-type]
        body=body,  # type: ignore[arg-type]
        purpose=_pick(rng, PURPOSE_WEIGHTS),  # type: ignore[arg-type]
        chair=chair,
        attendees=attendees,
        documents=_documents(rng),
        target=target,
    )


def _published(rng: random.Random, day: str, after_days: int) -> str:
    when = date.fromisoformat(day) + timedelta(days=after_days)
    return f"{when.isoformat()}T{rng.randint(8, 21):02}:{rng.randint(0, 59):02}:00+07:00"


def _render(rng: random.Random, index: int, meeting: Meeting, province: dict[str, Any],
            pages: dict[str, Page], truth: Truth) -> Meeting:  # fmt: skip
    host = outlet(province)
    slug = f"{rng.choice(SECTIONS)}/{meeting.date[:7].replace('-', '')}"
    url = f"https://{host}/{slug}/hoi-nghi-{index:05d}-{rng.getrandbits(28):07x}.html"
    title, paragraphs = render.article(meeting, "vi", rng)
    html = render.original_page(url, title, paragraphs, _published(rng, meeting.date, 0), host,
                                rng.randrange(3), rng.choice(REPORTERS))  # fmt: skip
    pages[url] = Page(html)
    truth.by_url[url] = UrlTruth(url, "original", "vi", Expect("meeting"), meeting.meeting_id)
    urls, langs = [url], ["vi"]
    count = rng.choices(TRANSLATION_COUNTS, TRANSLATION_WEIGHTS)[0]
    for lang in rng.sample(phrases.TRANSLATIONS, count):
        site = rng.choice(AGGREGATORS[lang])
        t_url = f"https://{site}/{lang}/news/{index:05d}-{rng.getrandbits(24):06x}.html"
        t_title, t_paragraphs = render.article(meeting, lang, rng)
        published = _published(rng, meeting.date, rng.randint(0, 2))
        page = render.translation_page(t_url, lang, t_title, t_paragraphs, published, url, site)
        pages[t_url] = Page(page)
        truth.by_url[t_url] = UrlTruth(
            t_url, "translation", lang, Expect("meeting"), meeting.meeting_id, source_url=url
        )
        urls.append(t_url)
        langs.append(lang)
    return Meeting(**{**meeting.__dict__, "urls": tuple(urls), "languages": tuple(langs)})


def generate(
    seed: int, meetings: int, *, provinces: int | None = None, hostile: bool = False
) -> Corpus:
    """`meetings` meetings over `provinces` provinces (all 63 by default), 2023-2025.

    With `hostile`, the hostile extras of hostile.py are added to the pages, the URL list
    and the truth (each with its expected fetch failure or dead letter).
    """
    rng = random.Random(seed)
    every = list(_provinces_all())
    if meetings > len(every[:provinces] if provinces else every) * DAYS:
        raise ValueError(f"{meetings} meetings do not fit in {provinces or len(every)} provinces")
    chosen = sorted(rng.sample(every, provinces), key=lambda p: p["code"]) if provinces else every
    # Uneven shares, so per-province counts differ as they do in the news.
    weights = [rng.uniform(0.3, 3.0) for _ in chosen]
    teams = {p["code"]: _officials(rng) for p in chosen}
    pages: dict[str, Page] = {}
    truth, taken = Truth(), set[str]()
    for index in range(meetings):
        province = rng.choices(chosen, weights)[0]
        meeting = _meeting(rng, province, teams[province["code"]], taken)
        meeting = _render(rng, index, meeting, province, pages, truth)
        truth.meetings[meeting.meeting_id] = meeting
    if hostile:
        hostiles.add(pages, truth)
    urls = list(truth.by_url)
    rng.shuffle(urls)
    return Corpus(seed, pages, urls, truth)


def _provinces_all() -> tuple[dict[str, Any], ...]:
    return provinces()
