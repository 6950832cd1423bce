"""A local stand-in internet on loopback, for the demo and for tests.

Public surface::

    Sandbox(host="127.0.0.5", http_port=0, https_port=0, state_dir=None,
            *, ports=None, services=None)
        .start() / .stop() / with Sandbox(...) as sb
        .url(hostname, path="/", scheme="http") -> str
        .hosts -> dict[str, tuple[str, int]]      .endpoints() -> dict[str, Endpoint]
        .ca_cert_path                              .hostnames
        .set_mode(host, mode, path=None)           .mode(host, path=None)
        .set_fault(service, mode, times=None)      (faults.py: down, slow, ratelimited,
                                                   garbage, drop for rdap, whois, dns,
                                                   tsa, smtp and sites)
        .host_resolver_rules(scheme=None) -> str   .chromium_args(scheme=None)
        .httpx_transport() / .async_httpx_transport() / .httpx_client() / .ssl_context()
        .map() -> SandboxMap   (the same client helpers, also loadable from a state file)

    world           the invented facts (brand, marks, operator identifiers, hosts)
    Service         the protocol of one server; registry.SERVICES lists them
    SiteMode        live | removed | delisted | changed

Run one in the background with ``rightsguard sandbox up`` (``cli/sandbox_cmds.py``)
or in the foreground with ``python -m rightsguard.sandbox serve``.

Importing this package registers the network backend ``sandbox`` (``backend.py``,
``rightsguard.net``): product code reaches the sandbox by that name, never by import.
Servers run in threads of the calling process and bind only to loopback.
"""

from rightsguard.sandbox import backend, world
from rightsguard.sandbox.clients import SandboxMap
from rightsguard.sandbox.core import DEFAULT_HOST, Sandbox, default_state_dir
from rightsguard.sandbox.service import Endpoint, Service
from rightsguard.sandbox.sites import SiteMode

__all__ = [
    "DEFAULT_HOST",
    "Endpoint",
    "Sandbox",
    "SandboxMap",
    "Service",
    "SiteMode",
    "backend",
    "default_state_dir",
    "world",
]
