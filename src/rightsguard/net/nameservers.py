"""dnspython resolvers for ``host`` or ``host:port`` entries (setting ``dns_resolvers``)."""

from __future__ import annotations

from collections.abc import Sequence

import dns.resolver


def resolver_from(servers: Sequence[str], timeout: float = 3.0) -> dns.resolver.Resolver:
    """A resolver for ``host`` or ``host:port`` entries (settings ``dns_resolvers``);
    the system's when ``servers`` is empty."""
    if not servers:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
        hosts, port = [], 53
        for entry in servers:
            host, _, p = entry.strip().rpartition(":") if entry.count(":") == 1 else (entry, "", "")
            hosts.append(host or entry)
            if p:
                port = int(p)
        resolver.nameservers = hosts
        resolver.port = port
    resolver.lifetime = timeout
    resolver.timeout = timeout
    return resolver
