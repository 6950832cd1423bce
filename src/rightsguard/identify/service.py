"""Identification as library functions: investigate a URL, store what it shows, resolve parties.

    ident = Identifier(client, Registrations(client, config), resolver, directory)
    findings = ident.investigate(url)              # network only; thread-safe
    report = identify_targets(store, targets, ident, concurrency=50)
    parties = resolve_parties(store, directory)

``investigate`` gathers page facts (and the favicon hash), the domain's
registration (RDAP or WHOIS), DNS records, the network owner of each IP (RIR
RDAP), the TLS certificate's names and CDN signs in the response headers. A step
that fails is recorded in ``findings.errors``; the others still run. Facts about a
marketplace's own furniture or registration are marked ``owner = "platform"``.
"""

from __future__ import annotations

import json
import ssl
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from rightsguard.domain.enums import ObservableKind as K
from rightsguard.domain.enums import PartyRole, TargetKind
from rightsguard.domain.errors import RightsGuardError
from rightsguard.domain.nouns import Target
from rightsguard.identify.facts import Fact, dedupe
from rightsguard.identify.lookup import LookupConfig, Registrations, registrable_domain
from rightsguard.identify.network import (
    CertInfo,
    DnsAnswer,
    cdn_from_headers,
    certificate_names,
    dns_records,
)
from rightsguard.identify.pagefacts import favicon_fact, page_facts
from rightsguard.identify.providers import PROVIDERS_FILE, Directory, Recommendation, providers_for
from rightsguard.identify.registration import Registration
from rightsguard.identify.rendered import RenderedPage, latest_rendered
from rightsguard.identify.resolve import Cluster, resolve
from rightsguard.net import Network
from rightsguard.netretry import CircuitBreaker
from rightsguard.store.captures import CaptureRepo
from rightsguard.store.observables import ObservableRepo
from rightsguard.store.parties import PartyDraft, PartyRepo
from rightsguard.store.providers import ProviderRepo

SOURCES = ("page", "favicon", "rdap", "whois", "dns", "tls")
SHARED_CERT_NAMES = 5  # a certificate naming more hosts than this links only weakly


@dataclass
class Findings:
    url: str
    host: str
    domain: str
    facts: list[Fact] = field(default_factory=list)
    registration: Registration | None = None
    networks: list[Registration] = field(default_factory=list)
    dns: DnsAnswer | None = None
    cdn: list[dict[str, str]] = field(default_factory=list)
    certificate: CertInfo | None = None
    siblings: tuple[str, ...] = ()
    platform: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    recommendations: list[Recommendation] = field(default_factory=list)
    #: Where the page facts were read: the rendered capture or a guarded fetch, and why.
    page_source: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        reg = self.registration
        counts: dict[str, int] = defaultdict(int)
        for fact in self.facts:
            counts[fact.kind.value] += 1
        return {
            "url": self.url,
            "domain": self.domain,
            "platform": self.platform,
            "facts": dict(counts),
            "registration": None
            if reg is None
            else {
                "source": reg.source,
                "registrar": reg.registrar,
                "registrant": reg.registrant_org or reg.registrant_name,
                "registrant_email": reg.registrant_email,
                "privacy": reg.privacy,
                "created": reg.created,
                "expires": reg.expires,
                "abuse_email": reg.abuse_email,
                "evidence": list(reg.evidence),
            },
            "ips": [
                {
                    "network": n.network,
                    "owner": n.owner,
                    "country": n.country,
                    "abuse_email": n.abuse_email,
                }
                for n in self.networks
            ],
            "cdn": self.cdn,
            "siblings": list(self.siblings),
            "providers": [
                {"rank": r.rank, "key": r.provider_key, "name": r.name, "reason": r.reason}
                for r in self.recommendations
            ],
            "page_source": self.page_source,
            "errors": self.errors,
        }


def _fact(kind: K, value: str, source: str, **detail: Any) -> Fact:
    return Fact(kind, value, source, {k: v for k, v in detail.items() if v not in (None, "", ())})


