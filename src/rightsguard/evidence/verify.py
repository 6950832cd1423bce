"""Offline verification: files against their hashes, tokens against the TSA's
root, leaves against the ledger, signed heads against the public key.

Every check is a ``Check(name, ok, detail)``; ``ok`` is ``None`` for a warning
that is no failure (evidence still awaiting its timestamp).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rightsguard.evidence.checks import Check
from rightsguard.evidence.cleanenv import summary
from rightsguard.evidence.errors import TimestampInvalid
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.merkle import ProofError, leaf_hash, verify_inclusion
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.evidence.zipread import MemberRefused, read_member, stream_member
from rightsguard.store.blobs import BlobStore, hash_file

if TYPE_CHECKING:
    from rightsguard.evidence.items import EvidenceItem


def verify_item(
    blobs: BlobStore,
    ledger: Ledger,
    tsa: TsaClient | None,
    item: EvidenceItem,
    token: bytes | None,
) -> list[Check]:
    label = f"evidence {item.id} ({item.name})"
    checks: list[Check] = []
    path = blobs.path_for(item.sha256)
    if not path.is_file():
        checks.append(Check(f"{label}: file", False, f"missing from the store: {path}"))
    else:
        blob = hash_file(path)
        ok = blob.sha256 == item.sha256 and blob.size == item.size
        checks.append(
            Check(
                f"{label}: SHA-256",
                ok,
                item.sha256 if ok else f"stored file hashes to {blob.sha256}",
            )
        )
    if token is None:
        checks.append(
            Check(
                f"{label}: timestamp",
                None,
                f"awaiting timestamp ({item.tsa_error or 'not stamped yet'})",
            )
        )
    elif tsa is None:
        checks.append(
            Check(
                f"{label}: timestamp",
                False,
                "a token exists but no TSA certificate (tsa_ca_file) to check it",
            )
        )
    else:
        try:
            when = tsa.verify(token, item.sha256)
            checks.append(Check(f"{label}: timestamp", True, f"TSA time {when.isoformat()}"))
        except TimestampInvalid as exc:
            checks.append(Check(f"{label}: timestamp", False, exc.message))
    if item.ledger_idx is None:
        checks.append(Check(f"{label}: ledger", False, "no ledger leaf"))
        return checks
    tree = ledger.tree()
    try:
        payload = ledger.payload(item.ledger_idx)
    except IndexError:
        checks.append(Check(f"{label}: ledger", False, f"leaf {item.ledger_idx} is gone"))
        return checks
    leaf = leaf_hash(payload)
    try:
        recorded = json.loads(payload)
    except ValueError:
        recorded = {}
    if recorded.get("ref") != item.ref or recorded.get("sha256") != item.sha256:
        checks.append(Check(f"{label}: ledger", False, "the leaf records another file"))
        return checks
    if item.ledger_idx >= len(tree) or tree.leaf(item.ledger_idx) != leaf:
        checks.append(Check(f"{label}: ledger", False, "the leaf's document was altered"))
        return checks
    try:
        verify_inclusion(
            item.ledger_idx, len(tree), leaf, tree.inclusion_proof(item.ledger_idx), tree.root()
        )
    except (ProofError, ValueError) as exc:
        checks.append(Check(f"{label}: ledger", False, str(exc)))
        return checks
    checks.append(
        Check(
            f"{label}: ledger", True, f"leaf {item.ledger_idx} included in the tree of {len(tree)}"
        )
    )
    return checks


_DRIVE = re.compile(r"^[A-Za-z]:")
_WACZ_SMALL = ("datapackage.json", "datapackage-digest.json")


def unsafe_member_names(names: list[str]) -> list[str]:
    """Zip member names that an unzip could write outside its folder (absolute, a drive,
    ``..``), or that appear twice (a verifier and an unzip may each read another copy)."""
    bad: list[str] = []
    seen: set[str] = set()
    for name in names:
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\x00" in name:
            bad.append(f"{name!r} points outside the archive's folder")
        elif name in seen:
            bad.append(f"{name!r} appears twice")
        seen.add(name)
    return bad


def wacz_checks(source: bytes | Path | IO[bytes], label: str) -> list[Check]:
    """A WACZ's own integrity: every resource against ``datapackage.json``, and
    ``datapackage.json`` against ``datapackage-digest.json``. Members are hashed in
    chunks; absurdly large or inflating ones are refused (:mod:`zipread`)."""
    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    digests: dict[str, str] = {}
    small: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(opened) as zf:
            unsafe = unsafe_member_names(zf.namelist())
            if unsafe:
                why = f"unsafe member names: {'; '.join(unsafe[:3])}"
                return [Check(f"{label}: WACZ", False, why)]
            for info in zf.infolist():
                if info.filename in _WACZ_SMALL:
                    small[info.filename] = read_member(zf, info)
                    digests[info.filename] = hashlib.sha256(small[info.filename]).hexdigest()
                else:
                    digests[info.filename] = stream_member(zf, info)
    except MemberRefused as exc:
        return [Check(f"{label}: WACZ", False, f"member refused: {exc}")]
    except (zipfile.BadZipFile, ValueError, OSError, zlib.error, EOFError) as exc:
        return [Check(f"{label}: WACZ", False, f"not a readable zip ({exc})")]
    try:
        package_bytes = small["datapackage.json"]
        package = json.loads(package_bytes)
        digest = json.loads(small["datapackage-digest.json"])
    except (KeyError, ValueError) as exc:
        return [Check(f"{label}: WACZ", False, f"datapackage missing or unreadable ({exc})")]
    bad = []
    if digest.get("hash") != "sha256:" + hashlib.sha256(package_bytes).hexdigest():
        bad.append("datapackage.json")
    for resource in package.get("resources", []):
        got = digests.get(str(resource.get("path")))
        if got is None or resource.get("hash") != "sha256:" + got:
            bad.append(str(resource.get("path")))
    if bad:
        return [Check(f"{label}: WACZ", False, f"digests differ: {', '.join(bad[:3])}")]
    return [
        Check(
            f"{label}: WACZ",
            True,
            f"{len(package.get('resources', []))} resources match datapackage.json",
        )
    ]


def verify_capture(
    blobs: BlobStore, ledger: Ledger, tsa: TsaClient | None, capture: Any
) -> list[Check]:
    """Every artefact, the WACZ's digests, its token and its ledger leaf."""
    label = f"capture {capture.id}"
    checks: list[Check] = []
    wacz_sha = None
    token_sha = None
    for artefact in capture.artefacts:
        path = blobs.path_for(artefact.sha256)
        if not path.is_file():
            checks.append(Check(f"{label}: {artefact.role}", False, f"missing: {path}"))
            continue
        ok = hash_file(path).sha256 == artefact.sha256
        checks.append(
            Check(
                f"{label}: {artefact.role}",
                ok,
                artefact.sha256 if ok else "the stored file was changed",
            )
        )
        if artefact.role == "wacz" and ok:
            wacz_sha = artefact.sha256
            checks += wacz_checks(path, label)
        if artefact.role == "timestamp":
            token_sha = artefact.sha256
    if wacz_sha is None:
        checks.append(Check(f"{label}: WACZ", False, "no intact WACZ"))
        return checks
    checks.append(clean_environment_check(label, capture.environment))
    if token_sha is None:
        checks.append(
            Check(
                f"{label}: timestamp",
                None,
                (capture.environment or {}).get("tsa_error")
                or "covered by the time-stamped ledger checkpoint only",
            )
        )
    elif tsa is None:
        checks.append(Check(f"{label}: timestamp", False, "no TSA certificate to check it"))
    else:
        try:
            when = tsa.verify(blobs.read(token_sha), wacz_sha)
            checks.append(Check(f"{label}: timestamp", True, f"TSA time {when.isoformat()}"))
        except TimestampInvalid as exc:
            checks.append(Check(f"{label}: timestamp", False, exc.message))
    idx = (capture.environment or {}).get("ledger_idx")
    tree = ledger.tree()
    if idx is None or idx >= len(tree):
        checks.append(Check(f"{label}: ledger", False, "no ledger leaf"))
        return checks
    payload = ledger.payload(idx)
    recorded = json.loads(payload)
    if recorded.get("ref") != f"capture:{capture.id}" or recorded.get("wacz_sha256") != wacz_sha:
        checks.append(Check(f"{label}: ledger", False, "the leaf records another capture"))
    elif tree.leaf(idx) != leaf_hash(payload):
        checks.append(Check(f"{label}: ledger", False, "the leaf's document was altered"))
    else:
        verify_inclusion(idx, len(tree), tree.leaf(idx), tree.inclusion_proof(idx), tree.root())
        checks.append(Check(f"{label}: ledger", True, f"leaf {idx} in the tree of {len(tree)}"))
        recorded_artefacts = leaf_artefacts(recorded)
        for artefact in capture.artefacts:
            if artefact.role == "timestamp":  # may come later; checked against the WACZ
                continue
            if artefact.sha256 not in recorded_artefacts.get(artefact.role, set()):
                checks.append(
                    Check(
                        f"{label}: {artefact.role}",
                        False,
                        f"{artefact.sha256} is not the {artefact.role} its ledger leaf records",
                    )
                )
    return checks


#: A clock further than this from the TSA's is worth a warning.
CLOCK_TOLERANCE_SECONDS = 5.0


def clean_environment_check(label: str, environment: dict[str, Any] | None) -> Check:
    """The capture's clean-environment record (取证环境清洁性检查), said in one line; a
    warning when it is missing, shows proxy variables or a clock off (or unmeasured)."""
    clean = (environment or {}).get("clean_environment")
    name = f"{label}: clean environment"
    if not clean:
        return Check(name, None, "no clean-environment record (captured before it was kept)")
    clock = clean.get("clock") or {}
    sound = (
        not (clean.get("proxy") or {}).get("environment")
        and bool(clock.get("measured"))
        and abs(float(clock.get("offset_seconds", 0))) <= CLOCK_TOLERANCE_SECONDS
    )
    return Check(name, True if sound else None, summary(clean)[1])


def leaf_artefacts(leaf: dict[str, Any]) -> dict[str, set[str]]:
    """The SHA-256 digests a capture's ledger leaf records, by artefact role."""
    recorded: dict[str, set[str]] = {}
    for entry in leaf.get("artefacts") or []:
        if isinstance(entry, dict):
            recorded.setdefault(str(entry.get("role")), set()).add(str(entry.get("sha256")))
    return recorded
