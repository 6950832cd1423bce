"""Random byte flips inside the workspace (stored files, tokens, ledger rows,
signed heads) are each caught by verification and named."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from rightsguard.evidence.checks import Check
from rightsguard.evidence.items import add_files, get_item, list_items
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.signing import Signer
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.evidence.verify import verify_item
from rightsguard.sandbox import Sandbox
from rightsguard.sandbox import tsa as tsa_module
from rightsguard.sandbox.tsa import TsaService
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.models import EvidenceItemRow, LedgerEntryRow, LedgerHeadRow
from rightsguard.workspace import Workspace, init_workspace

FLIPS = 120


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, TsaClient]]:
    tmp = tmp_path_factory.mktemp("tamper")
    with Sandbox(state_dir=tmp / "sb", services=[tsa_module.make_service]) as sandbox:
        tsa = sandbox.service("tsa")
        assert isinstance(tsa, TsaService)
        ws = init_workspace(tmp / "ws")
        client = TsaClient(tsa.url, tsa.ca_cert_path)
        yield ws, client
        client.close()


def _verify_all(ws: Workspace, store: Store, tsa: TsaClient, signer: Signer) -> list[Check]:
    blobs = BlobStore(ws.evidence_dir)
    ledger = Ledger(store)
    checks: list[Check] = []
    for item in list_items(store):
        item, token = get_item(store, item.id)
        checks += verify_item(blobs, ledger, tsa, item, token)
    return checks + ledger.verify(signer.public)


def test_flips_in_files_tokens_and_ledger_are_caught(
    world: tuple[Workspace, TsaClient], tmp_path: Path
) -> None:
    ws, tsa = world
    store = Store(ws.database_url, "tester")
    signer = Signer.from_file(ws.key_file)
    ledger = Ledger(store, signer)
    blobs = BlobStore(ws.evidence_dir)
    case = store.cases.new("tamper")
    files = []
    for i in range(4):
        f = tmp_path / f"e{i}.bin"
        f.write_bytes(os.urandom(300 + i * 50))
        files.append(f)
    add_files(store, blobs, ledger, tsa, files, case_id=case.id, kind="photo")
    ledger.checkpoint(stamp=lambda m: tsa.stamp(m).reply)
    assert all(c.ok is not False for c in _verify_all(ws, store, tsa, signer))
    rng = random.Random(7)
    items = list_items(store)
    try:
        for n in range(FLIPS):
            place = rng.choice(["file", "token", "leaf", "head-root", "head-sig"])
            if place == "file":
                item = rng.choice(items)
                path = blobs.path_for(item.sha256)
                original = path.read_bytes()
                data = bytearray(original)
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
                os.chmod(path, 0o644)
                path.write_bytes(bytes(data))
                restore = lambda p=path, o=original: p.write_bytes(o)  # noqa: E731
                needle = f"evidence {item.id}"
            else:
                with store.transaction() as session:
                    if place == "token":
                        row = session.get(EvidenceItemRow, rng.choice(items).id)
                        column, key = "tsa_token", row
                        needle = f"evidence {row.id}"
                    elif place == "leaf":
                        row = session.scalars(
                            select(LedgerEntryRow).order_by(LedgerEntryRow.idx)
                        ).all()[rng.randrange(4)]
                        column, key = "payload", row
                        needle = "ledger"
                    else:
                        row = session.scalars(select(LedgerHeadRow)).first()
                        column = "root" if place == "head-root" else "signature"
                        key = row
                        needle = "tree head"
                    original_value = getattr(key, column)
                    raw = bytearray(
                        original_value.encode()
                        if isinstance(original_value, str)
                        else original_value
                    )
                    raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(7)
                    table = type(key)
                    pk = table.__mapper__.primary_key[0]
                    value = raw.decode("latin-1") if isinstance(original_value, str) else bytes(raw)
                    session.execute(
                        update(table).where(pk == getattr(key, pk.key)).values({column: value})
                    )

                def restore(
                    table=table,
                    pk=pk,
                    ident=getattr(key, pk.key),
                    column=column,
                    original=original_value,
                ) -> None:  # type: ignore[no-untyped-def]
                    with store.transaction() as s:
                        s.execute(update(table).where(pk == ident).values({column: original}))

            failed = [c for c in _verify_all(ws, store, tsa, signer) if c.ok is False]
            assert failed, f"flip {n} in {place} went unnoticed"
            assert any(needle in c.name for c in failed), (place, failed)
            restore()
            if place == "file":
                os.chmod(blobs.path_for(item.sha256), 0o444)
        assert all(c.ok is not False for c in _verify_all(ws, store, tsa, signer))
    finally:
        store.close()
