"""The sandbox WHOIS servers (RFC 3912): a registry and a registrar, one port each.

* registry (endpoint ``whois``, ``whois.registry.sandbox.test``): answers .cn
  domains in CNNIC style (thick: Chinese registrant and registrar names,
  ``Registration Time``/``Expiration Time``) and .com domains thin, with a
  ``Registrar WHOIS Server:`` referral to the registrar.
* registrar (endpoint ``whois_registrar``, ``whois.harbour-names.sandbox.test``):
  the thick .com record, GDPR-redacted where the world says so.

Unknown names get ``No matching record.``; a name starting with ``ratelimited`` is
answered "Query rate limit exceeded" twice first (test hook). Replies are UTF-8. A client maps the
made-up WHOIS host names to these ports (settings ``whois_servers``);
:func:`whois_servers` builds that map from a running sandbox.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
import time
from collections import Counter, deque
from typing import Any, ClassVar

from rightsguard.sandbox import world as w
from rightsguard.sandbox.errors import PortInUse
from rightsguard.sandbox.faults import GARBAGE, Faults
from rightsguard.sandbox.service import Endpoint, SandboxConfig, SandboxContext

NO_MATCH = "No matching record.\r\n"


def _t(d: Any) -> str:
    return f"{d.isoformat()} 10:21:07"


def cnnic_reply(rec: w.DomainRecord) -> str:
    lines = [
        f"Domain Name: {rec.domain}",
        f"ROID: {rec.registered.strftime('%Y%m%d')}s10001s{len(rec.domain) * 7919:08d}-cn",
        *(f"Domain Status: {s}" for s in rec.status),
        f"Registrant: {rec.registrant_org or rec.registrant_name}",
        f"Registrant Contact Email: {rec.registrant_email}",
        f"Sponsoring Registrar: {rec.registrar.name}",
        *(f"Name Server: {ns}" for ns in rec.name_servers),
        f"Registration Time: {_t(rec.registered)}",
        f"Expiration Time: {_t(rec.expires)}",
        "DNSSEC: unsigned",
    ]
    return "\r\n".join(lines) + "\r\n"


def thin_reply(rec: w.DomainRecord, registrar_host: str) -> str:
    reg = rec.registrar
    lines = [
        f"   Domain Name: {rec.domain.upper()}",
        "   Registry Domain ID: 2800000000_DOMAIN_COM-SBX",
        f"   Registrar WHOIS Server: {registrar_host}",
        f"   Registrar URL: {reg.url}",
        f"   Updated Date: {rec.registered.isoformat()}T09:00:00Z",
        f"   Creation Date: {rec.registered.isoformat()}T08:15:00Z",
        f"   Registry Expiry Date: {rec.expires.isoformat()}T08:15:00Z",
        f"   Registrar: {reg.name}",
        f"   Registrar IANA ID: {reg.iana_id}",
        f"   Registrar Abuse Contact Email: {reg.abuse_email}",
        f"   Registrar Abuse Contact Phone: {reg.abuse_phone}",
        *(f"   Domain Status: {s} https://icann.org/epp#{s}" for s in rec.status),
        *(f"   Name Server: {ns.upper()}" for ns in rec.name_servers),
        "   DNSSEC: unsigned",
        ">>> Last update of whois database: 2026-11-01T00:00:00Z <<<",
    ]
    return "\r\n".join(lines) + "\r\n"


def thick_reply(rec: w.DomainRecord) -> str:
    reg = rec.registrar
    if rec.redacted:
        name, org = "REDACTED FOR PRIVACY", rec.privacy_proxy or "REDACTED FOR PRIVACY"
        email = (
            "Please query the RDDS service of the Registrar of Record identified in this output."
        )
    else:
        name, org, email = rec.registrant_name, rec.registrant_org, rec.registrant_email
    lines = [
        f"Domain Name: {rec.domain.upper()}",
        f"Registrar WHOIS Server: {w.SANDBOX_WHOIS_REGISTRAR_HOST}",
        f"Creation Date: {rec.registered.isoformat()}T08:15:00Z",
        f"Registrar Registration Expiration Date: {rec.expires.isoformat()}T08:15:00Z",
        f"Registrar: {reg.name}",
        f"Registrar IANA ID: {reg.iana_id}",
        f"Registrar Abuse Contact Email: {reg.abuse_email}",
        f"Registrar Abuse Contact Phone: {reg.abuse_phone}",
        f"Registrant Name: {name}",
        f"Registrant Organization: {org}",
        f"Registrant State/Province: {rec.registrant_province}",
        f"Registrant Country: {rec.registrant_country}",
        f"Registrant Email: {email}",
        *(f"Name Server: {ns}" for ns in rec.name_servers),
    ]
    return "\r\n".join(lines) + "\r\n"


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10
    server: _Server

    def handle(self) -> None:
        mode = self.server.faults.take()
        if mode == "down":  # closes at once, no reply
            return
        try:
            line = self.rfile.readline(1024)
        except OSError:
            return
        query = line.decode("utf-8", errors="replace").strip().lower()
        if mode == "slow":
            time.sleep(self.server.faults.slow_seconds)
        if mode == "ratelimited":
            reply = b"Query rate limit exceeded. Please try again later.\r\n"
        elif mode == "garbage":
            reply = GARBAGE
        else:
            reply = self.server.answer(query).encode("utf-8")
        with contextlib.suppress(OSError):
            if mode == "drop":  # half the reply, then a reset (not a clean close)
                self.wfile.write(reply[: len(reply) // 2])
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                return
            self.wfile.write(reply)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], answer: Any, faults: Faults) -> None:
        self.answer = answer
        self.faults = faults
        super().__init__(address, _Handler)


class WhoisService:
    name: ClassVar[str] = "whois"
    hostnames: ClassVar[tuple[str, ...]] = ()
    portless: ClassVar[dict[str, str]] = {}

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._servers: dict[str, _Server] = {}
        self._threads: list[threading.Thread] = []
        #: recent (server, query) pairs, for tests
        self.queries: deque[tuple[str, str]] = deque(maxlen=1000)
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.faults = Faults(self.name)  # both servers (registry and registrar)

    def registry_answer(self, query: str) -> str:
        self.queries.append(("registry", query))
        if query.startswith("ratelimited"):  # test hook: throttled twice
            with self._lock:
                self._hits[query] += 1
                hits = self._hits[query]
            if hits <= 2:
                return "Query rate limit exceeded. Please try again later.\r\n"
        rec = w.DOMAIN_RECORDS.get(query)
        if rec is None:
            return NO_MATCH
        if rec.domain.endswith(".cn"):
            return cnnic_reply(rec)
        return thin_reply(rec, rec.registrar.whois_host or w.SANDBOX_WHOIS_REGISTRAR_HOST)

    def registrar_answer(self, query: str) -> str:
        self.queries.append(("registrar", query))
        rec = w.DOMAIN_RECORDS.get(query)
        if rec is None or rec.domain.endswith(".cn"):
            return NO_MATCH
        return thick_reply(rec)

    def start(self, ctx: SandboxContext) -> None:
        try:
            for name, answer in (
                ("whois", self.registry_answer),
                ("whois_registrar", self.registrar_answer),
            ):
                try:
                    server = _Server(
                        (self.config.host, self.config.port(name)), answer, self.faults
                    )
                except OSError as exc:
                    raise PortInUse.at(self.config.host, self.config.port(name), name) from exc
                self._servers[name] = server
                thread = threading.Thread(
                    target=server.serve_forever,
                    kwargs={"poll_interval": 0.1},
                    name=f"sandbox-{name}",
                    daemon=True,
                )
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._servers.clear()
        self._threads.clear()

    def endpoints(self) -> dict[str, Endpoint]:
        return {
            name: Endpoint("whois", self.config.host, server.server_address[1])
            for name, server in self._servers.items()
        }


def whois_servers(endpoints: dict[str, Endpoint]) -> dict[str, str]:
    """The ``whois_servers`` setting for a running sandbox (``sandbox.endpoints()``)."""
    registry = endpoints["whois.whois"]
    registrar = endpoints["whois.whois_registrar"]
    reg = f"{registry.host}:{registry.port}"
    return {
        "cn": reg,
        "com": reg,
        w.SANDBOX_WHOIS_REGISTRY_HOST: reg,
        w.SANDBOX_WHOIS_REGISTRAR_HOST: f"{registrar.host}:{registrar.port}",
    }


def make_service(config: SandboxConfig) -> WhoisService:
    return WhoisService(config)


__all__ = ["WhoisService", "make_service", "whois_servers"]
