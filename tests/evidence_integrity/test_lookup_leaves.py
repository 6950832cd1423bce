"""Raw lookup replies behind observables get one ledger leaf each, once."""

from __future__ import annotations

from rightsguard.domain.target_rows import parse_target_row
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.lookups import ledger_lookup_replies
from rightsguard.store import Store
from rightsguard.store.models import ObservableRow


def test_each_reply_once(store: Store) -> None:
    target = store.targets.add(parse_target_row({"url": "aurorix-outlet.cn"}))
    with store.transaction() as session:
        for kind, value, sha in (
            ("email", "a@b.cn", "1" * 64),
            ("phone", "+86", "1" * 64),
            ("registrar", "X", "2" * 64),
        ):
            session.add(
                ObservableRow(
                    kind=kind,
                    value=value,
                    target_id=target.id,
                    source="page",
                    detail={"evidence_sha256": sha},
                )
            )
    ledger = Ledger(store)
    assert ledger_lookup_replies(store, ledger, [target.id]) == 2
    assert ledger_lookup_replies(store, ledger, [target.id]) == 0
    refs = {leaf.ref for leaf in ledger.leaves_for("lookup:" + "1" * 64)}
    assert refs == {"lookup:" + "1" * 64} and ledger.size() == 2
