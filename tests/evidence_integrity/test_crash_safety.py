"""SIGKILL at random moments while the ledger grows: nothing half-written.

A child process appends leaves (with their events) and signs checkpoints in a
loop; the parent kills it with SIGKILL at a random moment, KILLS times (10 in
``make test``; ``make proof`` runs 60). After
every kill the ledger has no gap, every leaf matches its document, every
signed head verifies and is consistent with the tree, and the next child
resumes where the last committed transaction ended.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.signing import Signer
from rightsguard.store import Store
from rightsguard.store.migrate import upgrade
from rightsguard.store.models import EventRow

KILLS = int(os.environ.get("RIGHTSGUARD_PROOF_KILLS", "10"))
CHILD = """
import sys
from pathlib import Path
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.signing import Signer
from rightsguard.store import Store
store = Store(sys.argv[1], "crash-child")
ledger = Ledger(store, Signer.from_file(Path(sys.argv[2])))
print("ready", flush=True)
n = 0
while True:
    with store.transaction() as session:
        leaves = ledger.append_many(session, [("custody", f"item:{n}:{k}", {"n": n, "k": k})
                                              for k in range(3)])
        store.record(session, "custody.logged", "ledger", leaves[-1].index,
                     after={"first": leaves[0].index, "count": 3})
    n += 1
    if n % 7 == 0:
        ledger.checkpoint()
"""


def test_repeated_kills_leave_a_sound_ledger(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    upgrade(url)
    key = Ed25519PrivateKey.generate()
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = Signer(key)
    rng = random.Random(50)
    store = Store(url, "parent")
    sizes = []
    try:
        for _ in range(KILLS):
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, url, str(key_file)], stdout=subprocess.PIPE, text=True
            )
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.25))
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            child.stdout.close()
            ledger = Ledger(store)
            size = ledger.size()
            checks = ledger.verify(signer.public)
            assert all(c.ok for c in checks), [c for c in checks if not c.ok]
            with store.transaction() as session:
                events = session.scalar(select(func.count()).select_from(EventRow))
            assert size % 3 == 0 and events == size // 3  # leaves and events land together
            sizes.append(size)
    finally:
        store.close()
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0]  # every restart resumed
