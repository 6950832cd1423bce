"""The sandbox as a network backend (``rightsguard.net``): registered as ``sandbox``.

``network_of(sandbox_map, settings)`` is the network of a sandbox whose address book
is at hand (the demo's own sandbox); the registered factory reads the one running in
the background (``rightsguard sandbox up``) and raises ``SandboxNotRunning`` when
none is. Its made-up names resolve to the sandbox's address, HTTPS trusts its CA,
identification asks its RDAP, WHOIS and DNS servers, and its own servers (each
address and port it listens on) are reachable even with ``allow_private_targets``
off; nothing else on a private address is.
"""

from __future__ import annotations

from typing import Any

from rightsguard.evidence.netguard import NetworkPolicy
from rightsguard.net import Endpoints, Network, register_network
from rightsguard.sandbox.clients import SandboxMap
from rightsguard.sandbox.core import default_state_dir
from rightsguard.sandbox.process import running_map
from rightsguard.sandbox.rdap import identify_settings

NAME = "sandbox"


def network_of(sandbox_map: SandboxMap, settings: Any) -> Network:
    """The network of the sandbox ``sandbox_map`` describes, for a workspace's settings."""
    endpoints = sandbox_map.endpoints()
    lookups = identify_settings(endpoints)
    fixed = sandbox_map.static_resolver()
    https = endpoints.get("sites.https")
    routes = {name: (https.host, https.port) for name in sandbox_map.hostnames} if https else {}
    return Network(
        NAME,
        Endpoints(
            rdap_servers=lookups["rdap_servers"],
            whois_servers=lookups["whois_servers"],
            dns_resolvers=tuple(lookups["dns_resolvers"]),
            use_iana_whois=False,
        ),
        NetworkPolicy(
            bool(settings.allow_private_targets),
            trusted=frozenset((ep.host, ep.port) for ep in endpoints.values()),
        ),
        system_dns=tuple(settings.dns_resolvers),
        names=fixed.hosts,
        name_ports=fixed.ports,
        verify=sandbox_map.ssl_context(),
        tls_routes=routes,
        stand_in=True,
    )


def running_network(settings: Any) -> Network:
    """The network of the background sandbox (``SandboxNotRunning`` when none runs)."""
    return network_of(running_map(default_state_dir()), settings)


register_network(NAME, running_network)
