"""The ledger in the store: appends, proofs, signed heads, tamper detection."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, update

from rightsguard.evidence.ledger import Ledger, canonical
from rightsguard.evidence.merkle import leaf_hash, verify_consistency, verify_inclusion
from rightsguard.evidence.signing import Signer
from rightsguard.store import Store
from rightsguard.store.models import LedgerEntryRow


@pytest.fixture
def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


def _fill(store: Store, ledger: Ledger, n: int) -> None:
    with store.transaction() as session:
        ledger.append_many(
            session, [("capture", f"capture:{i}", {"wacz_sha256": f"{i:064x}"}) for i in range(n)]
        )


def test_append_prove_checkpoint_verify(store: Store, signer: Signer) -> None:
    ledger = Ledger(store, signer)
    _fill(store, ledger, 5)
    head5 = ledger.checkpoint()
    with store.transaction() as session:
        leaf = ledger.append(session, "custody", "capture:3", {"verb": "viewed", "by": "amy"})
    assert leaf.index == 5
    _fill(store, ledger, 3)
    assert ledger.size() == 9
    root = ledger.tree().root()
    payload = ledger.payload(5)
    assert leaf_hash(payload) == leaf.hash
    assert payload == canonical(
        {"kind": "custody", "ref": "capture:3", "verb": "viewed", "by": "amy"}
    )
    verify_inclusion(5, 9, leaf.hash, ledger.inclusion_proof(5), root)
    verify_consistency(5, 9, ledger.consistency_proof(5), head5.root, root)
    ledger.checkpoint()
    checks = ledger.verify(signer.public)
    assert all(c.ok for c in checks), checks
    assert [c.name for c in checks] == [
        "ledger leaves match their documents",
        "tree head 5",
        "tree head 9",
    ]
    # A second process sees the same tree.
    assert Ledger(store).tree().root() == root


def test_a_changed_leaf_is_named(store: Store, signer: Signer) -> None:
    ledger = Ledger(store, signer)
    _fill(store, ledger, 6)
    ledger.checkpoint()
    with store.transaction() as session:
        session.execute(
            update(LedgerEntryRow)
            .where(LedgerEntryRow.idx == 2)
            .values(payload='{"kind":"capture","ref":"capture:2","wacz_sha256":"00"}')
        )
    checks = {c.name: c for c in Ledger(store).verify(signer.public)}
    assert not checks["ledger leaves match their documents"].ok
    assert "leaf 2" in checks["ledger leaves match their documents"].detail


def test_removed_leaves_and_forged_heads_are_caught(store: Store, signer: Signer) -> None:
    ledger = Ledger(store, signer)
    _fill(store, ledger, 4)
    ledger.checkpoint()
    with store.transaction() as session:
        session.execute(delete(LedgerEntryRow).where(LedgerEntryRow.idx == 3))
    checks = Ledger(store).verify(signer.public)
    assert any(not c.ok and "removed" in c.detail for c in checks)
    other = Signer(Ed25519PrivateKey.generate())
    assert any(not c.ok and "signature" in c.detail for c in Ledger(store).verify(other.public))


def test_a_rolled_back_append_leaves_no_trace(store: Store, signer: Signer) -> None:
    ledger = Ledger(store, signer)
    _fill(store, ledger, 2)
    with pytest.raises(RuntimeError), store.transaction() as session:
        ledger.append(session, "document", "doc:1", {"sha256": "ab"})
        raise RuntimeError("crash before commit")
    assert Ledger(store).size() == 2
