"""Name resolution for captures, and the rule against server-side request forgery.

A capture may reach only globally routable addresses: loopback, private,
link-local (which holds the cloud metadata address 169.254.169.254), shared
(100.64/10, Alibaba's metadata 100.100.100.200), multicast, reserved and
unspecified addresses are refused, unless the workspace setting
``allow_private_targets`` is true. The rule is applied to the addresses a name
resolves to, and every connection goes to one of the addresses that passed
(the IP is pinned), so a name that resolves differently a second time (DNS
rebinding) cannot slip through.

Resolvers:

* :class:`SystemResolver`: dnspython (A, AAAA, CNAME answers) when installed,
  else ``socket.getaddrinfo`` (addresses only); ``method`` says which.
* :class:`StaticResolver`: a fixed map of names (and optionally name:port) to
  addresses, e.g. the sandbox's made-up hosts (``SandboxMap.static_resolver()``);
  other names go to a fallback.

A network's own servers (the sandbox's, or lookup servers the workspace names)
may be ``trusted`` by the policy: those (name or address, port) pairs are
reached even while the rule is on, and nothing else on a private address.
:class:`GuardedTransport` is an httpx transport that resolves, checks and pins
every request, redirects included (``rightsguard.net`` builds clients with it).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from rightsguard.evidence.errors import CaptureRefused

#: Cloud metadata endpoints named in refusals (all are also non-global).
METADATA_ADDRESSES = frozenset({"169.254.169.254", "100.100.100.200", "fd00:ec2::254"})


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name resolved to, and how."""

    host: str
    addresses: tuple[str, ...]
    method: str
    a: tuple[str, ...] = ()
    aaaa: tuple[str, ...] = ()
    cname: tuple[str, ...] = ()
    port_map: Mapping[int, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "method": self.method,
            "A": list(self.a),
            "AAAA": list(self.aaaa),
            "CNAME": list(self.cname),
            "addresses": list(self.addresses),
        }


class Resolver(Protocol):
    def resolve(self, host: str) -> Resolution: ...


#: Host names that C resolvers (inet_aton) read as IPv4 addresses: 2130706433,
#: 0x7f000001, 0177.0.0.1, 127.1. They are taken as those addresses, never sent to DNS.
_LEGACY_IPV4 = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.I)


def legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a numeric host in a legacy form stands for, else None."""
    if not _LEGACY_IPV4.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except OSError:
        return None


def _literal(host: str) -> Resolution | None:
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        legacy = legacy_ipv4(host)
        if legacy is None:
            return None
        ip = legacy
    a = (str(ip),) if ip.version == 4 else ()
    aaaa = (str(ip),) if ip.version == 6 else ()
    return Resolution(host, (str(ip),), "literal", a, aaaa)


class SystemResolver:
    """The system's DNS: dnspython if installed (A, AAAA, CNAME), else getaddrinfo."""

    def __init__(self, nameservers: list[str] | None = None, timeout: float = 5.0) -> None:
        self.nameservers = nameservers or []
        self.timeout = timeout

    def resolve(self, host: str) -> Resolution:
        literal = _literal(host)
        if literal is not None:
            return literal
        try:
            import dns.resolver
        except ImportError:
            return self._getaddrinfo(host)
        return self._dnspython(host, dns.resolver)

    def _dnspython(self, host: str, resolver_mod: Any) -> Resolution:
        import dns.exception

        resolver = resolver_mod.Resolver(configure=not self.nameservers)
        if self.nameservers:
            resolver.nameservers = [n.split(":")[0] for n in self.nameservers]
        resolver.lifetime = self.timeout
        answers: dict[str, list[str]] = {"A": [], "AAAA": [], "CNAME": []}
        for rdtype in answers:
            try:
                answer = resolver.resolve(host, rdtype, raise_on_no_answer=False)
            except (dns.exception.DNSException, OSError):
                continue
            if answer.rrset is not None:
                answers[rdtype] = [r.to_text() for r in answer.rrset]
            if rdtype != "CNAME" and answer.canonical_name.to_text().rstrip(".") != host:
                answers["CNAME"].append(answer.canonical_name.to_text())
        addresses = tuple(answers["A"] + answers["AAAA"])
        if not addresses:  # /etc/hosts and the like
            fallback = self._getaddrinfo(host)
            return Resolution(
                host, fallback.addresses, "dnspython+getaddrinfo", fallback.a, fallback.aaaa
            )
        return Resolution(
            host,
            addresses,
            "dnspython",
            tuple(answers["A"]),
            tuple(answers["AAAA"]),
            tuple(dict.fromkeys(answers["CNAME"])),
        )

    @staticmethod
    def _getaddrinfo(host: str) -> Resolution:
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise CaptureRefused(f"cannot resolve {host}: {exc.strerror}") from None
        addresses = tuple(dict.fromkeys(str(i[4][0]) for i in infos))
        a = tuple(x for x in addresses if ":" not in x)
        aaaa = tuple(x for x in addresses if ":" in x)
        return Resolution(host, addresses, "getaddrinfo", a, aaaa)


