"""A meeting as article text in one language, and as a page: a provincial paper's layout for
the Vietnamese original, an aggregator's for a machine translation (ending in its source line).
"""

from __future__ import annotations

import html
import random
import re
from datetime import date

from tinhuy.corpus import names, phrases
from tinhuy.corpus.model import Document, Meeting, Person


def province_in(meeting: Meeting, lang: str, rng: random.Random) -> str:
    if lang == "vi":
        return meeting.province
    if lang == "ru":
        exonym = phrases.RU_EXONYMS.get(meeting.province)
        parts = meeting.province.split(" - ")
        return exonym or "-".join(names.transliterate(p, "ru", joined=True) for p in parts)
    if lang == "el" and rng.random() < 0.5:
        return names.transliterate(meeting.province, "el")
    return meeting.province_ascii


def person_in(person: Person, lang: str) -> str:
    if lang == "vi":
        return person.name
    if lang in ("ru", "el"):
        return names.transliterate(person.name, lang)
    return person.name_ascii


def date_phrase(day: date, tod: str, lang: str, rng: random.Random) -> str:
    word = phrases.TIME_OF_DAY[lang][tod]
    d, m, y = day.day, day.month, day.year
    if lang == "vi":
        return rng.choice((f"{word} {d}/{m}/{y}", f"{word} ngày {d}/{m}/{y}",
                           f"{word} ngày {d:02}/{m:02}/{y}"))  # fmt: skip
    month = phrases.MONTHS[lang][m - 1]
    if lang == "en":
        return rng.choice(
            (f"On the {word} of {month} {d}, {y}", f"On the {word} of {d} {month} {y}")
        )
    if lang == "de":
        return f"Am {word} des {d}. {month} {y}"
    if lang == "ru":
        return rng.choice((f"{word} {d} {month} {y} года", f"{d} {month} {y} года {word.lower()}"))
    return rng.choice((f"Το {word} της {d}ης {month} {y}", f"Στις {d} {month} {y} το {word}"))


def document_in(doc: Document, lang: str) -> str:
    kind = phrases.DOC_TYPES[doc.type][lang]
    mark = phrases.NUMBER_MARK[lang]
    issuer = phrases.ISSUERS[doc.issuer][lang]
    if lang == "ru":
        return f"{kind} {issuer} {mark} {doc.code}"
    return f"{kind} {mark} {doc.code} {issuer}"


