"""Watching new registrations: certificate-transparency logs (RFC 6962).

Rather than guess names, read the names that certificates were just issued
for. ``CtLog`` reads a log's tree size (``get-sth``) and its entries
(``get-entries?start=&end=``, paged: logs answer fewer entries than asked);
``leaf_names`` decodes each entry's ``MerkleTreeLeaf`` (an X.509 entry: the
certificate; a precertificate entry: the precertificate in ``extra_data``)
and takes the certificate's SAN dNSNames and subject CN. Names holding one of
the brand's forms (``matching.BrandForms``) become hits, scored like
discovered names (fuzzer ``ct-log``).

A log that answers garbage (not JSON, missing fields, bad base64, a leaf
shorter than its lengths say) raises ``CtLogError`` naming the log and the
entry; nothing is half read.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography import x509
from cryptography.x509.oid import NameOID

from rightsguard.domain.errors import OperationalError
from rightsguard.evidence.errors import CaptureRefused

Fetch = Callable[[str], bytes]
X509_ENTRY = 0
PRECERT_ENTRY = 1
DEFAULT_BATCH = 256
DEFAULT_MAX_ENTRIES = 10_000


class CtLogError(OperationalError):
    code = "ct_log"


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One log entry: its index and the host names of its certificate."""

    index: int
    names: tuple[str, ...]


def client_fetch(client: httpx.Client) -> Fetch:
    """Reads through ``client``: the network's SSRF-guarded client
    (``rightsguard.net``), so a log on an address the guard forbids is refused."""

    def fetch(url: str) -> bytes:
        try:
            response = client.get(url, follow_redirects=False)
        except httpx.HTTPError as exc:
            raise CtLogError(f"CT log {url}: {exc}") from None
        except CaptureRefused as exc:
            raise CtLogError(f"CT log {url}: refused: {exc.message}") from None
        if response.status_code != 200:
            raise CtLogError(f"CT log {url}: HTTP {response.status_code}")
        return response.content

    return fetch


class _Reader:
    """Reads TLS-encoded (RFC 5246 section 4) fields; ``CtLogError`` when short."""

    def __init__(self, data: bytes, what: str) -> None:
        self.data = data
        self.pos = 0
        self.what = what

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise CtLogError(f"{self.what}: {n} bytes wanted at {self.pos}, {len(self.data)} held")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def uint(self, size: int) -> int:
        return int.from_bytes(self.take(size), "big")

    def opaque(self, length_size: int) -> bytes:
        return self.take(self.uint(length_size))


def _cert_names(der: bytes, what: str) -> tuple[str, ...]:
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise CtLogError(f"{what}: not an X.509 certificate ({exc})") from None
    names: dict[str, None] = {}
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names.update(dict.fromkeys(san.get_values_for_type(x509.DNSName)))
    except x509.ExtensionNotFound:
        pass
    for attr in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME):
        if isinstance(attr.value, str):
            names[attr.value] = None
    out: dict[str, None] = {}
    for name in names:
        host = name.strip().lower().rstrip(".")
        host = host.removeprefix("*.")
        if host and "." in host and " " not in host:
            out[host] = None
    return tuple(out)


def leaf_names(leaf_input: bytes, extra_data: bytes, what: str = "entry") -> tuple[str, ...]:
    """The host names of one log entry (RFC 6962 section 3.4 ``MerkleTreeLeaf``)."""
    leaf = _Reader(leaf_input, f"{what} leaf_input")
    version, leaf_type = leaf.uint(1), leaf.uint(1)
    if version != 0 or leaf_type != 0:
        raise CtLogError(f"{what}: unknown leaf version {version} or type {leaf_type}")
    leaf.take(8)  # timestamp
    entry_type = leaf.uint(2)
    if entry_type == X509_ENTRY:
        return _cert_names(leaf.opaque(3), what)
    if entry_type == PRECERT_ENTRY:
        leaf.take(32)  # issuer_key_hash
        leaf.opaque(3)  # TBSCertificate: the names are read from the precertificate below
        extra = _Reader(extra_data, f"{what} extra_data")
        return _cert_names(extra.opaque(3), what)  # PrecertChainEntry.pre_certificate
    raise CtLogError(f"{what}: unknown entry type {entry_type}")


def _json(raw: bytes, what: str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise CtLogError(f"{what}: the answer is not JSON ({raw[:40]!r})") from None
    if not isinstance(data, dict):
        raise CtLogError(f"{what}: the answer is not a JSON object")
    return data


def _b64(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise CtLogError(f"{what}: missing")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise CtLogError(f"{what}: not base64") from None


class CtLog:
    """An RFC 6962 log at ``url`` (``https://ct.example/logs/x``, without ``/ct/v1``)."""

    def __init__(self, url: str, fetch: Fetch, batch: int = DEFAULT_BATCH) -> None:
        self.url = url.rstrip("/")
        self.fetch = fetch
        self.batch = batch

    def tree_size(self) -> int:
        what = f"CT log {self.url} get-sth"
        data = _json(self.fetch(f"{self.url}/ct/v1/get-sth"), what)
        size = data.get("tree_size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise CtLogError(f"{what}: no tree_size in the answer")
        return size

    def entries(self, start: int, end: int) -> Iterator[LogEntry]:
        """Entries ``start`` to ``end`` inclusive, asked for in pages."""
        index = start
        while index <= end:
            last = min(end, index + self.batch - 1)
            what = f"CT log {self.url} get-entries {index}-{last}"
            data = _json(self.fetch(f"{self.url}/ct/v1/get-entries?start={index}&end={last}"), what)
            got = data.get("entries")
            if not isinstance(got, list) or not got:
                raise CtLogError(f"{what}: no entries in the answer")
            if len(got) > last - index + 1:
                raise CtLogError(f"{what}: {len(got)} entries, more than asked")
            for item in got:
                entry_what = f"CT log {self.url} entry {index}"
                if not isinstance(item, dict):
                    raise CtLogError(f"{entry_what}: not an object")
                leaf = _b64(item.get("leaf_input"), f"{entry_what} leaf_input")
                extra = _b64(item.get("extra_data", ""), f"{entry_what} extra_data")
                yield LogEntry(index, leaf_names(leaf, extra, entry_what))
                index += 1


@dataclass(frozen=True, slots=True)
class LogRead:
    """What one read of a log saw: the entries and the index to start from next time."""

    entries: tuple[LogEntry, ...]
    start: int
    next_index: int
    tree_size: int


def read_new(log: CtLog, start: int | None, max_entries: int = DEFAULT_MAX_ENTRIES) -> LogRead:
    """The entries from ``start`` (never read: the last ``max_entries``), at most
    ``max_entries`` of them; ``next_index`` is where the next read starts."""
    if max_entries < 1:
        raise CtLogError("max_entries must be at least 1")
    size = log.tree_size()
    first = max(0, size - max_entries) if start is None else start
    if first > size:
        raise CtLogError(f"CT log {log.url}: start {first} lies beyond the tree size {size}")
    last = min(size, first + max_entries) - 1
    got = tuple(log.entries(first, last)) if last >= first else ()
    return LogRead(got, first, first + len(got), size)
