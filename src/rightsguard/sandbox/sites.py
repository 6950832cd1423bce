"""The site server: every made-up web site on one HTTP and one HTTPS port.

Requests are routed by the Host header (``www.`` aliases included); an unknown
host gets a 404 page. Each site, or one path of it, has a :class:`SiteMode` so
monitoring tests can watch a page disappear, change and come back:

* ``live``: the normal page;
* ``removed``: HTTP 404 with a short "removed" page;
* ``delisted``: HTTP 200 with the same "removed" page (a soft 404, as
  marketplaces do);
* ``changed``: HTTP 200, a notice on every page and one product fewer.

Modes are set with :meth:`SiteService.set_mode` or, from another process, with
``POST /__sandbox__/mode`` (JSON ``{"host": ..., "mode": ..., "path": ...}``)
on any host and either port, accepted from loopback clients only.
``GET /__sandbox__/health`` and ``GET /__sandbox__/modes`` answer JSON.
"""

from __future__ import annotations

import ipaddress
import json
import os
import threading
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import ClassVar

from rightsguard.domain.errors import InvalidValue
from rightsguard.sandbox import world
from rightsguard.sandbox.errors import PortInUse
from rightsguard.sandbox.faults import Faults, faulty
from rightsguard.sandbox.httpserver import HttpAndHttps, HttpServer, Request, Response
from rightsguard.sandbox.pages import SiteContent, not_found_page, removed_page, unknown_host_page
from rightsguard.sandbox.service import Endpoint, SandboxConfig, SandboxContext

ADMIN_PREFIX = "/__sandbox__/"


class SiteMode(StrEnum):
    LIVE = "live"
    REMOVED = "removed"
    DELISTED = "delisted"
    CHANGED = "changed"


def canonical_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return world.HOST_ALIASES.get(host, host)


def _json(status: int, data: object) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode()
    return Response(status, body, "application/json; charset=utf-8")


class SiteService:
    """Serves ``world.SITE_HOSTS`` over HTTP and HTTPS."""

    name: ClassVar[str] = "sites"
    hostnames: ClassVar[tuple[str, ...]] = (*world.SITE_HOSTS, *world.HOST_ALIASES)
    #: URLs of these hosts appear without a port in page content.
    portless: ClassVar[Mapping[str, str]] = MappingProxyType({world.BAIDU_TONGJI_HOST: "https"})

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.content = SiteContent()
        self._modes: dict[tuple[str, str | None], SiteMode] = {}
        self._lock = threading.Lock()
        self._servers: HttpAndHttps | None = None
        self._at_zone_addresses: list[HttpServer] = []
        self.faults = Faults(self.name)
        self._app = faulty(self.app, self.faults)

    # --- Service --------------------------------------------------------

    def start(self, ctx: SandboxContext) -> None:
        servers = HttpAndHttps(
            self.config.host,
            (self.config.port("http"), self.config.port("https")),
            self._app,
            ctx.tls.server_context(),
        )
        servers.start()
        self._servers = servers
        self._listen_at_zone_addresses(self.config.host, servers.http.port)

    def _listen_at_zone_addresses(self, host: str, port: int) -> None:
        """Also answer plain HTTP on the addresses the sandbox DNS gives the sites
        (``world.HOST_IPS``, all in 127.0.0.0/8) at the same port, so a client that
        pins the DNS answer, as discovery's page check does, reaches the site. An
        address already taken is left out (the main listener still serves)."""
        for address in sorted(set(world.HOST_IPS.values()) - {host}):
            server = HttpServer(address, port, self._app, name=f"http@{address}")
            try:
                server.start()
            except (OSError, PortInUse):
                continue
            self._at_zone_addresses.append(server)

    def stop(self) -> None:
        for server in self._at_zone_addresses:
            server.stop()
        self._at_zone_addresses = []
        if self._servers is not None:
            self._servers.stop()
        self._servers = None

    def endpoints(self) -> dict[str, Endpoint]:
        if self._servers is None:
            return {}
        ports = self._servers.ports()
        return {s: Endpoint(s, self.config.host, port) for s, port in ports.items()}

    # --- modes ----------------------------------------------------------

    def set_mode(self, host: str, mode: SiteMode | str, path: str | None = None) -> None:
        """Set ``host``'s mode, or one path's; a host-wide ``live`` clears its path modes."""
        host = canonical_host(host)
        if host not in world.SITE_HOSTS:
            raise InvalidValue("host", f"{host!r} is not a sandbox site")
        try:
            mode = SiteMode(mode)
        except ValueError:
            choices = ", ".join(m.value for m in SiteMode)
            raise InvalidValue("mode", f"{mode!r} is not one of {choices}") from None
        if path is not None and not path.startswith("/"):
            raise InvalidValue("path", f"{path!r} must start with /")
        with self._lock:
            if path is None and mode is SiteMode.LIVE:
                for key in [k for k in self._modes if k[0] == host]:
                    del self._modes[key]
            elif mode is SiteMode.LIVE:
                self._modes.pop((host, path), None)
            else:
                self._modes[(host, path)] = mode

    def mode(self, host: str, path: str | None = None) -> SiteMode:
        host = canonical_host(host)
        with self._lock:
            if path is not None and (host, path) in self._modes:
                return self._modes[(host, path)]
            return self._modes.get((host, None), SiteMode.LIVE)

    def modes(self) -> list[dict[str, str | None]]:
        with self._lock:
            return [{"host": h, "path": p, "mode": m.value} for (h, p), m in self._modes.items()]

    # --- the app --------------------------------------------------------

    def app(self, request: Request) -> Response:
        if request.path.startswith(ADMIN_PREFIX):
            return self._admin(request)
        host = canonical_host(request.host)
        if host not in world.SITE_HOSTS:
            return Response(404, unknown_host_page(request.host))
        mode = self.mode(host, request.path)
        if mode in (SiteMode.REMOVED, SiteMode.DELISTED):
            status = 404 if mode is SiteMode.REMOVED else 200
            return Response(status, removed_page(host))
        endpoint = self.endpoints()[request.scheme]

        def link(target: str, path: str) -> str:
            return f"{request.scheme}://{target}:{endpoint.port}{path}"

        response = self.content.render(
            host, request.path, request.query, link, changed=mode is SiteMode.CHANGED
        )
        return response or Response(404, not_found_page(host))

    def _admin(self, request: Request) -> Response:
        if not ipaddress.ip_address(request.client_ip).is_loopback:
            return _json(403, {"error": "the sandbox admin endpoint is for loopback clients"})
        action = request.path[len(ADMIN_PREFIX) :]
        if action == "health" and request.method in ("GET", "HEAD"):
            ports = {name: ep.port for name, ep in self.endpoints().items()}
            return _json(200, {"ok": True, "pid": os.getpid(), "ports": ports})
        if action == "modes" and request.method == "GET":
            return _json(200, {"modes": self.modes()})
        if action == "mode" and request.method == "POST":
            try:
                data = json.loads(request.body or b"{}")
                self.set_mode(data["host"], data["mode"], data.get("path"))
            except (ValueError, KeyError, TypeError, InvalidValue) as exc:
                message = getattr(exc, "message", None) or f"bad request: {exc}"
                return _json(400, {"error": message})
            return _json(
                200,
                {
                    "host": canonical_host(data["host"]),
                    "mode": data["mode"],
                    "path": data.get("path"),
                },
            )
        return _json(404, {"error": f"no admin action {action!r} for {request.method}"})


def make_service(config: SandboxConfig) -> SiteService:
    return SiteService(config)
