"""The sandbox RDAP server (RFC 9082 queries, RFC 9083 replies) for the world's domains and IPs.

One HTTP port serves three made-up hosts, routed by the Host header:

* ``rdap.registry.sandbox.test``: the .com registry: a thin-ish record with
  GDPR-era redactions (RFC 9537 ``redacted``), capitalised roles and a
  ``related`` link to the registrar's RDAP; also ``/bootstrap/{dns,ipv4,ipv6,asn}.json``
  (RFC 9224 files pointing at these hosts, for testing the bootstrap refresh).
* ``rdap.registrar.sandbox.test``: the registrar's fuller record: registrant
  (redacted or a privacy proxy), the registrar entity with its IANA id and a
  nested ``abuse`` entity.
* ``rdap.rir.sandbox.test``: ``/ip/<addr>``, ``/autnum/<n>`` and ``/entity/<handle>``
  for the loopback networks of ``world.NETWORKS``.

Test hooks: a domain whose first label starts with ``ratelimited`` gets HTTP 429
with ``Retry-After: 1`` on its first two queries; one starting with ``slow`` is
answered after 1.5 s.
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
import zlib
from collections import Counter, deque
from typing import Any, ClassVar

from rightsguard.sandbox import world as w
from rightsguard.sandbox.faults import Faults, faulty
from rightsguard.sandbox.httpserver import HttpServer, Request, Response
from rightsguard.sandbox.service import Endpoint, SandboxConfig, SandboxContext
from rightsguard.sandbox.whois import whois_servers

RDAP = "application/rdap+json"
CONFORMANCE = ["rdap_level_0", "redacted", "icann_rdap_response_profile_1"]


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return Response(status, body, RDAP, headers or {})


def _vcard(*props: list[Any]) -> list[Any]:
    return ["vcard", [["version", {}, "text", "4.0"], *props]]


def _error(status: int, title: str) -> Response:
    return _json(status, {"rdapConformance": ["rdap_level_0"], "errorCode": status, "title": title})


def _events(rec: w.DomainRecord) -> list[dict[str, str]]:
    return [
        {"eventAction": "registration", "eventDate": f"{rec.registered.isoformat()}T08:15:00Z"},
        {"eventAction": "expiration", "eventDate": f"{rec.expires.isoformat()}T08:15:00Z"},
        {"eventAction": "last changed", "eventDate": f"{rec.registered.isoformat()}T09:00:00Z"},
        {"eventAction": "last update of RDAP database", "eventDate": "2026-11-01T00:00:00Z"},
    ]


def registrar_entity(rec: w.DomainRecord) -> dict[str, Any]:
    reg = rec.registrar
    entity: dict[str, Any] = {
        "objectClassName": "entity",
        "handle": reg.iana_id or "SBX-REG",
        "roles": ["Registrar"],
        "vcardArray": _vcard(["fn", {}, "text", reg.name]),
        "entities": [
            {
                "objectClassName": "entity",
                "roles": ["Abuse"],
                "vcardArray": _vcard(
                    ["fn", {}, "text", "Abuse Contact"],
                    ["tel", {"type": ["voice"]}, "uri", f"tel:{reg.abuse_phone}"],
                    ["email", {}, "text", reg.abuse_email],
                ),
            }
        ],
    }
    if reg.iana_id:
        entity["publicIds"] = [{"type": "IANA Registrar ID", "identifier": reg.iana_id}]
    return entity


def registrant_entity(rec: w.DomainRecord) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    adr = ["", "", "", "", rec.registrant_province, "", rec.registrant_country]
    if rec.redacted:
        props = [
            ["fn", {}, "text", "REDACTED FOR PRIVACY"],
            ["adr", {"cc": rec.registrant_country}, "text", adr],
            ["email", {}, "text", "Please query the RDDS service of the Registrar of Record."],
        ]
        if rec.privacy_proxy:
            props.insert(1, ["org", {}, "text", rec.privacy_proxy])
        redacted = [
            {
                "name": {"type": "Registrant Name"},
                "prePath": "$.entities[?(@.roles[0]=='registrant')]"
                ".vcardArray[1][?(@[0]=='fn')][3]",
                "method": "emptyValue",
                "reason": {"type": "Server policy"},
            },
            {"name": {"type": "Registrant Email"}, "method": "replacementValue"},
            {"name": {"type": "Registrant Phone"}, "method": "removal"},
            {"name": {"type": "Registrant Street"}, "method": "emptyValue"},
        ]
    else:
        props = [
            ["fn", {}, "text", rec.registrant_name],
            ["org", {}, "text", rec.registrant_org],
            ["adr", {"cc": rec.registrant_country}, "text", adr],
            ["email", {}, "text", rec.registrant_email],
        ]
        redacted = []
    entity = {
        "objectClassName": "entity",
        "handle": "REDACTED" if rec.redacted else f"C-{zlib.crc32(rec.domain.encode()) % 10**8}",
        "roles": ["Registrant"],
        "vcardArray": _vcard(*props),
    }
    return entity, redacted


def domain_reply(rec: w.DomainRecord, base: str, *, registrar: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rdapConformance": CONFORMANCE,
        "objectClassName": "domain",
        "handle": f"D{zlib.crc32(rec.domain.encode()) % 10**9}-SBX",
        "ldhName": rec.domain.upper() if not registrar else rec.domain,
        "status": [
            "client transfer prohibited",
            *(s for s in ("server delete prohibited",) if "serverDeleteProhibited" in rec.status),
        ],
        "events": _events(rec),
        "nameservers": [
            {"objectClassName": "nameserver", "ldhName": ns.upper()} for ns in rec.name_servers
        ],
        "secureDNS": {"delegationSigned": False},
        "links": [
            {
                "value": f"{base}domain/{rec.domain}",
                "rel": "self",
                "href": f"{base}domain/{rec.domain}",
                "type": RDAP,
            }
        ],
        "notices": [{"title": "Terms of Use", "description": ["Sandbox data, invented."]}],
    }
    entities = [registrar_entity(rec)]
    if registrar:
        reg_entity, redacted = registrant_entity(rec)
        entities.insert(0, reg_entity)
        if redacted:
            data["redacted"] = redacted
            data["rdapConformance"] = [*CONFORMANCE]
            data["remarks"] = [
                {
                    "title": "REDACTED FOR PRIVACY",
                    "description": ["Some data is redacted under GDPR."],
                }
            ]
    data["entities"] = entities
    return data


class RdapService:
    name: ClassVar[str] = "rdap"
    hostnames: ClassVar[tuple[str, ...]] = (
        w.SANDBOX_RDAP_REGISTRY_HOST,
        w.SANDBOX_RDAP_REGISTRAR_HOST,
        w.SANDBOX_RDAP_RIR_HOST,
    )
    portless: ClassVar[dict[str, str]] = {}

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._server: HttpServer | None = None
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.requests: deque[str] = deque(maxlen=1000)  # recent host+path served, for tests
        self.faults = Faults(self.name)

    def start(self, ctx: SandboxContext) -> None:
        self._server = HttpServer(
            self.config.host, self.config.port("rdap"), faulty(self.app, self.faults), name="rdap"
        )
        self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
        self._server = None

    def endpoints(self) -> dict[str, Endpoint]:
        if self._server is None:
            return {}
        return {"http": Endpoint("http", self.config.host, self._server.port)}

    def base(self, host: str) -> str:
        port = self._server.port if self._server else 0
        return f"http://{host}:{port}/"

    # --- the app ---------------------------------------------------------

    def app(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(f"{request.host}{request.path}")
        parts = [p for p in request.path.split("/") if p]
        if request.path.startswith("/bootstrap/") and len(parts) == 2:
            return self._bootstrap(parts[1].removesuffix(".json"))
        if len(parts) != 2:
            return _error(400, "unsupported query")
        kind, value = parts[0], parts[1].lower()
        if request.host == w.SANDBOX_RDAP_RIR_HOST:
            if kind == "ip":
                return self._ip(value)
            if kind == "autnum":
                return self._autnum(value)
            if kind == "entity":
                return self._entity(value)
            return _error(400, "unsupported query")
        if kind != "domain":
            return _error(400, "unsupported query")
        label = value.split(".")[0]
        if label.startswith("ratelimited"):
            with self._lock:
                self._hits[value] += 1
                hits = self._hits[value]
            if hits <= 2:
                return _json(
                    429, {"errorCode": 429, "title": "Too Many Requests"}, {"Retry-After": "1"}
                )
            template = w.DOMAIN_RECORDS["aurorix-official-store.com"]
            return _json(
                200,
                domain_reply(template, self.base(request.host), registrar=False)
                | {"ldhName": value},
            )
        if label.startswith("slow"):
            time.sleep(1.5)
        rec = w.DOMAIN_RECORDS.get(value)
        if rec is None or value.endswith(".cn"):
            return _error(404, "not found")
        registrar = request.host == w.SANDBOX_RDAP_REGISTRAR_HOST
        data = domain_reply(rec, self.base(request.host), registrar=registrar)
        if not registrar:
            href = f"{self.base(w.SANDBOX_RDAP_REGISTRAR_HOST)}domain/{rec.domain}"
            data["links"].append({"value": href, "rel": "related", "href": href, "type": RDAP})
        return _json(200, data)

    def _bootstrap(self, kind: str) -> Response:
        registry, rir = self.base(w.SANDBOX_RDAP_REGISTRY_HOST), self.base(w.SANDBOX_RDAP_RIR_HOST)
        services = {
            "dns": [[["com", "test"], [registry]]],
            "ipv4": [[["127.0.0.0/8"], [rir]]],
            "ipv6": [[["::1/128"], [rir]]],
            "asn": [[["64512-65534"], [rir]]],
        }.get(kind)
        if services is None:
            return _error(404, "no such bootstrap file")
        return _json(
            200,
            {
                "version": "1.0",
                "publication": "2026-11-01T00:00:00Z",
                "description": "Sandbox RDAP bootstrap",
                "services": services,
            },
        )

    @staticmethod
    def _network_for(value: str) -> w.Network | None:
        try:
            ip = ipaddress.ip_address(value)
        except ValueError:
            return None
        for net in w.NETWORKS:
            if ip in ipaddress.ip_network(net.cidr):
                return net
        return None

    def _network_entities(self, net: w.Network) -> list[dict[str, Any]]:
        return [
            {
                "objectClassName": "entity",
                "handle": f"{net.handle}-ORG",
                "roles": ["Registrant"],
                "vcardArray": _vcard(
                    ["fn", {}, "text", net.owner],
                    ["kind", {}, "text", "org"],
                    ["adr", {"cc": net.country}, "text", ["", "", "", "", "", "", net.country]],
                ),
                "entities": [
                    {
                        "objectClassName": "entity",
                        "handle": f"{net.handle}-ABUSE",
                        "roles": ["Abuse"],
                        "vcardArray": _vcard(
                            ["fn", {}, "text", "Abuse desk"], ["email", {}, "text", net.abuse_email]
                        ),
                    }
                ],
            }
        ]

    def _ip(self, value: str) -> Response:
        net = self._network_for(value)
        if net is None:
            return _error(404, "not found")
        network = ipaddress.ip_network(net.cidr)
        return _json(
            200,
            {
                "rdapConformance": ["rdap_level_0", "cidr0"],
                "objectClassName": "ip network",
                "handle": net.handle,
                "startAddress": str(network.network_address),
                "endAddress": str(network.broadcast_address),
                "cidr0_cidrs": [
                    {"v4prefix": str(network.network_address), "length": network.prefixlen}
                ],
                "ipVersion": "v4",
                "name": net.name,
                "type": "ASSIGNED PA",
                "country": net.country,
                "entities": self._network_entities(net),
                "events": [{"eventAction": "registration", "eventDate": "2019-03-01T00:00:00Z"}],
                "links": [
                    {"rel": "up", "href": f"{self.base(w.SANDBOX_RDAP_RIR_HOST)}ip/127.0.0.0/8"}
                ],
            },
        )

    def _autnum(self, value: str) -> Response:
        try:
            number = int(value.upper().removeprefix("AS"))
        except ValueError:
            return _error(400, "bad AS number")
        net = next((n for n in w.NETWORKS if n.asn == number), None)
        if net is None:
            return _error(404, "not found")
        return _json(
            200,
            {
                "rdapConformance": ["rdap_level_0"],
                "objectClassName": "autnum",
                "handle": f"AS{number}",
                "startAutnum": number,
                "endAutnum": number,
                "name": net.name,
                "country": net.country,
                "entities": self._network_entities(net),
            },
        )

    def _entity(self, handle: str) -> Response:
        for net in w.NETWORKS:
            if handle.upper() == f"{net.handle}-ORG":
                return _json(
                    200, {"rdapConformance": ["rdap_level_0"], **self._network_entities(net)[0]}
                )
        return _error(404, "not found")


def make_service(config: SandboxConfig) -> RdapService:
    return RdapService(config)


def identify_settings(endpoints: dict[str, Endpoint]) -> dict[str, Any]:
    """Settings ``rdap_servers``, ``whois_servers`` and ``dns_resolvers`` aimed at a running
    sandbox (``sandbox.endpoints()``), so identification never leaves loopback; empty for
    the services a sandbox does not run."""

    settings: dict[str, Any] = {"rdap_servers": {}, "whois_servers": {}, "dns_resolvers": []}
    http = endpoints.get("rdap.http")
    if http is not None:
        registry = f"http://{w.SANDBOX_RDAP_REGISTRY_HOST}:{http.port}/"
        rir = f"http://{w.SANDBOX_RDAP_RIR_HOST}:{http.port}/"
        settings["rdap_servers"] = {
            "com": registry,
            "test": registry,
            "127.0.0.0/8": rir,
            "::1/128": rir,
            "AS64512-AS65534": rir,
        }
    if "whois.whois" in endpoints:
        settings["whois_servers"] = whois_servers(endpoints)
    dns_ep = endpoints.get("dns.dns")
    if dns_ep is not None:
        settings["dns_resolvers"] = [f"{dns_ep.host}:{dns_ep.port}"]
    return settings
