"""Benchmark: the ledger and evidence hashing.

Prints, from one run:
- ledger appends per second into SQLite, batched (one transaction of many
  leaves) and single (one transaction per leaf); target >= 50,000 batched/s;
- proof generation and verification time at 1,000,000 leaves; target < 1 ms;
- evidence hashing throughput (BlobStore's hash_file) against
  `openssl dgst -sha256` on the same 1 GB file; target >= 0.9 x openssl;
- a round trip to the sandbox's RFC 3161 TSA.

    python bench/ledger.py [--leaves 1000000] [--hash-mib 1024]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.merkle import MerkleTree, leaf_hash, verify_inclusion
from rightsguard.evidence.signing import Signer
from rightsguard.store import Store
from rightsguard.store.blobs import hash_file
from rightsguard.store.migrate import upgrade


def appends(tmp: Path, batched: int, single: int) -> None:
    url = f"sqlite:///{tmp / 'ledger.db'}"
    upgrade(url)
    store = Store(url, "bench")
    signer = Signer(Ed25519PrivateKey.generate())
    ledger = Ledger(store, signer)
    items = [("capture", f"capture:{i}", {"wacz_sha256": f"{i:064x}"}) for i in range(batched)]
    start = time.perf_counter()
    for chunk in range(0, batched, 10_000):
        with store.transaction() as session:
            ledger.append_many(session, items[chunk : chunk + 10_000])
    rate = batched / (time.perf_counter() - start)
    print(
        f"appends   batched (10,000 per transaction): {rate:,.0f} leaves/s "
        f"(target 50,000: {'MET' if rate >= 50_000 else 'MISSED'})"
    )
    start = time.perf_counter()
    for i in range(single):
        with store.transaction() as session:
            ledger.append(session, "custody", f"capture:{i}", {"verb": "viewed"})
    rate = single / (time.perf_counter() - start)
    print(f"appends   single (one transaction, fsync, each): {rate:,.0f} leaves/s")
    start = time.perf_counter()
    tree = ledger.tree()
    print(
        f"load      {len(tree):,} leaves from the store into the tree: "
        f"{time.perf_counter() - start:.2f} s"
    )
    ledger.checkpoint()
    start = time.perf_counter()
    checks = ledger.verify(signer.public)
    print(
        f"verify    whole ledger ({len(tree):,} leaves) recomputed and checked: "
        f"{time.perf_counter() - start:.2f} s, all ok: {all(c.ok for c in checks)}"
    )
    store.close()


def proofs(n: int, samples: int = 5_000) -> None:
    start = time.perf_counter()
    tree = MerkleTree(leaf_hash(i.to_bytes(8, "big")) for i in range(n))
    print(f"tree      {n:,} leaves built in {time.perf_counter() - start:.2f} s")
    root = tree.root()
    rng = random.Random(1)
    picks = [rng.randrange(n) for _ in range(samples)]
    start = time.perf_counter()
    made = [tree.inclusion_proof(i) for i in picks]
    gen = (time.perf_counter() - start) / samples
    start = time.perf_counter()
    for i, proof in zip(picks, made, strict=True):
        verify_inclusion(i, n, tree.leaf(i), proof, root)
    ver = (time.perf_counter() - start) / samples
    sizes = [rng.randrange(1, n) for _ in range(samples // 10)]
    start = time.perf_counter()
    for m in sizes:
        tree.consistency_proof(m)
    cons = (time.perf_counter() - start) / len(sizes)
    worst = max(gen, ver, cons)
    print(
        f"proofs    at {n:,} leaves: inclusion {gen * 1e6:.0f} µs, verify {ver * 1e6:.0f} µs, "
        f"consistency {cons * 1e6:.0f} µs (target < 1 ms: {'MET' if worst < 1e-3 else 'MISSED'})"
    )


def hashing(tmp: Path, mib: int) -> None:
    path = tmp / "big.bin"
    block = os.urandom(1 << 20)
    with path.open("wb") as fh:
        for _ in range(mib):
            fh.write(block)
    subprocess.run(["openssl", "dgst", "-sha256", str(path)], check=True, capture_output=True)
    start = time.perf_counter()
    out = subprocess.run(
        ["openssl", "dgst", "-sha256", str(path)], check=True, capture_output=True, text=True
    ).stdout
    openssl_s = time.perf_counter() - start
    start = time.perf_counter()
    ours = hash_file(path)
    ours_s = time.perf_counter() - start
    assert ours.sha256 in out, "the digests differ"
    ratio = openssl_s / ours_s
    print(
        f"hashing   {mib} MiB: openssl {mib / openssl_s:,.0f} MiB/s, RightsGuard "
        f"{mib / ours_s:,.0f} MiB/s, ratio {ratio:.2f} (target 0.9: "
        f"{'MET' if ratio >= 0.9 else 'MISSED'})"
    )
    path.unlink()


def tsa_round_trip(tmp: Path, count: int = 20) -> None:
    from rightsguard.evidence.timestamp import TsaClient
    from rightsguard.sandbox import Sandbox
    from rightsguard.sandbox import tsa as tsa_module

    with Sandbox(state_dir=tmp / "sandbox", services=[tsa_module.make_service]) as sandbox:
        service = sandbox.service("tsa")
        client = TsaClient(service.url, service.ca_cert_path)  # type: ignore[attr-defined]
        client.stamp(b"warm-up")
        times = []
        for i in range(count):
            start = time.perf_counter()
            client.stamp(f"checkpoint {i}".encode())
            times.append(time.perf_counter() - start)
        client.close()
    times.sort()
    print(
        f"tsa       round trip to the local TSA (request, openssl ts -reply, verify): "
        f"median {times[len(times) // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=200_000)
    parser.add_argument("--single", type=int, default=500)
    parser.add_argument("--hash-mib", type=int, default=1024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        appends(tmp, args.appends, args.single)
        proofs(args.leaves)
        hashing(tmp, args.hash_mib)
        tsa_round_trip(tmp)


if __name__ == "__main__":
    main()
