"""The network context of a capture: DNS answers and TLS certificate chains.

``certificate_chain`` opens its own TLS connection to the checked address
(with the host name as SNI, verification off: evidence of a bad certificate is
still evidence) and returns every certificate the server sent, as PEM with
its SHA-256 fingerprint, subject, issuer, validity and subjectAltNames.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization


def describe_certificate(der: bytes) -> dict[str, Any]:
    cert = x509.load_der_x509_certificate(der)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        sans = [*san.get_values_for_type(x509.DNSName)] + [
            str(a) for a in san.get_values_for_type(x509.IPAddress)
        ]
    except x509.ExtensionNotFound:
        sans = []
    return {
        "sha256": hashlib.sha256(der).hexdigest(),
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "sans": sans,
        "pem": cert.public_bytes(serialization.Encoding.PEM).decode(),
    }


def certificate_chain(host: str, port: int, address: str, timeout: float = 10.0) -> dict[str, Any]:
    """The chain ``address:port`` presents for ``host`` (SNI), leaf first."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    out: dict[str, Any] = {"host": host, "port": port, "address": address}
    try:
        with (
            socket.create_connection((address, port), timeout=timeout) as raw,
            ctx.wrap_socket(raw, server_hostname=host) as tls,
        ):
            out["tls_version"] = tls.version()
            out["cipher"] = (tls.cipher() or ("",))[0]
            ders: list[bytes] = []
            sslobj = getattr(tls, "_sslobj", None)
            chain = getattr(sslobj, "get_unverified_chain", None)
            if chain is not None:  # CPython ≥ 3.10 (public in 3.13)
                ders = [c.public_bytes(ssl._ssl.ENCODING_DER) for c in chain() or []]  # type: ignore[attr-defined]
            if not ders:
                leaf = tls.getpeercert(binary_form=True)
                ders = [leaf] if leaf else []
    except (OSError, ssl.SSLError) as exc:
        out["error"] = f"{type(exc).__name__}: {exc}"
        out["chain"] = []
        return out
    out["chain"] = [describe_certificate(d) for d in ders]
    return out
