"""RFC 3161 trusted timestamps: request, verify, keep.

``TsaClient.stamp(data)`` asks the configured time-stamp authority for a token
over SHA-256(data) with a fresh nonce and the TSA's certificate requested, and
verifies the reply before returning it: status granted, the message imprint,
the nonce, the signature and the chain to the configured root, the signer's
critical timeStamping extended key usage (rfc3161-client). A TSA that is
down, slow or answers garbage raises ``TimestampUnavailable``; the caller
keeps its evidence as "awaiting timestamp" and stamps it later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from cryptography import x509
from rfc3161_client import (
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)
from rfc3161_client.base import HashAlgorithm

from rightsguard.domain.errors import SettingError
from rightsguard.evidence.errors import TimestampInvalid, TimestampUnavailable
from rightsguard.netretry import CircuitBreaker, CircuitOpen


@dataclass(frozen=True)
class Token:
    reply: bytes  # the DER TimeStampResp exactly as the TSA sent it
    gen_time: datetime
    serial: int
    imprint_sha256: str


def _load_certs(path: Path, what: str) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise SettingError(f"{what} {path}: {exc}") from None


class TokenVerifier:
    """Checks stored tokens against a TSA's root (and intermediate) certificates."""

    def __init__(self, certs: list[x509.Certificate]) -> None:
        if not certs:
            raise ValueError("no certificates")
        self.roots = [c for c in certs if _is_ca(c)] or certs[:1]
        self.intermediates = [c for c in certs if c not in self.roots]

    @classmethod
    def from_pem(cls, pem: bytes) -> TokenVerifier:
        return cls(x509.load_pem_x509_certificates(pem))

    def builder(self, builder: VerifierBuilder | None = None) -> VerifierBuilder:
        builder = builder or VerifierBuilder()
        for root in self.roots:
            builder = builder.add_root_certificate(root)
        for cert in self.intermediates:
            builder = builder.add_intermediate_certificate(cert)
        return builder

    def verify(self, reply: bytes, sha256_hex: str) -> datetime:
        """Check a token against a SHA-256 digest; return its time."""
        try:
            response = decode_timestamp_response(reply)
            self.builder().build().verify(response, bytes.fromhex(sha256_hex))
        except (ValueError, VerificationError) as exc:
            raise TimestampInvalid(f"the timestamp token does not verify: {exc}") from None
        return response.tst_info.gen_time


class TsaClient:
    def __init__(
        self,
        url: str,
        ca_file: Path,
        *,
        http: httpx.Client | None = None,
        timeout: float = 10.0,
        auth: tuple[str, str] | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        if not url:
            raise SettingError("no time-stamp authority: set tsa_url (RIGHTSGUARD_TSA_URL)")
        self.url = url
        self.verifier = TokenVerifier(_load_certs(ca_file, "tsa_ca_file"))
        self.verifier_pem = ca_file.read_bytes()
        self._http = http or httpx.Client(timeout=timeout, trust_env=False)
        self._owns_http = http is None
        self._timeout = timeout
        self._auth = auth
        # After three failures in a row the authority is left alone for a minute:
        # a bulk capture then records "awaiting timestamp" at once for each item
        # instead of waiting out the timeout every time (stamp_pending comes back).
        self.breaker = breaker or CircuitBreaker(threshold=3, cooldown=60.0)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def stamp(self, data: bytes) -> Token:
        request = (
            TimestampRequestBuilder()
            .data(data)
            .hash_algorithm(HashAlgorithm.SHA256)
            .nonce(nonce=True)
            .cert_request(cert_request=True)
            .build()
        )
        try:
            self.breaker.check(self.url)
        except CircuitOpen:
            raise TimestampUnavailable(
                f"the time-stamp authority {self.url} failed repeatedly just now; "
                "not asked again until its pause ends"
            ) from None
        try:
            reply = self._http.post(
                self.url,
                content=request.as_bytes(),
                headers={"Content-Type": "application/timestamp-query"},
                timeout=self._timeout,
                auth=self._auth,
            )
        except httpx.HTTPError as exc:
            self.breaker.failure(self.url)
            raise TimestampUnavailable(
                f"the time-stamp authority {self.url} did not answer ({exc.__class__.__name__})"
            ) from None
        if reply.status_code != 200:
            self.breaker.failure(self.url)
            raise TimestampUnavailable(
                f"the time-stamp authority {self.url} answered HTTP {reply.status_code}"
            )
        digest = hashlib.sha256(data).digest()
        try:
            response = decode_timestamp_response(reply.content)
            self.verifier.builder(VerifierBuilder.from_request(request)).build().verify(
                response, digest
            )
        except (ValueError, VerificationError) as exc:
            self.breaker.failure(self.url)
            raise TimestampInvalid(
                f"the reply of the time-stamp authority {self.url} does not verify: {exc}"
            ) from None
        self.breaker.success(self.url)
        info = response.tst_info
        return Token(reply.content, info.gen_time, info.serial_number, digest.hex())

    def verify(self, reply: bytes, sha256_hex: str) -> datetime:
        """Check a stored token against a digest; return its time."""
        return self.verifier.verify(reply, sha256_hex)


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False
