"""The :class:`Network`: resolvers, HTTP clients behind the SSRF guard, lookup endpoints.

``internet(settings)`` is the real one: the system's DNS or the ``dns_resolvers``
setting, the RDAP and WHOIS servers of ``rdap_servers`` / ``whois_servers`` (then
IANA's), and the rule of ``allow_private_targets``. A stand-in network (the
sandbox) fixes its made-up names to its own address, trusts its own servers and
brings its own CA.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx

from rightsguard.evidence.httpfetch import make_client
from rightsguard.evidence.netguard import (
    Guard,
    GuardedTransport,
    NetworkPolicy,
    Resolver,
    StaticResolver,
    SystemResolver,
)
from rightsguard.net.nameservers import resolver_from

if TYPE_CHECKING:
    import dns.resolver

    from rightsguard.evidence.limits import CaptureLimits

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The lookup servers a network asks."""

    rdap_servers: Mapping[str, str] = field(default_factory=dict)
    whois_servers: Mapping[str, str] = field(default_factory=dict)
    dns_resolvers: tuple[str, ...] = ()
    use_iana_whois: bool = True

    def rdap_hosts(self) -> frozenset[tuple[str, int]]:
        """(name, port) of each RDAP server named here: the workspace's own choice."""
        found = set()
        for url in self.rdap_servers.values():
            parts = urlsplit(url)
            if parts.hostname:
                found.add((parts.hostname.lower(), parts.port or _DEFAULT_PORTS.get(parts.scheme)))
        return frozenset((h, p) for h, p in found if p is not None)


@dataclass(frozen=True)
class Network:
    """One way out: every resolver, HTTP client and lookup server of a run comes from here.

    ``system_dns`` are the servers names are resolved with (setting ``dns_resolvers``);
    ``names``/``name_ports`` fix made-up names to addresses (and ports) before that;
    ``verify`` is what HTTPS trusts; ``tls_routes`` (stand-in networks) says where each
    of its names serves its certificate, else certificates are read through the guard.
    """

    name: str
    endpoints: Endpoints
    policy: NetworkPolicy
    system_dns: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    name_ports: Mapping[str, Mapping[int, int]] = field(default_factory=dict)
    verify: ssl.SSLContext | bool = True
    tls_routes: Mapping[str, tuple[str, int]] | None = None
    stand_in: bool = False

    def resolver(self) -> Resolver:
        """Names to addresses: the fixed names, then ``system_dns`` (or the system's)."""
        system = SystemResolver(list(self.system_dns) or None)
        if not self.names:
            return system
        return StaticResolver(self.names, self.name_ports, system)

    def guard(self) -> Guard:
        """The resolver and the SSRF rule, for one run."""
        return Guard(self.resolver(), self.policy)

    def http_client(self, guard: Guard | None = None, **kwargs: Any) -> httpx.Client:
        """A client whose every request, redirects included, is checked and pinned."""
        transport = GuardedTransport(guard or self.guard(), httpx.HTTPTransport(verify=self.verify))
        return httpx.Client(transport=transport, trust_env=False, **kwargs)

    def fetch_client(
        self, limits: CaptureLimits, *, guard: Guard | None = None, max_connections: int = 200
    ) -> httpx.AsyncClient:
        """The asyncio client of captures and rechecks (pinned, redirects not followed)."""

        return make_client(guard or self.guard(), limits, max_connections=max_connections)

    def record_resolver(self, timeout: float = 3.0) -> dns.resolver.Resolver:
        """A dnspython resolver asking ``endpoints.dns_resolvers`` (the system's if none)."""
        return resolver_from(self.endpoints.dns_resolvers, timeout)

    def tls_address(self, host: str, guard: Guard | None = None) -> tuple[str, int] | None:
        """Where to read ``host``'s certificate: its stand-in route, else its checked
        address on 443 (raises CaptureRefused where the rule forbids it)."""
        if self.tls_routes is not None:
            return self.tls_routes.get(host)
        return (guard or self.guard()).connect_target(host, 443)

    @property
    def tls_context(self) -> ssl.SSLContext | None:
        """The context certificates are verified with (None: read unverified, as evidence)."""
        return self.verify if isinstance(self.verify, ssl.SSLContext) else None


def internet(settings: Any) -> Network:
    """The real internet, as the workspace's settings describe it."""
    endpoints = Endpoints(
        rdap_servers=dict(settings.rdap_servers),
        whois_servers=dict(settings.whois_servers),
        dns_resolvers=tuple(settings.dns_resolvers),
    )
    return Network(
        "internet",
        endpoints,
        NetworkPolicy(bool(settings.allow_private_targets), trusted=endpoints.rdap_hosts()),
        system_dns=tuple(settings.dns_resolvers),
    )
