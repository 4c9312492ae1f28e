"""The SSRF guard: which URLs and addresses the fetcher may connect to.

URLs come from untrusted text, so every connection (the first request, each
redirect hop, robots.txt) is checked after DNS resolution, and made to the
very address that was checked: `GuardedBackend` sits under httpx's connection
pool, resolves once, vets, and dials the vetted IP, while TLS (SNI, certificate
check) and the Host header keep the name. No second lookup, so no DNS-rebinding
window. Only an explicit allow-list of hosts, addresses or networks gets past
the address rules.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import ssl
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from services.fetcher.pool import Pool, ProbedStream

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ALLOWED_SCHEMES = frozenset({"http", "https"})
# AWS/GCP/Azure/OpenStack metadata, Alibaba's, and AWS's IPv6 one.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "100.100.100.200", "fd00:ec2::254")
)
CGNAT = ipaddress.ip_network("100.64.0.0/10")
# What a host may be once httpx has parsed it (IDNA done): DNS labels or an IP literal.
HOST_FORM = re.compile(r"[a-z0-9_.-]+|[0-9a-f:.]+", re.I)

Resolver = Callable[[str, int], Awaitable["list[IPAddress]"]]


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
    if not HOST_FORM.fullmatch(url.host) or ".." in url.host:
        raise Blocked(f"malformed URL: bad host {url.host!r}")
    if url.port is not None and not 0 < url.port < 65536:
        raise Blocked(f"malformed URL: bad port {url.port}")
    if url.userinfo:
        raise Blocked("credentials in URL")
    return url


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Addresses for `host`; odd spellings (127.1, 2130706433) go through the resolver too."""
    # An address in its plain form is its own answer: no thread hop to getaddrinfo
    # (~60 us of CPU a connection, and the pool opens one for most requests when
    # there are more hosts than connections). A scoped one (`%eth0`) is left to it.
    if "%" not in host:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:  # a resolver hiccup, not an answer: retry later
            raise httpcore.ConnectError(f"DNS lookup for {host}: {exc.strerror}") from exc
        raise Blocked(f"DNS lookup failed for {host}: {exc.strerror}") from exc
    return list(dict.fromkeys(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos))


def static_resolver(table: Mapping[str, list[str]], fallback: Resolver = resolve) -> Resolver:
    """`table` (host -> IPs) first, then `fallback`: tests and benches name hosts this way."""
    fixed = {h: [ipaddress.ip_address(ip) for ip in ips] for h, ips in table.items()}

    async def lookup(host: str, port: int) -> list[IPAddress]:
        hit = fixed.get(host.lower().rstrip("."))
        return list(hit) if hit is not None else await fallback(host, port)

    return lookup


def vet(host: str, addresses: Iterable[IPAddress], allow: AllowList) -> list[IPAddress]:
    """Refuse the host if any of its addresses is off limits (a mixed answer is suspect)."""
    vetted = list(addresses)
    for address in vetted:
        why = classify(address)
        if why and not allow.allows(host, address):
            raise Blocked(f"blocked address {address} ({why})")
    return vetted


async def check_destination(
    url: httpx.URL, allow: AllowList, resolver: Resolver = resolve
) -> list[IPAddress]:
    """Resolve the URL's host and refuse it if any address is off limits."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return vet(url.host, await resolver(url.host, port), allow)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, dialling only addresses the guard has vetted."""

    def __init__(self, allow: AllowList, resolver: Resolver = resolve) -> None:
        self.allow, self.resolver = allow, resolver
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = vet(host, await self.resolver(host, port), self.allow)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"DNS lookup for {host} timed out") from exc
        last: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                stream = await self.inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
                return ProbedStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise Blocked("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """httpx's default verification (certifi's CAs, host name checked) plus the CAs
    in the PEM file `ca_bundle`, if one is named."""
    context = httpx.create_ssl_context()
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with its pool rebuilt on a `GuardedBackend` (see pool.py)."""

    def __init__(
        self,
        backend: GuardedBackend,
        *,
        limits: httpx.Limits,
        http2: bool = True,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(http2=http2, limits=limits)
        self._pool = Pool(
            ssl_context=ssl_context or tls_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=backend,
        )