def registration_facts(reg: Registration, *, platform: bool = False) -> list[Fact]:
    """REGISTRANT, EMAIL and REGISTRAR facts from a registration record."""
    base: dict[str, Any] = {
        "server": reg.server,
        "evidence_sha256": reg.evidence[0] if reg.evidence else None,
        "evidence": list(reg.evidence),
        "owner": "platform" if platform else None,
    }
    facts = []
    holder = reg.registrant_org or reg.registrant_name
    if holder:
        facts.append(
            _fact(
                K.REGISTRANT,
                holder,
                reg.source,
                **base,
                privacy=reg.privacy or None,
                registrant_name=reg.registrant_name,
                province=reg.registrant_province,
                country=reg.registrant_country,
                created=reg.created.isoformat() if reg.created else None,
            )
        )
    if reg.registrant_email:
        facts.append(
            _fact(K.EMAIL, reg.registrant_email.lower(), reg.source, **base, subtype="registrant")
        )
    if reg.registrar:
        facts.append(
            _fact(
                K.REGISTRAR,
                reg.registrar,
                reg.source,
                **base,
                iana_id=reg.registrar_iana_id,
                abuse_email=reg.abuse_email,
            )
        )
    return facts


class Identifier:
    def __init__(
        self,
        client: httpx.Client,
        registrations: Registrations,
        resolver: Any | None,
        directory: Directory,
        *,
        tls_address: Callable[[str], tuple[str, int] | None] | None = None,
        tls_context: ssl.SSLContext | None = None,
        fetch_pages: bool = True,
        today: date | None = None,
    ) -> None:
        self.client = client
        self.registrations = registrations
        self.resolver = resolver
        # A resolver that stops answering is left alone for a minute after three
        # timeouts, so identifying many targets does not wait out each lookup.
        self.dns_breaker = CircuitBreaker(threshold=3, cooldown=60.0)
        self.directory = directory
        self.tls_address = tls_address
        self.tls_context = tls_context
        self.fetch_pages = fetch_pages
        self.today = today

    def investigate(
        self, url: str, rendered: RenderedPage | None = None, why_fetched: str = ""
    ) -> Findings:
        """Everything about ``url``; page facts from ``rendered`` (a capture's DOM) when
        given, else from a guarded fetch (``why_fetched`` says why there was no DOM)."""
        parts = urlsplit(url if "//" in url else f"http://{url}")
        host = (parts.hostname or "").lower()
        found = Findings(url=url, host=host, domain=registrable_domain(host))
        platform = self.directory.for_host(host)
        found.platform = platform.key if platform else None
        facts: list[Fact] = []
        if rendered is not None:
            facts.extend(self._rendered(found, platform, rendered))
        elif self.fetch_pages:
            found.page_source = {"source": "fetch", "why": why_fetched or "no capture given"}
            facts.extend(self._page(found, platform))
        self._step(found, "registration", lambda: self._registration(found, facts, platform))
        if self.resolver is not None:
            self._step(found, "dns", lambda: self._dns(found, facts, platform))
        if self.tls_address is not None:
            self._step(found, "tls", lambda: self._tls(found, facts, platform))
        found.facts = dedupe(facts)
        found.recommendations = providers_for(
            url,
            self.directory,
            facts=found.facts,
            registration=found.registration,
            networks=found.networks,
            cdn_signs=[c["provider"] for c in found.cdn],
            today=self.today,
        )
        return found

    @staticmethod
    def _step(found: Findings, name: str, call: Callable[[], None]) -> None:
        try:
            call()
        except (RightsGuardError, httpx.HTTPError, OSError, ValueError) as exc:
            found.errors[name] = f"{type(exc).__name__}: {exc}"

    def _rendered(self, found: Findings, platform: Any, page: RenderedPage) -> list[Fact]:
        found.page_source = {
            "source": "capture",
            "capture_id": page.capture_id,
            "dom_sha256": page.dom_sha256,
        }
        found.cdn = cdn_from_headers(dict(page.headers))
        return self._page_facts(found, platform, page.html, page.dom_sha256, page.label)

    def _page(self, found: Findings, platform: Any) -> list[Fact]:
        try:
            response = self.client.get(found.url, follow_redirects=True)
        except (httpx.HTTPError, RightsGuardError) as exc:  # RightsGuardError: the SSRF rule
            found.errors["page"] = f"{type(exc).__name__}: {exc}"
            return []
        found.cdn = cdn_from_headers(response.headers)
        sha = self.registrations.config.evidence.keep(response.content)
        return self._page_facts(found, platform, response.text, sha, "guarded fetch")

    def _page_facts(
        self, found: Findings, platform: Any, html: str, sha: str, source: str
    ) -> list[Fact]:
        facts: list[Fact] = []
        sections = frozenset(platform.list("platform_sections")) if platform else frozenset()
        for fact in page_facts(
            html,
            found.url,
            shop_patterns=self.directory.shop_patterns(),
            platform_sections=sections,
        ):
            fact.detail["evidence_sha256"] = sha
            fact.detail["page_source"] = source
            facts.append(fact)
        if platform is None:
            try:
                icon = self.client.get(urljoin(found.url, "/favicon.ico"))
                if icon.status_code == 200 and icon.content:
                    fact = favicon_fact(icon.content, str(icon.url))
                    fact.detail["evidence_sha256"] = self.registrations.config.evidence.keep(
                        icon.content
                    )
                    facts.append(fact)
            except (httpx.HTTPError, RightsGuardError) as exc:
                found.errors["favicon"] = f"{type(exc).__name__}: {exc}"
        return facts

    def _registration(self, found: Findings, facts: list[Fact], platform: Any) -> None:
        reg = self.registrations.domain(found.domain)
        found.registration = reg
        facts.extend(registration_facts(reg, platform=platform is not None))

    def _dns(self, found: Findings, facts: list[Fact], platform: Any) -> None:
        assert self.resolver is not None
        answer = dns_records(found.host, self.resolver, breaker=self.dns_breaker)
        found.dns = answer
        raw = json.dumps(
            {"name": found.host, "exists": answer.exists, "records": answer.records},
            ensure_ascii=False,
            sort_keys=True,
        )
        dns_sha = self.registrations.config.evidence.keep(raw.encode("utf-8"))
        owner = "platform" if platform is not None else None
        for rtype in ("A", "AAAA"):
            for ip in answer.records.get(rtype, []):
                detail: dict[str, Any] = {
                    "record": rtype,
                    "name": found.host,
                    "owner": owner,
                    "dns_evidence_sha256": dns_sha,
                }
                try:
                    net = self.registrations.ip(ip)
                    found.networks.append(net)
                    detail.update(
                        network=net.network,
                        network_owner=net.owner,
                        country=net.country,
                        abuse_email=net.abuse_email,
                        evidence_sha256=net.evidence[0] if net.evidence else None,
                    )
                except (RightsGuardError, httpx.HTTPError, OSError) as exc:
                    found.errors[f"rdap ip {ip}"] = f"{type(exc).__name__}: {exc}"
                facts.append(_fact(K.IP, ip, "dns", **detail))

    def _tls(self, found: Findings, facts: list[Fact], platform: Any) -> None:
        assert self.tls_address is not None
        address = self.tls_address(found.host)
        if address is None:
            return
        cert = certificate_names(
            address[0], address[1], server_name=found.host, context=self.tls_context
        )
        found.certificate = cert
        found.siblings = tuple(n for n in cert.names if n != found.host)
        facts.append(
            _fact(
                K.CERT_FINGERPRINT,
                cert.sha256,
                "tls",
                names=list(cert.names[:50]),
                issuer=cert.issuer,
                shared=len(cert.names) > SHARED_CERT_NAMES or None,
                owner="platform" if platform is not None else None,
            )
        )


