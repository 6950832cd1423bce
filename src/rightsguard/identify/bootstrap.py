"""IANA RDAP bootstrap files (RFC 9224): which RDAP server answers for a TLD, IP or ASN.

A seed copy ships in ``identify/data/bootstrap-*.json``; :func:`refresh` downloads
fresh ones (from IANA, or from any base URL, e.g. the sandbox's) into a folder
that :meth:`Bootstrap.load` then prefers. Lookups take the longest match
(``com.cn`` before ``cn``; the most specific CIDR).
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rightsguard.domain.errors import InvalidValue

KINDS = ("dns", "ipv4", "ipv6", "asn")
IANA_BASE = "https://data.iana.org/rdap/"


def _shipped(kind: str) -> dict[str, Any]:
    text = resources.files("rightsguard.identify").joinpath(f"data/bootstrap-{kind}.json")
    return json.loads(text.read_text("utf-8"))


def validate(kind: str, data: Any) -> dict[str, Any]:
    """Check the RFC 9224 shape: ``{"version", "services": [[[entries], [urls]], ...]}``."""
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise InvalidValue(f"bootstrap {kind}", "not an RFC 9224 bootstrap file (no services)")
    for service in data["services"]:
        ok = (
            isinstance(service, list)
            and len(service) >= 2
            and all(isinstance(e, str) for e in service[-2])
            and all(isinstance(u, str) for u in service[-1])
        )
        if not ok:
            raise InvalidValue(f"bootstrap {kind}", f"malformed service entry {service!r:.80}")
    return data


@dataclass
class Bootstrap:
    tlds: dict[str, list[str]] = field(default_factory=dict)
    networks: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, list[str]]] = field(
        default_factory=list
    )
    asns: list[tuple[int, int, list[str]]] = field(default_factory=list)
    publication: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path | None = None) -> Bootstrap:
        """The refreshed files in ``folder`` where present, else the shipped seed files."""
        boot = cls()
        for kind in KINDS:
            data = None
            if folder is not None and (folder / f"{kind}.json").is_file():
                try:
                    data = validate(kind, json.loads((folder / f"{kind}.json").read_text("utf-8")))
                except (ValueError, InvalidValue):
                    data = None
            boot.add(kind, data or _shipped(kind))
        return boot

    def add(self, kind: str, data: dict[str, Any]) -> None:
        self.publication[kind] = str(data.get("publication", ""))
        for service in data.get("services", []):
            entries, urls = service[-2], [u if u.endswith("/") else u + "/" for u in service[-1]]
            urls.sort(key=lambda u: not u.startswith("https:"))  # prefer HTTPS
            for entry in entries:
                if kind == "dns":
                    self.tlds[entry.lower().strip(".")] = urls
                elif kind in ("ipv4", "ipv6"):
                    try:
                        self.networks.append((ipaddress.ip_network(entry, strict=False), urls))
                    except ValueError:
                        continue
                else:
                    lo, _, hi = entry.partition("-")
                    try:
                        self.asns.append((int(lo), int(hi or lo), urls))
                    except ValueError:
                        continue

    def for_domain(self, domain: str) -> list[str]:
        labels = domain.lower().strip(".").split(".")
        for i in range(len(labels)):
            urls = self.tlds.get(".".join(labels[i:]))
            if urls:
                return urls
        return []

    def for_ip(self, address: str) -> list[str]:
        ip = ipaddress.ip_address(address)
        best: tuple[int, list[str]] | None = None
        for net, urls in self.networks:
            if (
                ip.version == net.version
                and ip in net
                and (best is None or net.prefixlen > best[0])
            ):
                best = (net.prefixlen, urls)
        return best[1] if best else []

    def for_asn(self, asn: int) -> list[str]:
        for lo, hi, urls in self.asns:
            if lo <= asn <= hi:
                return urls
        return []


def refresh(client: Any, folder: Path, base_url: str = IANA_BASE) -> dict[str, int]:
    """Download the four bootstrap files into ``folder``; returns entries per kind.

    ``client`` is an ``httpx.Client`` (the sandbox's in tests). A file that fails
    validation is not written, and the error names it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    base = base_url if base_url.endswith("/") else base_url + "/"
    for kind in KINDS:
        response = client.get(f"{base}{kind}.json")
        response.raise_for_status()
        data = validate(kind, response.json())
        tmp = folder / f".{kind}.json.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        tmp.replace(folder / f"{kind}.json")
        counts[kind] = sum(len(s[-2]) for s in data["services"])
    return counts
