"""The SSRF guard's address rules and URL checks (no network: literal addresses)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest

from services.fetcher.guard import (
    AllowList,
    Blocked,
    check_destination,
    check_url,
    classify,
    resolve,
    static_resolver,
    vet,
)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("192.168.1.5", "private"),
        ("172.16.0.1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.10.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:10.0.0.1", "private"),
        ("fd00:ec2::254", "cloud metadata"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_addresses_are_classified(address: str, why: str | None) -> None:
    assert classify(ipaddress.ip_address(address)) == why


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/x", "scheme not allowed: ftp"),
        ("file:///etc/passwd", "scheme not allowed: file"),
        ("javascript:alert(1)", "scheme not allowed: javascript"),
        ("http://user:pw@example.org/", "credentials in URL"),
        ("http:///nohost", "malformed URL: no host"),
        ("http://bad host/", "malformed URL: bad host 'bad%20host'"),
        ("http://x.vn:99999/", "malformed URL: bad port 99999"),
    ],
)
def test_non_http_and_malformed_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(Blocked) as caught:
        check_url(url)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
    ],
)
async def test_odd_spellings_of_loopback_are_refused_after_resolution(
    host: str, address: str
) -> None:
    with pytest.raises(Blocked) as caught:
        await check_destination(check_url(f"http://{host}/"), AllowList.parse([]))
    assert caught.value.reason.startswith(f"blocked address {address} (loopback)")


async def test_allow_list_lets_a_named_network_through() -> None:
    allow = AllowList.parse(["127.0.0.0/8"])
    addresses = await check_destination(check_url("http://127.0.0.1:8080/"), allow)
    assert addresses == [ipaddress.ip_address("127.0.0.1")]


async def test_a_pinned_name_is_vetted_like_any_other() -> None:
    resolver = static_resolver({"intranet.test": ["10.0.0.1"]})
    with pytest.raises(Blocked) as caught:
        await check_destination(check_url("http://intranet.test/"), AllowList.parse([]), resolver)
    assert caught.value.reason == "blocked address 10.0.0.1 (private)"


def test_one_private_address_among_public_ones_refuses_the_host() -> None:
    addresses = [ipaddress.ip_address(a) for a in ("8.8.8.8", "10.1.2.3")]
    with pytest.raises(Blocked, match=r"blocked address 10\.1\.2\.3 \(private\)"):
        vet("mixed.example", addresses, AllowList.parse([]))


@pytest.mark.parametrize("host", ["127.0.0.2", "10.0.0.1", "::1", "::ffff:127.0.0.1", "127.1"])
async def test_an_address_resolves_to_itself_as_getaddrinfo_says(host: str) -> None:
    infos = await asyncio.get_running_loop().getaddrinfo(host, 80, type=socket.SOCK_STREAM)
    assert await resolve(host, 80) == [ipaddress.ip_address(infos[0][4][0])]
