"""A real RFC 3161 time-stamp authority on loopback, backed by ``openssl ts -reply``.

On first start it makes its own test root CA and a TSA certificate (extended
key usage timeStamping, critical) under ``<state_dir>/tsa/``. It answers
``POST /`` with ``Content-Type: application/timestamp-query`` by running
``openssl ts -reply`` and returning ``application/timestamp-reply``.

``mode`` lets tests make it misbehave: ``ok``, ``down`` (503), ``slow``
(answers after ``slow_seconds``), ``garbage`` (a reply that is not DER),
``ratelimited`` (429) or ``drop`` (the reply cut halfway); see ``faults.py``.
The signer certificate alone goes into replies (no ``certs =`` line: with the
CA added OpenSSL writes an unsorted certificate SET that strict parsers
refuse).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from rightsguard.sandbox.faults import Faults, faulty
from rightsguard.sandbox.httpserver import HttpServer, Request, Response
from rightsguard.sandbox.service import Endpoint, SandboxConfig, SandboxContext
from rightsguard.sandbox.tls import VALID_FROM, current

POLICY = "1.2.3.4.1"
MODES = ("ok", "down", "slow", "garbage", "ratelimited", "drop")


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem_key(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )


def make_tsa_material(folder: Path) -> None:
    """Root CA + TSA certificate + openssl config in ``folder`` (kept if present and
    its certificate valid now)."""
    kept = folder / "tsa.pem"
    if (folder / "tsa.cnf").is_file() and kept.is_file():
        with contextlib.suppress(ValueError):
            if current(x509.load_pem_x509_certificate(kept.read_bytes()), dt.timedelta(days=7)):
                return
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key, tsa_key = _key(), _key()
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "RightsGuard Sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, "RightsGuard Sandbox TSA Root"),
        ]
    )
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    tsa_name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "RightsGuard Sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, "RightsGuard Sandbox TSA"),
        ]
    )
    tsa = (
        x509.CertificateBuilder()
        .subject_name(tsa_name)
        .issuer_name(ca_name)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(now + dt.timedelta(days=825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(tsa_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.pem").write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.key").write_bytes(_pem_key(tsa_key))
    (folder / "tsa.key").chmod(0o600)
    (folder / "tsa_serial").write_text("01\n")
    config = f"""\
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {folder.resolve()}
serial = $dir/tsa_serial
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = {POLICY}
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_alg = sha256
"""
    (folder / "tsa.cnf").write_text(config)


class TsaService:
    name = "tsa"
    hostnames: ClassVar[tuple[str, ...]] = ()
    portless: ClassVar[Mapping[str, str]] = MappingProxyType({})

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.folder = config.state_dir / "tsa"
        self.mode = "ok"
        self.slow_seconds = 5.0
        self.requests = 0
        self._lock = threading.Lock()
        self._http: HttpServer | None = None
        self.faults = Faults(self.name)

    @property
    def ca_cert_path(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def tsa_cert_path(self) -> Path:
        return self.folder / "tsa.pem"

    @property
    def url(self) -> str:
        endpoint = self.endpoints()["tsa"]
        return f"http://{endpoint.host}:{endpoint.port}/"

    def start(self, ctx: SandboxContext) -> None:
        make_tsa_material(self.folder)
        self._http = HttpServer(
            self.config.host, self.config.port("tsa"), faulty(self.app, self.faults), name="tsa"
        )
        self._http.start()

    def stop(self) -> None:
        if self._http is not None:
            self._http.stop()
        self._http = None

    def endpoints(self) -> dict[str, Endpoint]:
        if self._http is None:
            return {}
        return {"tsa": Endpoint("http", self.config.host, self._http.port)}

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"TSA mode must be one of {', '.join(MODES)}")
        self.mode = mode if mode not in ("ratelimited", "drop") else "ok"
        self.faults.set(mode if mode in ("ratelimited", "drop") else "ok")

    def app(self, request: Request) -> Response:
        if request.method != "POST":
            return Response(405, b"POST a timestamp query\n", "text/plain")
        if request.headers.get("Content-Type", "") != "application/timestamp-query":
            return Response(415, b"expected application/timestamp-query\n", "text/plain")
        self.requests += 1
        if self.mode == "down":
            return Response(503, b"the TSA is down\n", "text/plain")
        if self.mode == "slow":
            time.sleep(self.slow_seconds)
        if self.mode == "garbage":
            return Response(200, b"\x30\x03not a reply", "application/timestamp-reply")
        with self._lock, tempfile.TemporaryDirectory() as tmp:
            query = Path(tmp) / "q.tsq"
            reply = Path(tmp) / "r.tsr"
            query.write_bytes(request.body)
            done = subprocess.run(
                [
                    "openssl",
                    "ts",
                    "-reply",
                    "-config",
                    str(self.folder / "tsa.cnf"),
                    "-queryfile",
                    str(query),
                    "-out",
                    str(reply),
                ],
                capture_output=True,
                check=False,
            )
            if done.returncode != 0 or not reply.is_file():
                return Response(400, b"bad timestamp query\n", "text/plain")
            return Response(200, reply.read_bytes(), "application/timestamp-reply")


def make_service(config: SandboxConfig) -> TsaService:
    return TsaService(config)
