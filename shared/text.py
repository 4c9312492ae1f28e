"""Text folding shared by the parser and the aggregator (the gold README's rule)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKD, diacritics removed, đ/Đ → d, lower case, single spaces."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip().lower()


def is_blank(text: str) -> bool:
    """`not text.strip()` without copying a page (40 us for 100 KB that ends in a newline)."""
    return not text or text.isspace()
