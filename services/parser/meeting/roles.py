"""A person's roles, from the descriptions written around the name, as short English strings.

Translations put roles after the name as a comma list ("Tran Van Ron, ständiger
stellvertretender Leiter ...; Lam Thi ...") or before it ("Bí thư Tỉnh ủy Hầu A
Lềnh", "Provinzparteisekretär Tran Duc Thang"); the role phrases are data.
"""

from __future__ import annotations

import re

from services.parser.meeting import lexicon

CLAUSE_END = re.compile(r"[;·\n:]|(?<!\d)[.!?](?:\s|$)")
CLAUSE_START = re.compile(r"[;·\n:]|(?<!\d)[.!?]\s")
ITEM_SPLIT = re.compile(r",|\s[-–—]\s|\bund\b|\band\b|\bvà\b|\bи\b|\bκαι\b")
LEADING = re.compile(r"^[\s\-–—,]+")
ITEM_LENGTH = 140
ROLE_OPENING = 30  # a role item starts with its role, give or take an honorific


def roles_in(segment: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, English role) of every role phrase, most specific phrase first, no overlaps."""
    taken: list[tuple[int, int, str]] = []
    if not lexicon.mentions_translation(lang, "roles", segment):
        return taken
    folded, rows = lexicon.translation_rows(lang, "roles", segment)
    for rx, english, needle in rows:
        if needle not in folded:
            continue
        for m in rx.finditer(folded):
            if not any(m.start() < end and start < m.end() for start, end, _ in taken):
                taken.append((m.start(), m.end(), english))
    return sorted(taken)


def roles_after(text: str, end: int, limit: int, lang: str) -> list[str]:
    """Roles in the comma list right after a name ("Luong Cuong, Leiter der ...")."""
    segment = text[end:limit]
    stop = CLAUSE_END.search(segment)
    segment = segment[: stop.start()] if stop else segment
    if not re.match(r"\s*(?:[,–—-]|\()", segment):
        return []
    found: list[str] = []
    for item in ITEM_SPLIT.split(LEADING.sub("", segment)):
        item = item.strip(" ()")
        roles = roles_in(item[:ITEM_LENGTH], lang)
        if not roles or roles[0][0] > ROLE_OPENING:
            break
        found.extend(role for _, _, role in roles)
    return found


def roles_before(text: str, start: int, floor: int, lang: str) -> list[str]:
    """Roles written just before a name ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Phan Huy Ngọc")."""
    segment = text[floor:start]
    starts = [m.end() for m in CLAUSE_START.finditer(segment)]
    segment = segment[starts[-1] :] if starts else segment
    honorific = lexicon.pattern(lang, "honorifics", anchor="end")
    found: list[str] = []
    for item in reversed(ITEM_SPLIT.split(segment)):
        item = item.rstrip(" ,(")
        if honorific:
            item = honorific.sub("", item).rstrip(" ,")
        roles = roles_in(item[-ITEM_LENGTH:], lang)
        tail = item[-ITEM_LENGTH:]
        if not roles or roles[-1][1] < len(tail) - 2:
            break
        found[:0] = [role for _, _, role in roles]
    return found
