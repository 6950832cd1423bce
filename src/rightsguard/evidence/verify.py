"""Offline verification: files against their hashes, tokens against the TSA's
root, leaves against the ledger, signed heads against the public key.

Every check is a ``Check(name, ok, detail)``; ``ok`` is ``None`` for a warning
that is no failure (evidence still awaiting its timestamp).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rightsguard.evidence.blobstore import BlobStore, hash_file
from rightsguard.evidence.checks import Check
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.merkle import ProofError, leaf_hash, verify_inclusion
from rightsguard.evidence.timestamp import TimestampInvalid, TsaClient

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
