"""A local certificate-transparency log (RFC 6962) for tests and demos.

``LocalCtLog`` serves ``/ct/v1/get-sth`` and ``/ct/v1/get-entries`` over
HTTP on loopback from certificates added to it, with the real encoding: each
entry's ``leaf_input`` is a ``MerkleTreeLeaf`` (version v1, a
``timestamped_entry`` with an ``x509_entry`` or a ``precert_entry``) and its
``extra_data`` the certificate chain or the ``PrecertChainEntry``; the tree
head's ``sha256_root_hash`` is the RFC 6962 Merkle tree hash of the leaves
(the signature is a placeholder: nothing here checks it). Like real logs it
answers at most ``page`` entries per request.

``make_certificate(names)`` makes a certificate for host names, valid from a
fixed day. Test hooks: ``answer = "garbage"`` answers every request with bytes
that are not JSON; ``answer = "short"`` cuts every ``leaf_input`` short.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Sequence

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

from rightsguard.evidence.merkle import MerkleTree, leaf_hash
from rightsguard.sandbox.httpserver import HttpServer, Request, Response

#: RFC 6962 section 3.1: the precertificate poison extension.
POISON = ObjectIdentifier("1.3.6.1.4.1.11129.2.4.3")
VALID_FROM = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
VALID_UNTIL = dt.datetime(2044, 1, 1, tzinfo=dt.UTC)
#: Entry timestamps (ms since the epoch) start here and grow by one second per entry.
FIRST_TIMESTAMP = 1_704_067_200_000


def make_certificate(
    names: Sequence[str], *, common_name: str | None = None, precert: bool = False
) -> bytes:
    """A self-signed DER certificate for ``names`` (SAN dNSNames), optionally poisoned."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common_name or (names[0] if names else "ct"))]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(VALID_UNTIL)
    )
    if names:
        san = x509.SubjectAlternativeName([x509.DNSName(n) for n in names])
        builder = builder.add_extension(san, critical=False)
    if precert:
        builder = builder.add_extension(x509.UnrecognizedExtension(POISON, b"\x05\x00"), True)
    cert = builder.sign(key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.DER)


def _opaque(data: bytes, length_size: int) -> bytes:
    return len(data).to_bytes(length_size, "big") + data


def _leaf(timestamp: int, entry_type: int, body: bytes) -> bytes:
    # MerkleTreeLeaf: version v1 (0), leaf_type timestamped_entry (0), then
    # TimestampedEntry: timestamp, entry_type, the entry, extensions (empty).
    head = b"\x00\x00" + timestamp.to_bytes(8, "big") + entry_type.to_bytes(2, "big")
    return head + body + _opaque(b"", 2)


def x509_entry(der: bytes, timestamp: int) -> tuple[bytes, bytes]:
    """(leaf_input, extra_data) of an ``x509_entry`` with an empty chain."""
    return _leaf(timestamp, 0, _opaque(der, 3)), _opaque(b"", 3)


def precert_entry(der: bytes, timestamp: int) -> tuple[bytes, bytes]:
    """(leaf_input, extra_data) of a ``precert_entry``: the TBSCertificate in the leaf,
    the precertificate itself in the ``PrecertChainEntry``."""
    cert = x509.load_der_x509_certificate(der)
    issuer_key_hash = hashlib.sha256(
        cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    ).digest()
    leaf = _leaf(timestamp, 1, issuer_key_hash + _opaque(cert.tbs_certificate_bytes, 3))
    return leaf, _opaque(der, 3) + _opaque(b"", 3)


class LocalCtLog:
    """A CT log on loopback; ``url`` is its base (add ``/ct/v1/...``)."""

    def __init__(self, *, page: int = 3, host: str = "127.0.0.1", port: int = 0) -> None:
        self.page = page
        self.answer = "ok"
        self._entries: list[tuple[bytes, bytes]] = []
        self._lock = threading.Lock()
        self._server = HttpServer(host, port, self._app, name="ctlog")

    def add(self, names: Sequence[str], *, precert: bool = False) -> int:
        """Log a new certificate for ``names``; its entry index."""
        der = make_certificate(names, precert=precert)
        with self._lock:
            stamp = FIRST_TIMESTAMP + 1000 * len(self._entries)
            entry = precert_entry(der, stamp) if precert else x509_entry(der, stamp)
            self._entries.append(entry)
            return len(self._entries) - 1

    @property
    def url(self) -> str:
        return f"http://{self._server.host}:{self._server.port}"

    def __enter__(self) -> LocalCtLog:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    def _app(self, request: Request) -> Response:
        if self.answer == "garbage":
            return Response(200, b"<html>not a log</html>", "text/html")
        with self._lock:
            entries = list(self._entries)
        if request.path == "/ct/v1/get-sth":
            tree = MerkleTree(leaf_hash(leaf) for leaf, _ in entries)
            return _json(
                {
                    "tree_size": len(entries),
                    "timestamp": FIRST_TIMESTAMP + 1000 * len(entries),
                    "sha256_root_hash": base64.b64encode(tree.root()).decode(),
                    "tree_head_signature": base64.b64encode(b"\x04\x03\x00\x00").decode(),
                }
            )
        if request.path == "/ct/v1/get-entries":
            try:
                start, end = int(request.arg("start")), int(request.arg("end"))
            except ValueError:
                return _json({"error_message": "start and end must be integers"}, 400)
            if start < 0 or end < start or start >= len(entries):
                return _json({"error_message": "bad range"}, 400)
            end = min(end, len(entries) - 1, start + self.page - 1)
            out = []
            for leaf, extra in entries[start : end + 1]:
                if self.answer == "short":
                    leaf = leaf[: len(leaf) // 2]
                out.append(
                    {
                        "leaf_input": base64.b64encode(leaf).decode(),
                        "extra_data": base64.b64encode(extra).decode(),
                    }
                )
            return _json({"entries": out})
        return _json({"error_message": "not found"}, 404)


def _json(data: object, status: int = 200) -> Response:
    return Response(status, json.dumps(data).encode(), "application/json")
