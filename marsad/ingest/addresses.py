"""Refusal of URLs that point into private networks (server-side request forgery guard).

Why: Marsad can run as a web service that fetches URLs a user typed. Without this check a user
could make it read ``http://127.0.0.1:…``, a cloud metadata endpoint (169.254.169.254) or an intranet
host. Every address the host name resolves to is checked (one private answer is enough to refuse),
and the fetcher checks again on every redirect hop.

Known limit: the host is resolved here and again by the HTTP client, so a DNS server that answers
differently within milliseconds (DNS rebinding) is not stopped; pinning the connection to the
checked address would need a custom transport.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

from marsad.ingest.errors import IngestError

Resolver = Callable[[str], Iterable[str]]

ALLOW_HINT = "use --allow-private to allow"


def system_resolve(host: str) -> list[str]:
    """All addresses ``host`` resolves to (``socket.getaddrinfo``)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def address_problem(address: str) -> str | None:
    """Why ``address`` must not be fetched (e.g. "a loopback address"), or None when it is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:  # 2002::/16 carries an IPv4 address a relay may deliver to
            inner = address_problem(str(ip.sixtofour))
            if inner:
                return f"a 6to4 address of {inner}"
        elif ip.is_site_local:  # fec0::/10: deprecated, but still routed inside some networks
            return "a site-local address"
    checks = (
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(ip, attribute):
            return reason
    if not ip.is_global:
        return "not a public address"
    return None


def _resolve_all(host: str, url: str, resolve: Resolver) -> list[str]:
    try:
        addresses = list(resolve(host))
    except (OSError, UnicodeError) as exc:
        raise IngestError(f"cannot fetch {url}: host {host} could not be resolved ({exc})") from exc
    if not addresses:
        raise IngestError(f"cannot fetch {url}: host {host} could not be resolved")
    return addresses


def check_host(host: str, url: str, resolve: Resolver = system_resolve) -> None:
    """Raise ``IngestError`` when ``host`` is, or resolves to, a non-public address."""
    host = host.strip("[]")
    try:
        addresses: Iterable[str] = [str(ipaddress.ip_address(host.split("%", 1)[0]))]
    except ValueError:
        addresses = _resolve_all(host, url, resolve)
    for address in addresses:
        reason = address_problem(address)
        if reason:
            shown = address if address == host else f"{host} ({address})"
            raise IngestError(f"refused to fetch {url}: {shown} is {reason} ({ALLOW_HINT})")
