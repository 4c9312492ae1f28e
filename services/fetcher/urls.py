"""The canonical form of a URL, so that one page has one key and one fetch."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

import httpx

# Parameters that only track the click; dropping them never changes the page.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid"})
DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(rb"%[0-9a-fA-F]{2}")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _upper_escapes(raw: bytes) -> bytes:
    # RFC 3986 §6.2.2.1: %7e and %7E are the same octet; upper case is the normal form.
    return _ESCAPE.sub(lambda m: m.group(0).upper(), raw)


def canonicalize(raw: str) -> str:
    """Lower-case scheme and host (IDNA via httpx), no default port, no fragment, no
    trackers, dot segments resolved, `/` for an empty path, upper-case escapes.

    Raises httpx.InvalidURL for what cannot be parsed; the guard vets the rest.
    """
    return str(canonical_url(httpx.URL(raw.strip())))


def canonical_url(url: httpx.URL) -> httpx.URL:
    """`canonicalize` of a URL parsed already (each parse costs ~10 us a request)."""
    port = None if url.port == DEFAULT_PORTS.get(url.scheme) else url.port
    query = parse_qsl(url.query.decode(), keep_blank_values=True)
    kept = [(k, v) for k, v in query if not _is_tracking(k)]
    url = url.copy_with(port=port, fragment=None, raw_path=_upper_escapes(url.raw_path or b"/"))
    # An empty query: drop its `?` (raw_path ends with it only then); none: nothing to do.
    if len(kept) != len(query) or (not url.query and url.raw_path.endswith(b"?")):
        url = url.copy_with(query=urlencode(kept).encode() or None)
    return url
