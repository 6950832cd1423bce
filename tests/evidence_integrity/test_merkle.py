"""RFC 6962 Merkle proofs: the public test vectors, and our own trees."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsguard.evidence.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    ProofError,
    leaf_hash,
    node_hash,
    verify_consistency,
    verify_inclusion,
)

VECTORS = Path(__file__).resolve().parents[1] / "data" / "rfc6962"
LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]


def _vectors(kind: str) -> list[Path]:
    files = sorted((VECTORS / kind).rglob("*.json"))
    assert files, f"no {kind} vectors under {VECTORS}"
    return files


def _b64(value: str) -> bytes:
    return base64.b64decode(value)


def test_roots_of_the_reference_tree() -> None:
    tree = MerkleTree(leaf_hash(x) for x in LEAVES)
    assert [tree.root(n) for n in range(9)] == ROOTS
    assert tree.root(0) == EMPTY_ROOT


def test_every_inclusion_vector() -> None:
    files = _vectors("inclusion")
    checked = 0
    for path in files:
        v = json.loads(path.read_text())
        call = lambda v=v: verify_inclusion(  # noqa: E731
            v["leafIdx"],
            v["treeSize"],
            _b64(v["leafHash"]),
            [_b64(p) for p in v["proof"] or []],
            _b64(v["root"]),
        )
        if v["wantErr"]:
            with pytest.raises(ProofError):
                call()
        else:
            call()
        checked += 1
    assert checked == len(files) >= 80


def test_every_consistency_vector() -> None:
    files = _vectors("consistency")
    for path in files:
        v = json.loads(path.read_text())
        call = lambda v=v: verify_consistency(  # noqa: E731
            v["size1"],
            v["size2"],
            [_b64(p) for p in v["proof"] or []],
            _b64(v["root1"]),
            _b64(v["root2"]),
        )
        if v["wantErr"]:
            with pytest.raises(ProofError):
                call()
        else:
            call()
    assert len(files) >= 90


def test_our_proofs_match_the_vectors_happy_paths() -> None:
    tree = MerkleTree(leaf_hash(x) for x in LEAVES)
    for path in _vectors("inclusion"):
        v = json.loads(path.read_text())
        if v["desc"] == "happy path":
            assert tree.inclusion_proof(v["leafIdx"], v["treeSize"]) == [
                _b64(p) for p in v["proof"] or []
            ]
    for path in _vectors("consistency"):
        v = json.loads(path.read_text())
        if v["desc"] == "happy path":
            assert tree.consistency_proof(v["size1"], v["size2"]) == [
                _b64(p) for p in v["proof"] or []
            ]


def _reference_root(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.data())
def test_proofs_verify_for_any_size(n: int, data: st.DataObject) -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    tree = MerkleTree(leaves)
    size = data.draw(st.integers(min_value=1, max_value=n))
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    root = tree.root(size)
    assert root == _reference_root(leaves[:size])
    verify_inclusion(index, size, leaves[index], tree.inclusion_proof(index, size), root)
    with pytest.raises(ProofError):
        verify_inclusion(index, size, leaf_hash(b"other"), tree.inclusion_proof(index, size), root)
    size1 = data.draw(st.integers(min_value=1, max_value=size))
    proof = tree.consistency_proof(size1, size)
    verify_consistency(size1, size, proof, tree.root(size1), root)
    if size1 < size:
        with pytest.raises(ProofError):
            verify_consistency(size1, size, proof, tree.root(size1), leaf_hash(b"forged"))
