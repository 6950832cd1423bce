"""SIGKILL at random moments while captures are being made and sealed.

A child process captures sandbox pages in a loop (HTTP mode, sealed: a TSA
token and a ledger leaf each); the parent kills it with SIGKILL, KILLS times
(5 in ``make test``; ``make proof`` runs 50). After every kill: the ledger
verifies; every capture marked complete has its WACZ, its token and its leaf;
what the kill left pending is marked failed as interrupted; and the next
child goes on capturing.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.signing import Signer
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.tsa import TsaService
from rightsguard.store import open_store
from rightsguard.store.blobs import BlobStore, hash_file
from rightsguard.store.models import CaptureRow
from rightsguard.workspace import init_workspace

KILLS = int(os.environ.get("RIGHTSGUARD_PROOF_CAPTURE_KILLS", "5"))
CHILD = """
import json, sys
from pathlib import Path
from rightsguard.store.blobs import BlobStore
from rightsguard.evidence.capture import CaptureOptions, capture_urls
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.evidence.seal import make_sealer
from rightsguard.sandbox import SandboxMap
from rightsguard.store import open_store
from rightsguard.store.captures import find_or_add_target
from rightsguard.workspace import open_workspace

ws = open_workspace(Path(sys.argv[1]))
sandbox = SandboxMap.from_json(json.loads(Path(sys.argv[2]).read_text()))
urls = json.loads(sys.argv[3])
store = open_store(ws)
blobs = BlobStore(ws.evidence_dir)
sealer = make_sealer(ws, store, blobs)
options = CaptureOptions(mode="http", allow_private=True, concurrency=4,
                         resolver=sandbox.static_resolver())
items = [(u, find_or_add_target(store, u)) for u in urls]
print("ready", flush=True)
while True:
    capture_urls(blobs, items, options, store=store, sealer=sealer)
"""


def _check(ws_root: Path) -> tuple[int, int]:
    from rightsguard.workspace import open_workspace

    ws = open_workspace(ws_root)
    store = open_store(ws)
    blobs = BlobStore(ws.evidence_dir)
    try:
        checks = Ledger(store).verify(Signer.from_file(ws.key_file).public)
        assert all(c.ok for c in checks), [c for c in checks if not c.ok]
        ledger = Ledger(store)
        complete = 0
        with store.transaction() as session:
            rows = list(session.scalars(select(CaptureRow)))
        for row in rows:
            if row.status != CaptureStatus.COMPLETE.value:
                continue
            complete += 1
            roles = {a["role"]: a for a in row.artefacts}
            assert {"wacz", "timestamp"} <= set(roles), row.artefacts
            for artefact in roles.values():
                assert hash_file(blobs.path_for(artefact["sha256"])).sha256 == artefact["sha256"]
            payload = json.loads(ledger.payload(row.environment["ledger_idx"]))
            assert payload["ref"] == f"capture:{row.id}"
            assert payload["wacz_sha256"] == roles["wacz"]["sha256"]
        interrupted = store.captures.fail_interrupted(0)
        return complete, interrupted
    finally:
        store.close()


def test_killed_captures_leave_nothing_half_done(tmp_path: Path) -> None:
    with Sandbox(state_dir=tmp_path / "sb") as sandbox:
        tsa = sandbox.service("tsa")
        assert isinstance(tsa, TsaService)
        ws = init_workspace(
            tmp_path / "ws",
            {
                "allow_private_targets": True,
                "tsa_url": tsa.url,
                "tsa_ca_file": str(tsa.ca_cert_path),
            },
        )
        map_file = tmp_path / "map.json"
        map_file.write_text(json.dumps(sandbox.map().to_json()))
        urls = [sandbox.url(h, "/") for h in world.INFRINGER_HOSTS]
        rng = random.Random(3)
        completes = []
        for _ in range(KILLS):
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(ws.root), str(map_file), json.dumps(urls)],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.05, 0.8))
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            child.stdout.close()
            complete, _ = _check(ws.root)
            completes.append(complete)
    assert completes == sorted(completes) and completes[-1] > 0  # every restart went on
