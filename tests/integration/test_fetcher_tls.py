"""HTTPS through the SSRF guard's pinned connection: the socket goes to the vetted
address (127.0.0.1, named by TINHUY_FETCH_RESOLVE) while TLS (SNI, certificate
check) and the Host header keep the host name.

The origin serves certificates of a throwaway CA (trustme) that the fetcher trusts
through TINHUY_FETCH_CA_BUNDLE, and picks one by SNI as a virtual host would.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import trustme

from tests.fetcher_live import Live, live_fetcher
from tests.origin import ARTICLE_HTML

NEWS = "news.tinhuy.test"  # served its own certificate
WRONG = "wrong.tinhuy.test"  # served a certificate for another name
UNTRUSTED = "untrusted.tinhuy.test"  # served its own, from a CA the fetcher does not know


@dataclass
class TlsOrigin:
    live: Live
    sni: list[str | None]  # the server name of every handshake, in order


def server_context(
    trusted: trustme.CA, unknown: trustme.CA, sni: list[str | None]
) -> ssl.SSLContext:
    """NEWS's certificate by default; another per SNI for WRONG and UNTRUSTED."""

    def context(ca: trustme.CA, name: str) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(name).configure_cert(ctx)
        return ctx

    default = context(trusted, NEWS)
    by_name = {
        WRONG: context(trusted, "elsewhere.tinhuy.test"),
        UNTRUSTED: context(unknown, UNTRUSTED),
    }

    def on_sni(conn: ssl.SSLObject, name: str | None, _: ssl.SSLContext) -> None:
        sni.append(name)
        if name in by_name:
            conn.context = by_name[name]

    default.sni_callback = on_sni  # type: ignore[assignment]
    return default


@pytest.fixture(scope="module")
async def tls(
    kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[TlsOrigin]:
    trusted, unknown = trustme.CA(), trustme.CA()
    bundle = tmp_path_factory.mktemp("tls") / "ca.pem"
    trusted.cert_pem.write_to_path(str(bundle))
    sni: list[str | None] = []
    names = (NEWS, WRONG, UNTRUSTED)
    async with live_fetcher(
        kafka_bootstrap,
        {"tls": server_context(trusted, unknown, sni)},
        # The names are allowed, not 127.0.0.1: the guard still vets the address.
        fetch_allow=",".join(names),
        fetch_resolve=",".join(f"{name}=127.0.0.1" for name in names),
        fetch_ca_bundle=str(bundle),
    ) as live:
        yield TlsOrigin(live, sni)


async def test_https_page_arrives_with_the_name_in_sni_and_host_over_the_pinned_address(
    tls: TlsOrigin,
) -> None:
    origin, before = tls.live.origin, len(tls.sni)
    url = origin.url("/article", host=NEWS)
    topic, page = await tls.live.fetch(url)
    assert (topic, page.status, page.final_url, page.text) == ("pages", 200, url, ARTICLE_HTML)
    assert set(tls.sni[before:]) == {NEWS}
    # robots.txt and the page, both over TLS to 127.0.0.1, both with the name as Host.
    assert {(h.path, h.host) for h in origin.hits} >= {
        ("/robots.txt", f"{NEWS}:{origin.port}"),
        ("/article", f"{NEWS}:{origin.port}"),
    }


@pytest.mark.parametrize(
    ("host", "detail"),
    [
        (WRONG, f"Hostname mismatch, certificate is not valid for '{WRONG}'."),
        (UNTRUSTED, "unable to get local issuer certificate"),
    ],
)
async def test_a_certificate_that_does_not_verify_is_a_tls_failure_not_retried(
    tls: TlsOrigin, host: str, detail: str
) -> None:
    origin, before = tls.live.origin, len(tls.sni)
    topic, failure = await tls.live.fetch(origin.url("/article", host=host))
    assert (topic, failure.reason, failure.detail, failure.status, failure.attempts) == (
        "fetch-failures",
        "TLS certificate rejected",
        detail,
        None,
        1,
    )
    assert set(tls.sni[before:]) == {host}
    assert [h for h in origin.hits if h.host.startswith(host)] == []  # no request went out
