"""The canonical form of a URL, so that one page has one key and one fetch."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import httpx

# Parameters that only track the click; dropping them never changes the page.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonicalize(raw: str) -> str:
    """Lower-case scheme and host (IDNA via httpx), no default port, no fragment, no trackers."""
    url = httpx.URL(raw.strip())
    port = None if url.port == DEFAULT_PORTS.get(url.scheme) else url.port
    query = [(k, v) for k, v in parse_qsl(url.query.decode(), keep_blank_values=True)]
    kept = [(k, v) for k, v in query if not _is_tracking(k)]
    url = url.copy_with(port=port, fragment=None)
    if len(kept) != len(query):
        url = url.copy_with(query=urlencode(kept).encode() or None)
    return str(url)
