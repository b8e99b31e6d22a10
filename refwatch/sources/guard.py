"""The SSRF guard: which addresses refwatch may connect to.

A feed or a tip can name any URL, including `http://169.254.169.254/` or a host whose DNS
answer points inside the organisation's network. The guard resolves the host itself, refuses
the whole URL if any answer is private, loopback, link-local, multicast, reserved or
unspecified (IPv4-mapped, 6to4 and Teredo IPv6 forms are unwrapped first), and hands back
the address it checked so that the fetcher connects to exactly that address
(see docs/decisions/0100-ssrf-resolve-then-connect.md).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from refwatch.errors import BlockedAddress, ConnectFailed

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def forbidden_reason(address: IPAddress) -> str | None:
    """Why `address` is not a public unicast address, or None when it is one."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            reason = forbidden_reason(inner)
            return f"{reason} (inside {address})" if reason else None
    for label, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("not globally routable", not address.is_global),
    ):
        if flag:
            return label
    return None


def parse_networks(cidrs: Iterable[str]) -> tuple[IPNetwork, ...]:
    """`allow_networks` setting values as networks; a bad value is a clear error, not a silent allow."""
    networks: list[IPNetwork] = []
    for cidr in cidrs:
        try:
            networks.append(ipaddress.ip_network(cidr, strict=False))
        except ValueError as e:
            raise ValueError(f"allow_networks: {cidr!r} is not a network: {e}") from e
    return tuple(networks)


@dataclass(frozen=True)
class AddressGuard:
    """Resolves hosts and lets through public addresses, plus the networks a setting allows."""

    allowed: tuple[IPNetwork, ...] = ()
    resolver: Resolver = system_resolver

    def _allowed(self, address: IPAddress) -> bool:
        return any(address.version == net.version and address in net for net in self.allowed)

    def check_address(self, address: IPAddress, *, host: str, where: str | None = None) -> None:
        if self._allowed(address):
            return
        reason = forbidden_reason(address)
        if reason is not None:
            raise BlockedAddress(f"{host} resolves to {address}, a {reason} address; refused",
                                 where=where or host)

    def resolve(self, host: str, port: int, *, where: str | None = None) -> IPAddress:
        """The address to connect to for `host`, after checking every address it resolves to."""
        literal = host.strip("[]")
        try:
            addresses: list[IPAddress] = [ipaddress.ip_address(literal)]
        except ValueError:
            addresses = self._lookup(host, port, where=where or host)
        for address in addresses:
            self.check_address(address, host=host, where=where)
        return addresses[0]

    def _lookup(self, host: str, port: int, *, where: str) -> list[IPAddress]:
        try:
            answers = self.resolver(host, port)
        except (OSError, UnicodeError) as e:
            raise ConnectFailed(f"cannot resolve {host}: {e}", where=where) from e
        addresses: list[IPAddress] = []
        for answer in answers:
            try:
                addresses.append(ipaddress.ip_address(answer.split("%", 1)[0]))
            except ValueError as e:
                raise BlockedAddress(f"{host} resolves to {answer!r}, not an IP address", where=where) from e
        if not addresses:
            raise ConnectFailed(f"cannot resolve {host}: no addresses", where=where)
        return addresses
