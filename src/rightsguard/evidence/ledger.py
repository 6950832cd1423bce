"""The transparency ledger: an append-only RFC 6962 Merkle tree in the store.

Leaves are canonical JSON documents (a capture's WACZ digest, an evidence file,
a generated document, a custody event), hashed as RFC 6962 leaves. Appends
happen inside the caller's transaction, so a capture and its leaf become
durable together or not at all. The rows, and the positions allocated under the
database's write lock, are ``store.ledger``'s.

Checkpoints are signed tree heads (Ed25519, the workspace key) over
``rightsguard-tree-head/v1 <size> <root hex> <time>``; ``verify()`` recomputes
every leaf from its stored document, every stored head's root and signature,
and the consistency of each head with the current tree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rightsguard.evidence.checks import Check
from rightsguard.evidence.merkle import MerkleTree, leaf_hash, verify_consistency
from rightsguard.evidence.signing import Signer, key_id, signature_ok
from rightsguard.store import ledger as ledger_rows
from rightsguard.store.models import LedgerHeadRow, utcnow

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from rightsguard.store.base import Store
    from rightsguard.store.db import Unit

LEAF_KINDS = ("capture", "evidence_file", "document", "custody", "lookup")


def canonical(payload: Mapping[str, Any]) -> bytes:
    """The exact bytes a leaf hashes: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def head_message(size: int, root: bytes, at: datetime) -> bytes:
    return f"rightsguard-tree-head/v1 {size} {root.hex()} {at.isoformat()}".encode()


@dataclass(frozen=True)
class Leaf:
    index: int
    hash: bytes
    kind: str
    ref: str


@dataclass(frozen=True)
class TreeHead:
    size: int
    root: bytes
    at: datetime
    key_id: str
    signature: bytes
    tsa_token: bytes | None = None

    @property
    def message(self) -> bytes:
        return head_message(self.size, self.root, self.at)


class Ledger:
    def __init__(self, store: Store, signer: Signer | None = None) -> None:
        self._store = store
        self._signer = signer
        self._tree = MerkleTree()

    # --- appending ---------------------------------------------------------

    def append(self, session: Unit, kind: str, ref: str, payload: Mapping[str, Any]) -> Leaf:
        """Add one leaf inside the caller's transaction."""
        return self.append_many(session, [(kind, ref, payload)])[0]

    def append_many(
        self, session: Unit, items: Iterable[tuple[str, str, Mapping[str, Any]]]
    ) -> list[Leaf]:
        entries = []
        for kind, ref, payload in items:
            if kind not in LEAF_KINDS:
                raise ValueError(f"unknown ledger leaf kind {kind!r}")
            data = canonical({"kind": kind, "ref": ref, **payload})
            entries.append(ledger_rows.Entry(leaf_hash(data), kind, ref, data.decode()))
        if not entries:
            return []
        start = ledger_rows.append_entries(session, entries)
        return [Leaf(start + i, e.leaf_hash, e.kind, e.ref) for i, e in enumerate(entries)]

    # --- reading -----------------------------------------------------------

    def tree(self) -> MerkleTree:
        """The tree of every committed leaf (new leaves are loaded incrementally)."""
        with self._store.transaction() as session:
            for idx, digest in ledger_rows.leaf_hashes_from(session, len(self._tree)):
                if idx != len(self._tree):
                    raise RuntimeError(f"the ledger has a gap before leaf {idx}")
                self._tree.append(digest)
        return self._tree

    def size(self) -> int:
        return len(self.tree())

    def leaves_for(self, ref: str) -> list[Leaf]:
        with self._store.transaction() as session:
            return [
                Leaf(i, e.leaf_hash, e.kind, e.ref)
                for i, e in ledger_rows.entries_for(session, ref)
            ]

    def payload(self, index: int) -> bytes:
        with self._store.transaction() as session:
            payload = ledger_rows.payload_at(session, index)
        if payload is None:
            raise IndexError(index)
        return payload.encode()

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        return self.tree().inclusion_proof(index, size)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        return self.tree().consistency_proof(size1, size2)

    # --- checkpoints -------------------------------------------------------

    def checkpoint(self, stamp: Callable[[bytes], bytes | None] | None = None) -> TreeHead:
        """Sign the current tree head and store it (once per size).

        ``stamp`` gets the exact signed message and may return an RFC 3161 token
        over it, so that a rewritten log is caught by the TSA's time as well.
        """
        if self._signer is None:
            raise RuntimeError("a checkpoint needs the workspace's signing key")
        tree = self.tree()
        size = len(tree)
        with self._store.transaction() as session:
            existing = ledger_rows.head_at(session, size)
            if existing is not None and (existing.tsa_token is not None or stamp is None):
                return _head(existing)
        at = utcnow().replace(microsecond=0)
        root = tree.root(size)
        message = head_message(size, root, at)
        signature = self._signer.sign(message)
        token = stamp(message) if stamp is not None else None
        with self._store.transaction() as session:
            ledger_rows.put_head(session, size, root, at, self._signer.key_id, signature, token)
        return TreeHead(size, root, at, self._signer.key_id, signature, token)

    def heads(self) -> list[TreeHead]:
        with self._store.transaction() as session:
            return [_head(r) for r in ledger_rows.heads(session)]

    def latest_head(self) -> TreeHead | None:
        heads = self.heads()
        return heads[-1] if heads else None

    # --- verification --------------------------------------------------------

    def verify(self, public: Ed25519PublicKey) -> list[Check]:
        """Check every leaf against its document, and every signed head."""
        checks: list[Check] = []
        rebuilt = MerkleTree()
        bad_leaves = []
        with self._store.transaction() as session:
            for idx, digest, payload in ledger_rows.stored_leaves(session):
                if idx != len(rebuilt):
                    checks.append(Check("ledger positions", False, f"gap before leaf {idx}"))
                    return checks
                recomputed = leaf_hash(payload.encode())
                if recomputed != digest:
                    bad_leaves.append(idx)
                rebuilt.append(recomputed)
        checks.append(
            Check(
                "ledger leaves match their documents",
                not bad_leaves,
                f"{len(rebuilt)} leaves"
                if not bad_leaves
                else f"leaf {bad_leaves[0]} was altered"
                + (f" (+{len(bad_leaves) - 1} more)" if len(bad_leaves) > 1 else ""),
            )
        )
        expected_kid = key_id(public)
        size = len(rebuilt)
        for head in self.heads():
            name = f"tree head {head.size}"
            if head.key_id != expected_kid or not signature_ok(
                public, head.signature, head.message
            ):
                checks.append(Check(name, False, "signature does not verify with the public key"))
                continue
            if head.size > size:
                checks.append(
                    Check(
                        name,
                        False,
                        f"signed for {head.size} leaves, only {size} exist: leaves were removed",
                    )
                )
                continue
            if rebuilt.root(head.size) != head.root:
                checks.append(Check(name, False, "the leaves no longer give the signed root"))
                continue
            if 0 < head.size < size:
                try:
                    verify_consistency(
                        head.size,
                        size,
                        rebuilt.consistency_proof(head.size),
                        head.root,
                        rebuilt.root(),
                    )
                except ValueError as exc:
                    checks.append(Check(name, False, str(exc)))
                    continue
            checks.append(Check(name, True, "signed, and consistent with the current tree"))
        return checks


def _head(row: LedgerHeadRow) -> TreeHead:
    return TreeHead(
        row.size,
        bytes(row.root),
        row.at,
        row.key_id,
        bytes(row.signature),
        bytes(row.tsa_token) if row.tsa_token is not None else None,
    )
