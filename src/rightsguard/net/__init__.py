"""The network every feature reaches the outside world through, chosen by name.

    network = network_for(settings)            # settings.network: "internet" by default
    network = network_for(settings, "sandbox")  # a backend another package registered
    network.resolver()                          # names -> addresses (dns_resolvers)
    network.guard()                             # that resolver + the SSRF rule
    network.http_client(timeout=10)             # httpx, every hop checked and pinned
    network.fetch_client(limits)                # the async client of captures and rechecks
    network.record_resolver()                   # dnspython, for DNS records
    network.tls_address(host)                   # where to read a host's certificate
    network.endpoints                           # RDAP, WHOIS and DNS servers to ask

``register_network(name, factory)`` adds a backend: ``factory(settings)`` returns a
:class:`Network`. ``internet`` is built in; the sandbox registers ``sandbox`` when
``rightsguard.sandbox`` is imported (by the demo, the ``sandbox`` command group,
tests), so no product module imports the sandbox.
"""

from rightsguard.net.errors import NetworkUnavailable, UnknownNetwork
from rightsguard.net.network import Endpoints, Network, internet
from rightsguard.net.registry import network_for, network_names, register_network

__all__ = [
    "Endpoints",
    "Network",
    "NetworkUnavailable",
    "UnknownNetwork",
    "internet",
    "network_for",
    "network_names",
    "register_network",
]
