"""Captures sealed: a TSA token over the WACZ and a ledger leaf, in the same
transaction that marks the capture finished; a missing TSA leaves it waiting."""

from __future__ import annotations

from pathlib import Path

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.capture import CaptureOptions, capture_urls
from rightsguard.evidence.ledger import Ledger, canonical
from rightsguard.evidence.merkle import leaf_hash
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.evidence.seal import CaptureSealer, stamp_waiting_captures
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.tsa import TsaService
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.captures import find_or_add_target


def _options(resolver: StaticResolver) -> CaptureOptions:
    return CaptureOptions(mode="http", resolver=resolver, allow_private=True)


def test_sealed_capture_and_a_waiting_one(
    capture_sandbox: Sandbox,
    sandbox_resolver: StaticResolver,
    blobs: BlobStore,
    store: Store,
    tmp_path: Path,
) -> None:
    tsa = capture_sandbox.service("tsa")
    assert isinstance(tsa, TsaService)
    client = TsaClient(tsa.url, tsa.ca_cert_path)
    sealer = CaptureSealer(blobs, Ledger(store), client)
    url = capture_sandbox.url(world.OUTLET_HOST, "/")
    target = find_or_add_target(store, url)
    try:
        tsa.set_mode("ok")
        [done] = capture_urls(
            blobs, [(url, target)], _options(sandbox_resolver), store=store, sealer=sealer
        )
        assert done.status is CaptureStatus.COMPLETE, done.reason
        row = store.captures.get(done.capture_id)  # type: ignore[arg-type]
        roles = {a.role for a in row.artefacts}
        assert {"wacz", "timestamp"} <= roles
        token = next(a for a in row.artefacts if a.role == "timestamp")
        wacz = next(a for a in row.artefacts if a.role == "wacz")
        assert client.verify(blobs.read(token.sha256), wacz.sha256) is not None
        idx = row.environment["ledger_idx"]
        payload = Ledger(store).payload(idx)
        assert leaf_hash(payload) == Ledger(store).tree().leaf(idx)
        assert wacz.sha256 in payload.decode() and canonical({"a": 1}) == b'{"a":1}'

        tsa.set_mode("down")
        [waiting] = capture_urls(
            blobs, [(url, target)], _options(sandbox_resolver), store=store, sealer=sealer
        )
        assert waiting.status is CaptureStatus.AWAITING_TIMESTAMP
        assert "503" in (waiting.reason or "")
        row = store.captures.get(waiting.capture_id)  # type: ignore[arg-type]
        assert row.status is CaptureStatus.AWAITING_TIMESTAMP and "ledger_idx" in row.environment
        tsa.set_mode("ok")
        assert stamp_waiting_captures(store, blobs, client) == (1, 0)
        row = store.captures.get(waiting.capture_id)  # type: ignore[arg-type]
        assert row.status is CaptureStatus.COMPLETE
        assert any(a.role == "timestamp" for a in row.artefacts)
    finally:
        tsa.set_mode("ok")
        client.close()
