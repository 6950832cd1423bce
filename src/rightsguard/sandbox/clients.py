"""How clients reach the sandbox's made-up host names.

:class:`SandboxMap` is the address book of a running sandbox: which names each
service answers for and on which ports. It comes from a live
:class:`~rightsguard.sandbox.core.Sandbox` (``sandbox.map()``) or from the
state file a background sandbox writes (``SandboxMap.from_json``), so tests and
the demo use the same helpers either way.

URLs carry the made-up name and the port (``http://aurorix-outlet.cn:18080/``);
both clients connect to the sandbox address while keeping the name:

* httpx: :class:`SandboxTransport` / :class:`AsyncSandboxTransport` rewrite the
  connection target to the sandbox address, keep the ``Host`` header, and set
  the ``sni_hostname`` request extension so TLS sends and verifies the made-up
  name against the sandbox CA. A URL without a port goes to the port that
  serves its scheme. ``response.url`` stays the made-up URL.
* Chromium: ``--host-resolver-rules`` with ``MAP name 127.0.0.5`` keeps the
  URL's port, so one rule per name serves HTTP and HTTPS alike. Names listed in
  a service's ``portless`` (e.g. ``hm.baidu.com``, referenced by pages as
  ``https://hm.baidu.com/hm.js?…``) are mapped to that scheme's port. With
  ``scheme="https"`` every name maps to the HTTPS port, for port-less URLs.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.netguard import Resolver, StaticResolver, sent_to
from rightsguard.sandbox.service import Endpoint
from rightsguard.sandbox.tls import TlsMaterial

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class ServiceMap:
    name: str
    hostnames: tuple[str, ...]
    endpoints: Mapping[str, Endpoint]
    portless: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SandboxMap:
    host: str
    ca_cert_path: Path
    cert_path: Path
    services: tuple[ServiceMap, ...]

    # --- lookups ----------------------------------------------------------

    def _service_for(self, hostname: str) -> ServiceMap:
        name = hostname.lower().rstrip(".")
        for service in self.services:
            if name in service.hostnames:
                return service
        raise InvalidValue("hostname", f"{hostname!r} is not a sandbox host name")

    @property
    def hostnames(self) -> tuple[str, ...]:
        return tuple(n for s in self.services for n in s.hostnames)

    @property
    def hosts(self) -> dict[str, tuple[str, int]]:
        """Each made-up name -> (address, port) of its service's first endpoint."""
        out: dict[str, tuple[str, int]] = {}
        for service in self.services:
            if not service.endpoints:
                continue
            first = next(iter(service.endpoints.values()))
            for name in service.hostnames:
                out[name] = (first.host, first.port)
        return out

    def endpoints(self) -> dict[str, Endpoint]:
        """All endpoints, keyed ``"<service>.<endpoint>"`` (e.g. ``sites.https``)."""
        return {f"{s.name}.{k}": ep for s in self.services for k, ep in s.endpoints.items()}

    def url(self, hostname: str, path: str = "/", scheme: str = "http") -> str:
        service = self._service_for(hostname)
        endpoint = service.endpoints.get(scheme)
        if endpoint is None:
            raise InvalidValue("scheme", f"{hostname} is not served over {scheme}")
        if not path.startswith("/"):
            path = "/" + path
        port = "" if _DEFAULT_PORTS.get(scheme) == endpoint.port else f":{endpoint.port}"
        return f"{scheme}://{hostname.lower()}{port}{path}"

    # --- Chromium -------------------------------------------------------

    def host_resolver_rules(self, scheme: str | None = None) -> str:
        rules = []
        for service in self.services:
            for name in service.hostnames:
                fixed = scheme or service.portless.get(name)
                endpoint = service.endpoints.get(fixed) if fixed else None
                target = f"{self.host}:{endpoint.port}" if endpoint else self.host
                rules.append(f"MAP {name} {target}")
        return ", ".join(rules)

    def chromium_args(self, scheme: str | None = None) -> list[str]:
        """Flags for Chromium: the resolver rules and trust in the sandbox's leaf key."""

        spki = TlsMaterial(self.ca_cert_path, self.cert_path, self.cert_path).leaf_spki_sha256_b64()
        return [
            f"--host-resolver-rules={self.host_resolver_rules(scheme)}",
            f"--ignore-certificate-errors-spki-list={spki}",
        ]

    # --- captures ---------------------------------------------------------

    def static_resolver(self, fallback: Resolver | None = None) -> StaticResolver:
        """The capture resolver of these names: each to the sandbox address, and the
        ``portless`` names' default port to their scheme's port; others to ``fallback``."""
        hosts: dict[str, str] = {}
        ports: dict[str, dict[int, int]] = {}
        for service in self.services:
            for name in service.hostnames:
                hosts[name] = self.host
                scheme = service.portless.get(name)
                if scheme and scheme in service.endpoints:
                    port = service.endpoints[scheme].port
                    ports[name] = {80 if scheme == "http" else 443: port}
        return StaticResolver(hosts, ports, fallback)

    # --- httpx ----------------------------------------------------------

    def ssl_context(self) -> ssl.SSLContext:
        """A client context trusting the sandbox CA only."""
        return ssl.create_default_context(cafile=str(self.ca_cert_path))

    def _routes(self) -> dict[str, tuple[str, dict[str, int]]]:
        routes = {}
        for service in self.services:
            ports = {scheme: ep.port for scheme, ep in service.endpoints.items()}
            for name in service.hostnames:
                routes[name] = (self.host, ports)
        return routes

    def httpx_transport(self, **kwargs: Any) -> SandboxTransport:
        kwargs.setdefault("verify", self.ssl_context())
        return SandboxTransport(self._routes(), httpx.HTTPTransport(**kwargs))

    def async_httpx_transport(self, **kwargs: Any) -> AsyncSandboxTransport:
        kwargs.setdefault("verify", self.ssl_context())
        return AsyncSandboxTransport(self._routes(), httpx.AsyncHTTPTransport(**kwargs))

    def httpx_client(self, **kwargs: Any) -> httpx.Client:
        kwargs.setdefault("trust_env", False)  # no proxy from the environment
        return httpx.Client(transport=self.httpx_transport(), **kwargs)

    def async_httpx_client(self, **kwargs: Any) -> httpx.AsyncClient:
        kwargs.setdefault("trust_env", False)
        return httpx.AsyncClient(transport=self.async_httpx_transport(), **kwargs)

    # --- state file -----------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "ca_cert_path": str(self.ca_cert_path),
            "cert_path": str(self.cert_path),
            "services": [
                {
                    "name": s.name,
                    "hostnames": list(s.hostnames),
                    "endpoints": {k: [e.scheme, e.host, e.port] for k, e in s.endpoints.items()},
                    "portless": dict(s.portless),
                }
                for s in self.services
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SandboxMap:
        return cls(
            host=data["host"],
            ca_cert_path=Path(data["ca_cert_path"]),
            cert_path=Path(data["cert_path"]),
            services=tuple(
                ServiceMap(
                    name=s["name"],
                    hostnames=tuple(s["hostnames"]),
                    endpoints={
                        k: Endpoint(e[0], e[1], int(e[2])) for k, e in s["endpoints"].items()
                    },
                    portless=dict(s.get("portless", {})),
                )
                for s in data["services"]
            ),
        )


def _rewrite(
    routes: Mapping[str, tuple[str, Mapping[str, int]]], request: httpx.Request
) -> httpx.Request:
    route = routes.get(request.url.host)
    if route is None:
        return request
    address, ports = route
    return sent_to(request, address, request.url.port or ports.get(request.url.scheme))


class SandboxTransport(httpx.BaseTransport):
    """Sends requests for sandbox names to the sandbox; others pass through."""

    def __init__(
        self, routes: Mapping[str, tuple[str, Mapping[str, int]]], inner: httpx.BaseTransport
    ) -> None:
        self._routes = routes
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(_rewrite(self._routes, request))

    def close(self) -> None:
        self._inner.close()


class AsyncSandboxTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of :class:`SandboxTransport` (same rewrite)."""

    def __init__(
        self, routes: Mapping[str, tuple[str, Mapping[str, int]]], inner: httpx.AsyncBaseTransport
    ) -> None:
        self._routes = routes
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(_rewrite(self._routes, request))

    async def aclose(self) -> None:
        await self._inner.aclose()
