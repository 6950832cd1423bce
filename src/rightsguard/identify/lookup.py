"""Registration lookups: RDAP first (routed by the bootstrap), WHOIS where a TLD has none.

``Registrations(client, config)`` answers ``domain(name)``, ``ip(address)`` and
``asn(number)`` with a :class:`~rightsguard.identify.registration.Registration`.

* Routing: ``config.rdap_servers`` (settings ``rdap_servers``: TLD, CIDR or
  ``AS<lo>-AS<hi>`` → base URL) win over the IANA bootstrap; a domain whose TLD has
  no RDAP server goes to WHOIS: ``config.whois_servers`` (settings
  ``whois_servers``: TLD or WHOIS host → ``host:port``), then the shipped
  defaults (``WHOIS_DEFAULTS``), then IANA's WHOIS ``refer:``.
* RDAP: a registry reply's ``related`` link (the registrar's RDAP) is followed once
  and merged in. WHOIS: ``Registrar WHOIS Server``/``refer`` referrals are followed
  up to ``max_referrals``; a referral to a host named in ``whois_servers`` goes to
  the mapped address.
* Every raw reply is cached (``config.cache``, TTL) and kept as evidence
  (``config.evidence``: its SHA-256 lands in ``Registration.evidence``).
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from rightsguard.domain.errors import InvalidValue
from rightsguard.identify.bootstrap import Bootstrap
from rightsguard.identify.errors import LookupFailed
from rightsguard.identify.netio import Backoff, Evidence, RetryableStatus, TtlCache, with_backoff
from rightsguard.identify.netio import retry_after_seconds as _retry_after
from rightsguard.identify.registration import Registration, parse_rdap, parse_whois

#: Port-43 servers for TLDs without RDAP (facts as commonly published; override in settings).
WHOIS_DEFAULTS = {
    "cn": "whois.cnnic.cn",
    "com.cn": "whois.cnnic.cn",
    "net.cn": "whois.cnnic.cn",
    "org.cn": "whois.cnnic.cn",
    "中国": "whois.cnnic.cn",
    "hk": "whois.hkirc.hk",
    "tw": "whois.twnic.net.tw",
    "com": "whois.verisign-grs.com",
    "net": "whois.verisign-grs.com",
    "org": "whois.pir.org",
}
IANA_WHOIS = "whois.iana.org"
#: Short WHOIS replies that mean "slow down" rather than "no such domain".
WHOIS_THROTTLED = re.compile(
    r"limit exceeded|too many (?:queries|requests)|query rate|try again later|"
    r"请求过于频繁|查询过于频繁|访问频率",
    re.IGNORECASE,
)
#: Second-level labels under which registrations sit one level deeper (com.cn, co.uk…).
SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "ac", "co", "ltd", "plc", "me"})


def registrable_domain(host: str) -> str:
    """``shop.mall.gouwu-tianxia.cn`` → ``gouwu-tianxia.cn``; ``a.b.com.cn`` → ``b.com.cn``."""
    labels = host.lower().strip(".").split(".")
    if len(labels) <= 2:
        return ".".join(labels)
    if labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _split_hostport(value: str, default_port: int) -> tuple[str, int]:
    value = value.strip().removeprefix("whois://")
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        return host, int(rest.lstrip(":") or default_port)
    if value.count(":") == 1:
        host, port = value.split(":")
        return host, int(port)
    return value, default_port


@dataclass
class LookupConfig:
    rdap_servers: Mapping[str, str] = field(default_factory=dict)
    whois_servers: Mapping[str, str] = field(default_factory=dict)
    whois_defaults: Mapping[str, str] = field(default_factory=lambda: dict(WHOIS_DEFAULTS))
    timeout: float = 10.0
    max_referrals: int = 3
    backoff: Backoff = field(default_factory=Backoff)
    cache: TtlCache = field(default_factory=lambda: TtlCache(None))
    evidence: Evidence = field(default_factory=lambda: Evidence(None))
    bootstrap: Bootstrap = field(default_factory=Bootstrap.load)
    use_iana_whois: bool = True

    @classmethod
    def from_workspace(cls, workspace: Any, **overrides: Any) -> LookupConfig:
        root = workspace.root / "cache"
        values: dict[str, Any] = {
            "rdap_servers": dict(workspace.settings.rdap_servers),
            "whois_servers": dict(workspace.settings.whois_servers),
            "cache": TtlCache(root / "lookups", 86400.0),
            "evidence": Evidence(workspace.evidence_dir),
            "bootstrap": Bootstrap.load(root / "bootstrap"),
        }
        values.update(overrides)
        return cls(**values)


class Registrations:
    def __init__(self, client: httpx.Client, config: LookupConfig | None = None) -> None:
        self.client = client
        self.config = config or LookupConfig()

    # --- routing ----------------------------------------------------------

    def rdap_base_for_domain(self, domain: str) -> str | None:
        labels = domain.lower().strip(".").split(".")
        for i in range(len(labels)):
            base = self.config.rdap_servers.get(".".join(labels[i:]))
            if base:
                return base
        urls = self.config.bootstrap.for_domain(domain)
        return urls[0] if urls else None

    def whois_server_for_domain(self, domain: str) -> str | None:
        labels = domain.lower().strip(".").split(".")
        for table in (self.config.whois_servers, self.config.whois_defaults):
            for i in range(1, len(labels)):
                server = table.get(".".join(labels[i:]))
                if server:
                    return server
        return None

    def _rdap_base_for_ip(self, address: str) -> str | None:
        ip = ipaddress.ip_address(address)
        best: tuple[int, str] | None = None
        for key, base in self.config.rdap_servers.items():
            if "/" in key:
                try:
                    net = ipaddress.ip_network(key, strict=False)
                except ValueError:
                    continue
                if (
                    net.version == ip.version
                    and ip in net
                    and (best is None or net.prefixlen > best[0])
                ):
                    best = (net.prefixlen, base)
        if best:
            return best[1]
        urls = self.config.bootstrap.for_ip(address)
        return urls[0] if urls else None

    def _rdap_base_for_asn(self, asn: int) -> str | None:
        for key, base in self.config.rdap_servers.items():
            if key.upper().startswith("AS"):
                lo, _, hi = key.upper().replace("AS", "").partition("-")
                if lo.isdigit() and int(lo) <= asn <= int(hi or lo):
                    return base
        urls = self.config.bootstrap.for_asn(asn)
        return urls[0] if urls else None

    # --- public lookups ---------------------------------------------------

    def domain(self, name: str) -> Registration:
        domain = registrable_domain(name)
        if not domain or "." not in domain:
            raise InvalidValue("domain", f"{name!r} is not a domain name")
        base = self.rdap_base_for_domain(domain)
        if base:
            reg = self._rdap(base, f"domain/{domain}")
            if reg.referral:
                try:
                    more = self._rdap_url(reg.referral)
                    reg = reg.merged(more)
                except LookupFailed:
                    pass
            return reg
        server = self.whois_server_for_domain(domain)
        if server is None and self.config.use_iana_whois:
            server = self._iana_refer(domain)
        if server is None:
            raise LookupFailed(f"no RDAP or WHOIS server known for {domain}", lookup="whois")
        return self._whois_chain(server, domain)

    def ip(self, address: str) -> Registration:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise InvalidValue("ip", f"{address!r} is not an IP address") from None
        base = self._rdap_base_for_ip(address)
        if base is None:
            raise LookupFailed(f"no RDAP server known for {address}", lookup="rdap")
        return self._rdap(base, f"ip/{address}")

    def asn(self, number: int | str) -> Registration:
        asn = int(str(number).upper().removeprefix("AS"))
        base = self._rdap_base_for_asn(asn)
        if base is None:
            raise LookupFailed(f"no RDAP server known for AS{asn}", lookup="rdap")
        return self._rdap(base, f"autnum/{asn}")

    # --- RDAP -------------------------------------------------------------

    def _rdap(self, base: str, path: str) -> Registration:
        return self._rdap_url(base.rstrip("/") + "/" + path)

    def _rdap_url(self, url: str) -> Registration:
        key = f"rdap {url}"
        cached = self.config.cache.get(key)
        if cached is None:
            raw, status = self._http_get(url)
            cached = {"raw": raw, "status": status}
            if status in (200, 404):
                self.config.cache.put(key, cached)
        raw_bytes = cached["raw"].encode("utf-8")
        digest = self.config.evidence.keep(raw_bytes)
        if cached["status"] == 404:
            return Registration(
                source="rdap", server=url, evidence=(digest,), extra={"no_match": True}
            )
        try:
            data = json.loads(cached["raw"])
        except ValueError:
            raise LookupFailed(f"{url}: reply is not JSON", lookup="rdap") from None
        reg = parse_rdap(data, server=url)
        return Registration(**{**_fields(reg), "evidence": (digest,)})

    def _http_get(self, url: str) -> tuple[str, int]:
        def call() -> tuple[str, int]:
            response = self.client.get(
                url,
                headers={"Accept": "application/rdap+json, application/json"},
                timeout=self.config.timeout,
            )
            if response.status_code in (429, 503):
                raise RetryableStatus(
                    response.status_code, _retry_after(response.headers.get("Retry-After"))
                )
            if response.status_code not in (200, 404):
                raise LookupFailed(f"{url}: HTTP {response.status_code}", lookup="rdap")
            return response.text, response.status_code

        return with_backoff(call, self.config.backoff, url, host=httpx.URL(url).host, lookup="rdap")

    # --- WHOIS ------------------------------------------------------------

    def _address(self, server: str) -> tuple[str, int]:
        mapped = self.config.whois_servers.get(server.split(":")[0].lower())
        return _split_hostport(mapped or server, 43)

    def whois(self, server: str, query: str) -> tuple[str, str]:
        """One WHOIS query; returns (raw text, evidence SHA-256)."""
        host, port = self._address(server)
        key = f"whois {host}:{port} {query}"
        cached = self.config.cache.get(key)
        if cached is None:

            def call() -> str:
                text = _decode(whois_query(host, port, query, self.config.timeout))
                if len(text) < 400 and WHOIS_THROTTLED.search(text):
                    raise RetryableStatus(429, None)
                if not text.strip():  # closed without a word: down, not "no such domain"
                    raise ConnectionError("the server closed the connection without a reply")
                return text

            cached = with_backoff(
                call,
                self.config.backoff,
                f"whois {server} {query}",
                host=f"{host}:{port}",
                lookup="whois",
            )
            self.config.cache.put(key, cached)
        digest = self.config.evidence.keep(cached.encode("utf-8"))
        return cached, digest

    def _whois_chain(self, server: str, domain: str) -> Registration:
        seen: set[str] = set()
        reg: Registration | None = None
        current: str | None = server
        for _ in range(self.config.max_referrals + 1):
            if current is None or current.lower() in seen:
                break
            seen.add(current.lower())
            text, digest = self.whois(current, domain)
            found = parse_whois(text, server=current)
            found = Registration(**{**_fields(found), "evidence": (digest,)})
            reg = found if reg is None else reg.merged(found)
            nxt = found.referral
            current = nxt if nxt and nxt.lower() not in seen else None
        assert reg is not None
        return reg

    def _iana_refer(self, domain: str) -> str | None:
        tld = domain.rsplit(".", 1)[-1]
        try:
            text, _ = self.whois(IANA_WHOIS, tld)
        except LookupFailed:
            return None
        for line in text.splitlines():
            if line.lower().startswith(("refer:", "whois:")):
                value = line.split(":", 1)[1].strip()
                if value:
                    return value
        return None


def _fields(reg: Registration) -> dict[str, Any]:
    return {name: getattr(reg, name) for name in reg.__dataclass_fields__}


def _decode(data: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def whois_query(host: str, port: int, query: str, timeout: float, limit: int = 1 << 20) -> bytes:
    """RFC 3912: send the query and CRLF, read until the server closes."""
    chunks = []
    size = 0
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(query.encode("utf-8") + b"\r\n")
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
    return b"".join(chunks)
