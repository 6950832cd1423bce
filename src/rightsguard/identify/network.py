"""Network facts: DNS records (dnspython, configurable resolver), TLS certificate names,
and the CDN or host an HTTP response's headers reveal.

``dns_records(name, resolver)`` (a resolver from ``rightsguard.net``) answers A, AAAA,
CNAME, MX, NS, TXT and SOA, ``None`` for NXDOMAIN. ``certificate_names(host, port,
...)`` returns the SANs of the served certificate (siblings on one certificate are
often one operator's). ``cdn_from_headers(headers)`` is a pure function.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import dns.exception
import dns.rdatatype
import dns.resolver

from rightsguard.netretry import CircuitBreaker, CircuitOpen

RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "NS", "TXT", "SOA")


@dataclass(frozen=True, slots=True)
class DnsAnswer:
    name: str
    exists: bool
    records: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


#: DNS failures that mean the resolver did not answer (it is down or unreachable).
UNANSWERED = (dns.exception.Timeout, dns.resolver.NoNameservers, OSError)


def dns_records(
    name: str,
    resolver: dns.resolver.Resolver,
    types: Sequence[str] = RECORD_TYPES,
    breaker: CircuitBreaker | None = None,
) -> DnsAnswer:
    """The records of ``name``. With a ``breaker``, a resolver that did not answer
    ``breaker.threshold`` times in a row is not asked again until its pause ends:
    each type then records "CircuitOpen" at once instead of waiting out the timeout."""
    records: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    servers = f"{','.join(resolver.nameservers)}:{resolver.port}"
    for rtype in types:
        try:
            if breaker is not None:
                breaker.check(servers)
            answer = resolver.resolve(name, rtype, raise_on_no_answer=False, search=False)
        except CircuitOpen:
            errors[rtype] = "CircuitOpen"
            continue
        except dns.resolver.NXDOMAIN:
            if breaker is not None:
                breaker.success(servers)
            return DnsAnswer(name, False, {}, {})
        except (dns.exception.DNSException, OSError) as exc:
            if breaker is not None and isinstance(exc, UNANSWERED):
                breaker.failure(servers)
            errors[rtype] = type(exc).__name__
            continue
        if breaker is not None:
            breaker.success(servers)
        values: list[str] = []
        for rrset in answer.response.answer:
            if dns.rdatatype.to_text(rrset.rdtype) == rtype:
                values.extend(r.to_text().rstrip(".") for r in rrset)
        if values:
            records[rtype] = values
    return DnsAnswer(name, True, records, errors)


# --- TLS ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CertInfo:
    names: tuple[str, ...]
    sha256: str
    issuer: str
    not_after: str


def certificate_names(
    host: str,
    port: int = 443,
    *,
    server_name: str | None = None,
    context: ssl.SSLContext | None = None,
    timeout: float = 5.0,
) -> CertInfo:
    """The certificate served at ``host:port`` for SNI ``server_name``: SANs and fingerprint.

    Verification is the caller's choice through ``context`` (the sandbox CA in tests);
    with none, the certificate is read without verification, as evidence only.
    """
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    if context is None:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=server_name or host) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = tuple(str(n).lower() for n in san.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        names = ()
    issuer = cert.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return CertInfo(
        names=names,
        sha256=hashlib.sha256(der).hexdigest(),
        issuer=str(issuer[0].value) if issuer else cert.issuer.rfc4514_string(),
        not_after=cert.not_valid_after_utc.isoformat(),
    )


# --- HTTP headers ----------------------------------------------------------------------

#: header name (lower) -> (substring of value or "" for presence, provider key)
CDN_SIGNS: tuple[tuple[str, str, str], ...] = (
    ("cf-ray", "", "cloudflare"),
    ("server", "cloudflare", "cloudflare"),
    ("x-amz-cf-id", "", "amazon-cloudfront"),
    ("via", "cloudfront", "amazon-cloudfront"),
    ("x-served-by", "cache-", "fastly"),
    ("x-fastly-request-id", "", "fastly"),
    ("server", "akamaighost", "akamai"),
    ("x-akamai-transformed", "", "akamai"),
    ("server", "tengine", "alibaba-cloud"),
    ("eagleid", "", "alibaba-cloud"),
    ("x-swift-cachetime", "", "alibaba-cloud"),
    ("ali-swift-global-savetime", "", "alibaba-cloud"),
    ("x-nws-log-uuid", "", "tencent-cloud"),
    ("x-cache-lookup", "", "tencent-cloud"),
    ("server", "bws", "baidu-cloud"),
    ("x-bce-request-id", "", "baidu-cloud"),
    ("server", "wangsu", "wangsu"),
    ("x-via-cdn", "", "unknown-cdn"),
    ("server", "skyedge", "sandbox-skyedge-cdn"),
)


def cdn_from_headers(headers: Mapping[str, str] | Any) -> list[dict[str, str]]:
    """CDNs/hosts named by response headers, each with the header that named it."""
    found: dict[str, dict[str, str]] = {}
    try:
        items = [(str(k).lower(), str(v)) for k, v in headers.items()]
    except AttributeError:
        return []
    for name, value in items:
        for sign, needle, key in CDN_SIGNS:
            if name == sign and (not needle or needle in value.lower()) and key not in found:
                found[key] = {"provider": key, "header": f"{name}: {value[:120]}"}
    return list(found.values())
