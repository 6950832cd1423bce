"""RFC 6962 Merkle tree hashing, proofs and their verification.

leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right); the tree
of n leaves splits at the largest power of two smaller than n (RFC 6962 §2.1).

``MerkleTree`` keeps every complete ("perfect") subtree hash, level by level,
so a root or a proof for any size costs O(log² n) hash look-ups and at most
O(log n) hashing. Verification needs no tree: ``verify_inclusion`` and
``verify_consistency`` take only what a third party is given, and raise
``ProofError`` naming what failed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof does not verify; the message says why."""


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """An append-only tree over leaf hashes, with cached perfect subtrees."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        self.extend(leaf_hashes)

    def __len__(self) -> int:
        return len(self._levels[0])

    def append(self, leaf: bytes) -> int:
        """Add a leaf hash; return its index."""
        if len(leaf) != HASH_SIZE:
            raise ValueError("a leaf hash is 32 bytes")
        index = len(self._levels[0])
        self._levels[0].append(leaf)
        level, i = 0, index
        while i % 2 == 1:  # a right child completes its parent
            parent = node_hash(self._levels[level][i - 1], self._levels[level][i])
            level += 1
            if level == len(self._levels):
                self._levels.append([])
            self._levels[level].append(parent)
            i //= 2
        return index

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.append(leaf)

    def leaf(self, index: int) -> bytes:
        return self._levels[0][index]

    def _range_hash(self, start: int, end: int) -> bytes:
        """MTH of leaves [start, end); ``start`` is aligned so the RFC's split
        points fall on perfect subtrees."""
        n = end - start
        if n == 1:
            return self._levels[0][start]
        if n & (n - 1) == 0:  # perfect subtree: cached
            level = n.bit_length() - 1
            return self._levels[level][start >> level]
        k = _split(n)
        return node_hash(self._range_hash(start, start + k), self._range_hash(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        size = len(self) if size is None else size
        if not 0 <= size <= len(self):
            raise ValueError(f"tree size {size} is outside 0..{len(self)}")
        return EMPTY_ROOT if size == 0 else self._range_hash(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The audit path of leaf ``index`` in the tree of ``size`` leaves (RFC 6962 §2.1.1)."""
        size = len(self) if size is None else size
        if not 0 <= index < size <= len(self):
            raise ValueError(f"no leaf {index} in a tree of {size}")
        path: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            k = _split(end - start)
            if index - start < k:
                path.append(self._range_hash(start + k, end))
                end = start + k
            else:
                path.append(self._range_hash(start, start + k))
                start += k
        path.reverse()
        return path

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """Proof that the tree of ``size1`` is a prefix of the tree of ``size2`` (§2.1.2)."""
        size2 = len(self) if size2 is None else size2
        if not 0 < size1 <= size2 <= len(self):
            raise ValueError(f"no consistency proof from {size1} to {size2}")
        # SUBPROOF(m, D[start:end], b) of RFC 6962 §2.1.2, unrolled: each step
        # appends one hash after the proof of the smaller part.
        after: list[bytes] = []
        start, end, m, whole = 0, size2, size1, True
        while m != end - start:
            k = _split(end - start)
            if m <= k:
                after.append(self._range_hash(start + k, end))
                end = start + k
            else:
                after.append(self._range_hash(start, start + k))
                start += k
                m -= k
                whole = False
        head = [] if whole else [self._range_hash(start, end)]
        return head + after[::-1]


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, not {HASH_SIZE}")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root implied by an audit path (RFC 9162 §2.1.3.2)."""
    if size <= 0 or not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not inside a tree of {size}")
    _check_hash(leaf, "the leaf hash")
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        _check_hash(p, "a proof hash")
        if sn == 0:
            raise ProofError("the proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ``ProofError`` unless ``leaf`` is at ``index`` of the tree with ``root``."""
    _check_hash(root, "the root")
    if root_from_inclusion_proof(index, size, leaf, proof) != root:
        raise ProofError("the inclusion proof leads to a different root")


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Raise ``ProofError`` unless the tree (size1, root1) is a prefix of (size2, root2)."""
    if size1 > size2:
        raise ProofError(f"size1 {size1} is greater than size2 {size2}")
    if size1 == size2:
        if proof:
            raise ProofError("equal sizes need an empty proof")
        if size1 == 0:
            raise ProofError("a consistency check of empty trees proves nothing")
        if root1 != root2:
            raise ProofError("equal sizes but different roots")
        return
    if size1 == 0:
        raise ProofError("a consistency check from the empty tree proves nothing")
    _check_hash(root1, "the first root")
    _check_hash(root2, "the second root")
    if not proof:
        raise ProofError("the proof is empty")
    for p in proof:
        _check_hash(p, "a proof hash")
    # RFC 9162 §2.1.4.2
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the proof is longer than needed")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the proof is shorter than needed")
    if fr != root1:
        raise ProofError("the proof does not lead to the first root")
    if sr != root2:
        raise ProofError("the proof does not lead to the second root")