def _value(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text if lang == "en" else text.replace(".", ",")


def _people(people: tuple[Person, ...], lang: str, rng: random.Random) -> str:
    role = phrases.ROLES
    if lang == "vi" and rng.random() < 0.5:
        items = [f"{role[p.role][lang]} {person_in(p, lang)}" for p in people]
    else:
        items = [f"{person_in(p, lang)}, {role[p.role][lang]}" for p in people]
    if len(items) == 1:
        return items[0]
    return phrases.PERSON_SEP[lang].join(items[:-1]) + phrases.LAST_SEP[lang] + items[-1]


def article(meeting: Meeting, lang: str, rng: random.Random) -> tuple[str, list[str]]:
    """(title, paragraphs): the meeting sentence first, then chair, attendance, documents,
    target and filler."""
    place = province_in(meeting, lang, rng)
    body = rng.choice(phrases.BODIES[meeting.body][lang]).format(P=place)
    docs = [document_in(d, lang) for d in meeting.documents]
    doc = docs[0] if docs else ""
    template = rng.choice(phrases.PURPOSES[meeting.purpose][lang])
    purpose = template.format(doc=doc)
    later = docs[1:] if "{doc}" in template else docs
    when = date_phrase(date.fromisoformat(meeting.date), meeting.time_of_day, lang, rng)
    lead = f"{when}, {body} {purpose}."
    if lang == "de":  # German puts the verb second: "Am Morgen des … hielt der Ausschuss …"
        verb, _, rest = purpose.partition(" ")
        lead = f"{when} {verb} {body} {rest}."
    lead = lead[0].upper() + lead[1:]
    chair = meeting.chair
    hon = phrases.HONORIFIC.get(lang, ("", ""))[int(chair.name.split()[1] == "Thị")]
    paragraphs = [
        lead,
        rng.choice(phrases.CHAIR[lang]).format(
            name=person_in(chair, lang), role=phrases.ROLES[chair.role][lang], hon=hon
        ),
    ]
    if meeting.attendees:
        people = _people(meeting.attendees, lang, rng)
        paragraphs.append(rng.choice(phrases.ATTEND[lang]).format(people=people))
    if later:
        paragraphs.append(phrases.DOCS_TOO[lang].format(docs=", ".join(later)))
    if meeting.target is not None:
        value = _value(meeting.target.value, lang)
        aim = rng.choice(phrases.TARGET[lang])
        paragraphs.append(aim.format(value=value, year=meeting.target.year))
    # One paragraph of prose, as every real report has (a page of short lines reads as an index).
    filler = phrases.FILLER[lang]
    paragraphs.append(" ".join(rng.sample(filler, len(filler))))
    title = _title(body, purpose, lang)
    if meeting.province_code in phrases.CITIES:
        title, paragraphs = _city(title, lang), [_city(p, lang) for p in paragraphs]
    return title, paragraphs


def _title(body: str, purpose: str, lang: str) -> str:
    text = f"{body} {purpose}"
    text = re.sub(r"\s+", " ", text).strip()
    return text[0].upper() + text[1:]


def _city(text: str, lang: str) -> str:
    for old, new in phrases.CITY_WORDS[lang]:
        text = text.replace(old, new)
    return text


def _p(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


def original_page(url: str, title: str, paragraphs: list[str], published: str, outlet: str,
                  layout: int, reporter: str) -> bytes:  # fmt: skip
    """A provincial paper's article page; `layout` picks one of three CMS shapes."""
    e = html.escape
    head = (
        f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{e(title)} - {e(outlet)}</title>"
        f'<meta property="og:type" content="article">'
        f'<meta property="og:title" content="{e(title)}">'
        f'<meta property="og:url" content="{e(url)}"><link rel="canonical" href="{e(url)}">'
        f'<meta property="article:published_time" content="{published}"></head>'
    )
    nav = (
        '<header><nav class="menu"><a href="/">Trang chủ</a> <a href="/thoi-su-chinh-tri/">Thời'
        ' sự - Chính trị</a> <a href="/kinh-te/">Kinh tế</a> <a href="/xa-hoi/">Xã hội</a></nav>'
        "</header>"
    )
    lead, rest = paragraphs[0], "".join(_p(t) for t in paragraphs[1:])
    stamp = published[11:16] + ", " + "/".join(reversed(published[:10].split("-")))
    related = (
        '<aside class="related"><h3>Tin liên quan</h3><ul><li><a href="/thoi-su-chinh-tri/">'
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20</a></li></ul></aside>"
    )
    by = f'<p class="author">{e(reporter)}</p>'
    if layout == 0:
        main = (
            f'<article class="article-detail"><h1 class="article-title">{e(title)}</h1>'
            f'<div class="article-time">{stamp}</div><div class="article-sapo">{_p(lead)}</div>'
            f'<div class="article-content">{rest}{by}</div></article>'
        )
    elif layout == 1:
        main = (
            f'<div class="detail"><h1 class="detail__title">{e(title)}</h1>'
            f'<span class="detail__time">{stamp}</span>'
            f'<div class="detail__content">{_p(lead)}{rest}{by}</div></div>'
        )
    else:
        main = (
            f'<main><h1>{e(title)}</h1><p class="post-time">{stamp}</p>'
            f'<div itemprop="articleBody">{_p(lead)}{rest}{by}</div></main>'
        )
    footer = f"<footer>© {e(outlet)} - Cơ quan của Đảng bộ tỉnh</footer>"
    return f"{head}<body>{nav}{main}{related}{footer}</body></html>\n".encode()


def translation_page(url: str, lang: str, title: str, paragraphs: list[str], published: str,
                     source: str, site: str) -> bytes:  # fmt: skip
    """An aggregator's machine translation: plain content column, source line last."""
    e = html.escape
    label = phrases.SOURCE_LABEL[lang]
    comments = {"en": "Comment (0)", "de": "Kommentar (0)", "ru": "Комментарий (0)",
                "el": "Σχόλιο (0)"}[lang]  # fmt: skip
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{e(title)} | {e(site)}</title>"
        f'<meta property="og:url" content="{e(url)}"><link rel="canonical" href="{e(url)}">'
        f'<meta property="article:published_time" content="{published}"></head>'
        f'<body><div class="site-header"><a href="/">{e(site)}</a></div>'
        f'<article><h1>{e(title)}</h1><div class="entry-content">'
        + "".join(_p(t) for t in paragraphs)
        + f"<p>{label} {e(source)}</p></div></article>"
        f'<div class="comment-box">{comments}</div></body></html>\n'
    ).encode()
