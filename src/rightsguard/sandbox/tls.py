"""The sandbox's own certificate authority.

At first start a root CA (ECDSA P-256, ten years) is made and cached in the
state dir; a leaf certificate whose subjectAltNames cover every sandbox host
name and the bind address is (re)issued whenever the names change or it nears
expiry. A file lock keeps two sandboxes sharing a state dir from racing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import ipaddress
import os
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_CERT = "ca.pem"
CA_KEY = "ca.key"
LEAF_CERT = "leaf.pem"
LEAF_KEY = "leaf.key"


@dataclass(frozen=True, slots=True)
class TlsMaterial:
    ca_cert_path: Path
    cert_path: Path
    key_path: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert_path, self.key_path)
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    def client_context(self) -> ssl.SSLContext:
        """Trusts the sandbox CA only."""
        return ssl.create_default_context(cafile=str(self.ca_cert_path))

    def leaf_spki_sha256_b64(self) -> str:
        """For Chromium's ``--ignore-certificate-errors-spki-list``."""
        import base64
        import hashlib

        cert = x509.load_pem_x509_certificate(self.cert_path.read_bytes())
        spki = cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def ensure_tls(state_dir: Path, hostnames: Iterable[str], ip: str) -> TlsMaterial:
    """Load or make the CA and a leaf covering ``hostnames`` and ``ip``."""
    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    names = sorted(set(hostnames))
    with _locked(state_dir / "tls.lock"):
        ca_cert, ca_key = _load_or_make_ca(state_dir)
        leaf_path = state_dir / LEAF_CERT
        if not _leaf_ok(leaf_path, ca_cert, names, ip):
            _make_leaf(state_dir, ca_cert, ca_key, names, ip)
    return TlsMaterial(state_dir / CA_CERT, state_dir / LEAF_CERT, state_dir / LEAF_KEY)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


#: The sandbox's certificates are valid from this fixed day, not from "now": a test
#: run whose clock is moved years ahead (RIGHTSGUARD_TEST_NOW) makes certificates that
#: OpenSSL and Chromium, which read the real clock, must still accept.
VALID_FROM = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def current(cert: x509.Certificate, margin: dt.timedelta) -> bool:
    """A kept certificate is reused only while valid now and for ``margin`` more: one
    made under a clock moved ahead (not yet valid) or about to expire is remade."""
    now = _now()
    return cert.not_valid_before_utc <= now and cert.not_valid_after_utc > now + margin


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _load_or_make_ca(
    state_dir: Path,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    cert_path, key_path = state_dir / CA_CERT, state_dir / CA_KEY
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), None)
        if isinstance(key, ec.EllipticCurvePrivateKey) and current(cert, dt.timedelta(days=30)):
            return cert, key
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "RightsGuard Sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, "RightsGuard Sandbox Root CA"),
        ]
    )
    now = _now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    _write(key_path, _key_pem(key), 0o600)
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def _leaf_ok(path: Path, ca: x509.Certificate, names: list[str], ip: str) -> bool:
    key_path = path.with_name(LEAF_KEY)
    if not path.exists() or not key_path.exists():
        return False
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    if cert.issuer != ca.subject or not current(cert, dt.timedelta(days=7)):
        return False
    try:
        cert.verify_directly_issued_by(ca)
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        return False
    have_names = set(san.get_values_for_type(x509.DNSName))
    have_ips = {str(a) for a in san.get_values_for_type(x509.IPAddress)}
    return set(names) <= have_names and ip in have_ips


def _make_leaf(
    state_dir: Path,
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    names: list[str],
    ip: str,
) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    sans.append(x509.DNSName("localhost"))
    sans.append(x509.IPAddress(ipaddress.ip_address(ip)))
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "RightsGuard Sandbox"),
                    x509.NameAttribute(NameOID.COMMON_NAME, names[0] if names else ip),
                ]
            )
        )
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(now + dt.timedelta(days=397))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(state_dir / LEAF_KEY, _key_pem(key), 0o600)
    _write(state_dir / LEAF_CERT, cert.public_bytes(serialization.Encoding.PEM))