# --- store-level functions ------------------------------------------------------------


@dataclass
class IdentifyReport:
    findings: dict[int, Findings] = field(default_factory=dict)
    assignment: dict[int, int] = field(default_factory=dict)
    clusters: list[Cluster] = field(default_factory=list)


def identify_targets(
    store: Any,
    targets: Sequence[Target],
    identifier: Identifier,
    *,
    concurrency: int = 8,
    resolve_after: bool = True,
    progress: Callable[[Target, Findings], None] | None = None,
) -> IdentifyReport:
    """Investigate ``targets`` (``concurrency`` at a time), store their observables, and
    (by default) re-resolve every party in the store."""

    observables = ObservableRepo(store)
    captures = CaptureRepo(store)
    evidence = identifier.registrations.config.evidence
    report = IdentifyReport()

    def one(target: Target) -> Findings:
        rendered, why = latest_rendered(captures.list_for_target(target.id), evidence.read)
        return identifier.investigate(target.url, rendered, why)

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for target, found in zip(targets, pool.map(one, targets), strict=True):
            observables.replace_for_target(
                target.id,
                ((f.kind, f.value, f.source, f.detail) for f in found.facts),
                sources=SOURCES,
            )
            report.findings[target.id] = found
            if progress is not None:
                progress(target, found)
    if resolve_after:
        report.clusters, report.assignment = resolve_parties(store, identifier.directory)
    return report


