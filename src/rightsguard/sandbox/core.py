"""The :class:`Sandbox`: the services of ``registry.SERVICES`` on one loopback address."""

from __future__ import annotations

import ipaddress
import os
import ssl
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from rightsguard.domain.errors import InvalidValue
from rightsguard.sandbox import registry
from rightsguard.sandbox.clients import (
    AsyncSandboxTransport,
    SandboxMap,
    SandboxTransport,
    ServiceMap,
)
from rightsguard.sandbox.service import (
    Endpoint,
    SandboxConfig,
    SandboxContext,
    Service,
    ServiceFactory,
)
from rightsguard.sandbox.sites import SiteMode, SiteService
from rightsguard.sandbox.tls import TlsMaterial, ensure_tls

DEFAULT_HOST = "127.0.0.5"
STATE_DIR_ENV = "RIGHTSGUARD_SANDBOX_DIR"


def default_state_dir() -> Path:
    """``$RIGHTSGUARD_SANDBOX_DIR``, else ``<tmp>/rightsguard-sandbox-<uid>``."""
    env = os.environ.get(STATE_DIR_ENV)
    if env:
        return Path(env)
    return Path(tempfile.gettempdir()) / f"rightsguard-sandbox-{os.getuid()}"


class Sandbox:
    """A stand-in internet on loopback.

    ``http_port``/``https_port`` 0 pick free ports (tests); ``ports`` gives other
    services' ports by name; ``services`` replaces ``registry.SERVICES``.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        http_port: int = 0,
        https_port: int = 0,
        state_dir: str | Path | None = None,
        *,
        ports: Mapping[str, int] | None = None,
        services: Sequence[ServiceFactory] | None = None,
    ) -> None:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise InvalidValue("host", f"{host!r} is not a loopback address (127.0.0.0/8)")
        self.config = SandboxConfig(
            host=host,
            state_dir=Path(state_dir) if state_dir is not None else default_state_dir(),
            ports={"http": http_port, "https": https_port, **(ports or {})},
        )
        factories = registry.SERVICES if services is None else services
        self.services: list[Service] = [factory(self.config) for factory in factories]
        self._tls: TlsMaterial | None = None
        self._running = False

    # --- lifecycle --------------------------------------------------------

    def start(self) -> Sandbox:
        if self._running:
            raise RuntimeError("sandbox already started")
        self._tls = ensure_tls(self.config.state_dir, self.hostnames, self.config.host)
        ctx = SandboxContext(self.config, self._tls)
        started: list[Service] = []
        try:
            for service in self.services:
                service.start(ctx)
                started.append(service)
        except BaseException:
            for service in reversed(started):
                service.stop()
            raise
        self._running = True
        return self

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
        self._running = False

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._running

    # --- facts ------------------------------------------------------------

    @property
    def host(self) -> str:
        return self.config.host

    @property
    def state_dir(self) -> Path:
        return self.config.state_dir

    @property
    def hostnames(self) -> tuple[str, ...]:
        return tuple(n for s in self.services for n in s.hostnames)

    @property
    def tls(self) -> TlsMaterial:
        if self._tls is None:
            raise RuntimeError("sandbox not started")
        return self._tls

    @property
    def ca_cert_path(self) -> Path:
        return self.tls.ca_cert_path

    def service(self, name: str) -> Service:
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    @property
    def sites(self) -> SiteService:
        service = self.service("sites")
        assert isinstance(service, SiteService)
        return service

    def map(self) -> SandboxMap:
        """The address book of the running sandbox (what clients need)."""
        if not self._running:
            raise RuntimeError("sandbox not started")
        return SandboxMap(
            host=self.config.host,
            ca_cert_path=self.tls.ca_cert_path,
            cert_path=self.tls.cert_path,
            services=tuple(
                ServiceMap(s.name, s.hostnames, s.endpoints(), dict(s.portless))
                for s in self.services
            ),
        )

    def endpoints(self) -> dict[str, Endpoint]:
        return self.map().endpoints()

    @property
    def hosts(self) -> dict[str, tuple[str, int]]:
        return self.map().hosts

    def url(self, hostname: str, path: str = "/", scheme: str = "http") -> str:
        return self.map().url(hostname, path, scheme)

    # --- site modes ---------------------------------------------------------

    def set_mode(self, host: str, mode: SiteMode | str, path: str | None = None) -> None:
        self.sites.set_mode(host, mode, path)

    def mode(self, host: str, path: str | None = None) -> SiteMode:
        return self.sites.mode(host, path)

    # --- fault modes (faults.py) ------------------------------------------------

    def set_fault(self, service: str, mode: str, **options: Any) -> None:
        """Make ``service`` (rdap, whois, dns, tsa, smtp, sites) misbehave: ``mode`` is
        one of ``faults.FAULTS``; ``times=N`` limits it to the next N requests."""
        try:
            faults = getattr(self.service(service), "faults")  # noqa: B009
        except (KeyError, AttributeError):
            raise InvalidValue("service", f"{service!r} has no fault modes") from None
        try:
            faults.set(mode, **options)
        except ValueError as exc:
            raise InvalidValue("mode", str(exc)) from None

    # --- clients ------------------------------------------------------------

    def host_resolver_rules(self, scheme: str | None = None) -> str:
        return self.map().host_resolver_rules(scheme)

    def chromium_args(self, scheme: str | None = None) -> list[str]:
        return self.map().chromium_args(scheme)

    def ssl_context(self) -> ssl.SSLContext:
        return self.map().ssl_context()

    def httpx_transport(self, **kwargs: Any) -> SandboxTransport:
        return self.map().httpx_transport(**kwargs)

    def async_httpx_transport(self, **kwargs: Any) -> AsyncSandboxTransport:
        return self.map().async_httpx_transport(**kwargs)

    def httpx_client(self, **kwargs: Any) -> httpx.Client:
        return self.map().httpx_client(**kwargs)

    def async_httpx_client(self, **kwargs: Any) -> httpx.AsyncClient:
        return self.map().async_httpx_client(**kwargs)
