"""The SSRF guard: which URLs and addresses the fetcher may connect to.

URLs come from untrusted text, so every hop (the first request and each
redirect) is checked after DNS resolution. Only an explicit allow-list of
hosts, addresses or networks gets past the address rules.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ALLOWED_SCHEMES = frozenset({"http", "https"})
# AWS/GCP/Azure/OpenStack metadata, Alibaba's, and AWS's IPv6 one.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "100.100.100.200", "fd00:ec2::254")
)
CGNAT = ipaddress.ip_network("100.64.0.0/10")


class Blocked(Exception):
    """A URL or address the policy refuses; `reason` goes into the failure record."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AllowList:
    hosts: frozenset[str]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowList:
        hosts, networks = set(), []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress | None = None) -> bool:
        if host.lower().rstrip(".") in self.hosts:
            return True
        return address is not None and any(address in n for n in self.networks)


def classify(address: IPAddress) -> str | None:
    """Why an address is off limits, or None when it is a public unicast one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return classify(address.ipv4_mapped)
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    checks = (
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (isinstance(address, ipaddress.IPv4Address) and address in CGNAT, "carrier-grade NAT"),
        (address.is_multicast, "multicast"),
        (address.is_unspecified, "unspecified"),
        (address.is_private, "private"),
        (address.is_reserved, "reserved"),
    )
    return next((why for hit, why in checks if hit), None)


def check_url(raw: str) -> httpx.URL:
    """Parse and vet the URL's form; raises Blocked for anything not plain HTTP(S)."""
    try:
        url = httpx.URL(raw.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise Blocked(f"malformed URL: {exc}") from exc
    if url.scheme not in ALLOWED_SCHEMES:
        raise Blocked(f"scheme not allowed: {url.scheme or '(none)'}")
    if not url.host:
        raise Blocked("malformed URL: no host")
    if url.userinfo:
        raise Blocked("credentials in URL")
    return url


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Addresses for `host`; odd spellings (127.1, 2130706433) go through the resolver too."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Blocked(f"DNS lookup failed for {host}: {exc.strerror}") from exc
    return list(dict.fromkeys(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos))


async def check_destination(url: httpx.URL, allow: AllowList) -> list[IPAddress]:
    """Resolve the URL's host and refuse it if any address is off limits."""
    port = url.port or (443 if url.scheme == "https" else 80)
    addresses = await resolve(url.host, port)
    for address in addresses:
        why = classify(address)
        if why and not allow.allows(url.host, address):
            raise Blocked(f"blocked address {address} ({why})")
    return addresses