def resolve_parties(store: Any, directory: Directory) -> tuple[list[Cluster], dict[int, int]]:
    """Cluster every target with observables into parties; store them (stable ids)."""
    from rightsguard.store.observables import ObservableRepo

    parties = PartyRepo(store)
    must, cannot = parties.constraints()
    kinds: dict[int, set[str]] = defaultdict(set)

    def rows() -> Iterable[tuple[int, str, str, dict[str, Any] | None]]:
        for row in ObservableRepo(store).rows():
            if not (row[3] or {}).get("owner"):
                kinds[row[0]].add(row[1])
            yield row

    clusters = resolve(rows(), must_link=must, cannot_link=cannot)
    targets = {t.id: t for t in store.targets.list()}
    drafts = []
    platforms: dict[str, str] = {}
    for cluster in clusters:
        members = [targets[t] for t in cluster.targets if t in targets]
        if not members:
            continue
        for t in members:
            entry = directory.for_host(t.host)
            if entry is not None:
                platforms[entry.key] = entry.name
        found = set().union(*(kinds.get(t, set()) for t in cluster.targets))
        label = cluster.label or _fallback_label(members, directory)
        drafts.append(
            PartyDraft(
                targets=cluster.targets,
                label=label,
                links=tuple(link.as_json() for link in (*cluster.links, *cluster.weak_links)),
                role=PartyRole.PRIMARY_INFRINGER,
                identity_known=bool(
                    found & {K.USCC.value, K.COMPANY_NAME.value, K.REGISTRANT.value}
                ),
                address_known=K.POSTAL_ADDRESS.value in found,
            )
        )
    if platforms:
        ProviderRepo(store).upsert(
            (e.key, e.name, e.kind, e.stored_channels)
            for e in (directory.get(k) for k in sorted(platforms))
        )
    assignment = parties.apply(drafts, providers=sorted(platforms.items()))
    return clusters, assignment


def _fallback_label(members: Sequence[Target], directory: Directory) -> str:
    hosts = sorted({t.host for t in members})
    for t in members:
        entry = directory.for_host(t.host)
        if entry is not None or t.kind in (TargetKind.SHOP, TargetKind.LISTING):
            return f"seller on {entry.name if entry else t.platform or t.host}"
    return f"operator of {hosts[0]}" + (f" (+{len(hosts) - 1})" if len(hosts) > 1 else "")


def build_identifier(workspace: Any, network: Network, client: httpx.Client) -> Identifier:
    """An :class:`Identifier` configured from a workspace (its cache folder, evidence store
    and ``providers.toml``) and a network (its lookup servers and DNS resolvers);
    ``client`` is the network's guarded HTTP client (``network.http_client()``)."""

    endpoints = network.endpoints
    config = LookupConfig.from_workspace(
        workspace,
        rdap_servers=dict(endpoints.rdap_servers),
        whois_servers=dict(endpoints.whois_servers),
        use_iana_whois=endpoints.use_iana_whois,
    )
    directory = Directory.load(workspace.root / PROVIDERS_FILE, sandbox=network.stand_in)
    guard = network.guard()
    return Identifier(
        client,
        Registrations(client, config),
        network.record_resolver(),
        directory,
        tls_address=lambda host: network.tls_address(host, guard),
        tls_context=network.tls_context,
    )
