"""The SSRF guard: which addresses a fetch may connect to, checked where the connection
is made.

A URL the user adds, or any link in a feed, may name a host that resolves to the
machine itself, the local network or a cloud metadata endpoint, and any redirect may
lead there. So the check is not made on the URL but in the network layer: the host is
resolved once, *every* address it resolves to must be public, and the connection goes to
one of those checked addresses (never to a second resolution, which DNS rebinding could
change). TLS still verifies the certificate against the host name. No library does this
for httpx, hence this module: it plugs into httpcore's network-backend interface.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from consilience.errors import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

#: Cloud metadata services: refused even with ``allow_private``.
METADATA_NETWORKS: tuple[IPNetwork, ...] = (
    ipaddress.ip_network("169.254.169.254/32"),
    ipaddress.ip_network("169.254.170.2/32"),
    ipaddress.ip_network("100.100.100.200/32"),
    ipaddress.ip_network("fd00:ec2::254/128"),
)


class BlockedAddressError(InputError):
    """A URL leads to an address the guard refuses."""


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded(address: IPAddress) -> list[IPAddress]:
    """The address and any IPv4 address carried inside an IPv6 one."""
    found: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        for inner in (address.ipv4_mapped, address.sixtofour):
            if inner is not None:
                found.append(inner)
        if address.teredo is not None:
            found.append(address.teredo[1])
    return found


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, unless ``allow_private`` (then anything but metadata
    services) or the address is inside one of ``allowed_networks``."""

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = field(default_factory=tuple)

    @classmethod
    def allowing(cls, networks: Iterable[str]) -> AddressPolicy:
        return cls(allowed_networks=tuple(ipaddress.ip_network(n) for n in networks))

    def refusal(self, raw: str) -> str | None:
        """Why ``raw`` (an IP address) may not be connected to, or ``None``."""
        try:
            address = ipaddress.ip_address(raw.split("%", 1)[0])
        except ValueError:
            return f"{raw} is not an IP address"
        for candidate in _embedded(address):
            if any(candidate in net for net in self.allowed_networks):
                continue
            if any(candidate in net for net in METADATA_NETWORKS):
                return f"{candidate} is a cloud metadata address"
            if candidate.is_unspecified or candidate.is_multicast:
                return f"{candidate} is not a host address"
            if self.allow_private:
                continue
            if not candidate.is_global:
                return (
                    f"{candidate} is a loopback, private, link-local or reserved address "
                    "(--allow-private fetches from such addresses)"
                )
        return None


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses the policy accepts."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver = resolve) -> None:
        self.policy = policy
        self.resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        for address in addresses:
            why = self.policy.refusal(address)
            if why is not None:
                raise BlockedAddressError(host, f"refused: {host} resolves to {why}")
        error: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        assert error is not None
        raise error


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`GuardedBackend`, never through a proxy."""

    def __init__(
        self, policy: AddressPolicy, resolver: Resolver = resolve, *, max_connections: int = 20
    ) -> None:
        super().__init__(trust_env=False)
        # httpx takes no network backend argument: its pool is replaced by one that has ours.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy, resolver),
        )