class StaticResolver:
    """Names (and name:port pairs) fixed to addresses; others go to ``fallback``."""

    def __init__(
        self,
        hosts: Mapping[str, str],
        ports: Mapping[str, Mapping[int, int]] | None = None,
        fallback: Resolver | None = None,
    ) -> None:
        self.hosts = {k.lower(): v for k, v in hosts.items()}
        self.ports = {k.lower(): dict(v) for k, v in (ports or {}).items()}
        self.fallback = fallback or SystemResolver()

    def resolve(self, host: str) -> Resolution:
        name = host.lower().rstrip(".")
        if name in self.hosts:
            ip = self.hosts[name]
            v6 = ":" in ip
            return Resolution(
                name,
                (ip,),
                "static-map",
                () if v6 else (ip,),
                (ip,) if v6 else (),
                port_map=self.ports.get(name, {}),
            )
        return self.fallback.resolve(host)

    def to_json(self) -> dict[str, Any]:
        return {
            "hosts": self.hosts,
            "ports": {k: {str(p): q for p, q in v.items()} for k, v in self.ports.items()},
        }


#: The well-known NAT64 prefix (RFC 6052): 64:ff9b::a.b.c.d reaches a.b.c.d.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def forbidden_reason(address: str) -> str | None:
    """Why capture may not connect to ``address`` (None when it may)."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:  # judge the IPv4 address it carries
            why = forbidden_reason(str(embedded))
            if why is not None:
                return why
            ip = embedded
    if str(ip) in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None


@dataclass(frozen=True, slots=True)
class NetworkPolicy:
    """The SSRF rule: ``allow_private`` lifts it (sandbox and demo workspaces);
    ``trusted`` (name or address, port) pairs are the network's own servers,
    reached on any address (checked only when the port is known)."""

    allow_private: bool = False
    trusted: frozenset[tuple[str, int]] = frozenset()

    def check(self, host: str, resolution: Resolution, port: int | None = None) -> Resolution:
        """Return ``resolution`` keeping only addresses capture may reach, or refuse."""
        if not resolution.addresses:
            raise CaptureRefused(f"{host} has no address")
        if self.allow_private:
            return resolution
        real_port = None if port is None else resolution.port_map.get(port, port)
        named = port is not None and (host.lower().rstrip("."), port) in self.trusted
        allowed = []
        refused = []
        for address in resolution.addresses:
            why = forbidden_reason(address)
            if why is None or named or (address, real_port) in self.trusted:
                allowed.append(address)
            else:
                refused.append(f"{address} is {why}")
        if refused:  # any private answer is suspect: refuse the name altogether
            raise CaptureRefused(
                f"refusing to capture {host}: {'; '.join(refused)} "
                "(set allow_private_targets only for sandbox and demo workspaces)"
            )
        return Resolution(
            resolution.host,
            tuple(allowed),
            resolution.method,
            resolution.a,
            resolution.aaaa,
            resolution.cname,
            resolution.port_map,
        )


class Guard:
    """A resolver and the policy together, caching answers for one capture run."""

    def __init__(self, resolver: Resolver, policy: NetworkPolicy) -> None:
        self.resolver = resolver
        self.policy = policy
        self._cache: dict[str, Resolution] = {}

    def resolve(self, host: str, port: int | None = None) -> Resolution:
        """Resolve and check ``host`` (to be reached on ``port``); raises CaptureRefused."""
        key = host.lower()
        if key not in self._cache:
            self._cache[key] = self.resolver.resolve(host)
        return self.policy.check(host, self._cache[key], port)

    def cached(self, host: str) -> bool:
        """Whether ``host`` was resolved already (no I/O needed to answer)."""
        return host.lower() in self._cache

    async def aresolve(self, host: str, port: int | None = None) -> Resolution:
        """:meth:`resolve` without blocking the event loop on DNS."""
        if self.cached(host) or (
            isinstance(self.resolver, StaticResolver) and host.lower() in self.resolver.hosts
        ):
            return self.resolve(host, port)
        import asyncio

        return await asyncio.to_thread(self.resolve, host, port)

    def connect_target(self, host: str, port: int) -> tuple[str, int]:
        """The checked address and the port to connect to for ``host:port``."""
        resolution = self.resolve(host, port)
        return resolution.addresses[0], resolution.port_map.get(port, port)

    def pinned(self, request: httpx.Request) -> httpx.Request:
        """``request`` sent to the checked address of its host (``Host`` and TLS SNI keep
        the name); resolve the host first (:meth:`aresolve`) to keep DNS off the loop."""
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        return sent_to(request, *self.connect_target(request.url.host, port))


def sent_to(request: httpx.Request, address: str, port: int | None) -> httpx.Request:
    """``request`` connecting to ``address:port`` while ``Host`` and TLS SNI keep its name."""
    extensions = dict(request.extensions)
    if request.url.scheme == "https":
        extensions.setdefault("sni_hostname", request.url.host)
    return httpx.Request(
        request.method,
        request.url.copy_with(host=address, port=port),
        headers=request.headers,  # Host: stays the name
        stream=request.stream,
        extensions=extensions,
    )


class GuardedTransport(httpx.BaseTransport):
    """Every request (each redirect hop too) resolved, checked and pinned by ``guard``."""

    def __init__(self, guard: Guard, inner: httpx.BaseTransport) -> None:
        self.guard = guard
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(self.guard.pinned(request))

    def close(self) -> None:
        self.inner.close()
