"""Everything the store knows about one case, as plain data (for planning)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rightsguard.store.models import (
    ActionRow,
    CaptureRow,
    CaseTargetRow,
    ObservableRow,
    PartyRow,
    TargetRow,
)

if TYPE_CHECKING:
    from rightsguard.store.base import Store


def case_snapshot(store: Store, case_id: int) -> dict[str, Any]:
    """Rights, targets, captures, observables, parties and actions of a case."""
    case = store.cases.get(case_id)
    rights = [store.rights.get(r) for r in case.right_ids]
    with store.transaction() as session:
        target_ids = list(
            session.scalars(select(CaseTargetRow.target_id).where(CaseTargetRow.case_id == case_id))
        )
        targets: list[TargetRow] = []
        captures: list[CaptureRow] = []
        observables: list[ObservableRow] = []
        for start in range(0, len(target_ids), 500):
            chunk = target_ids[start : start + 500]
            targets += session.scalars(select(TargetRow).where(TargetRow.id.in_(chunk)))
            captures += session.scalars(select(CaptureRow).where(CaptureRow.target_id.in_(chunk)))
            observables += session.scalars(
                select(ObservableRow).where(ObservableRow.target_id.in_(chunk))
            )
        party_ids = {t.party_id for t in targets if t.party_id is not None}
        parties = (
            list(session.scalars(select(PartyRow).where(PartyRow.id.in_(party_ids))))
            if party_ids
            else []
        )
        actions = list(session.scalars(select(ActionRow).where(ActionRow.case_id == case_id)))
        return {
            "case": case,
            "rights": rights,
            "targets": [
                {
                    "id": t.id,
                    "url": t.url,
                    "host": t.host,
                    "kind": t.kind,
                    "status": t.status,
                    "control": t.control,
                    "platform": t.platform,
                    "party_id": t.party_id,
                    "created_at": t.created_at,
                }
                for t in sorted(targets, key=lambda t: t.id)
            ],
            "captures": [
                {
                    "target_id": c.target_id,
                    "status": c.status,
                    "finished_at": c.finished_at,
                    "started_at": c.started_at,
                }
                for c in captures
            ],
            "observables": [
                {"kind": o.kind, "value": o.value, "target_id": o.target_id, "detail": o.detail}
                for o in observables
            ],
            "parties": [
                {
                    "id": p.id,
                    "label": p.label,
                    "role": p.role,
                    "identity_known": p.identity_known,
                    "address_known": p.address_known,
                }
                for p in parties
            ],
            "actions": [
                {
                    "id": a.id,
                    "type": a.type,
                    "status": a.status,
                    "target_ids": a.target_ids,
                    "party_id": a.party_id,
                    "provider_id": a.provider_id,
                    "sent_at": a.sent_at,
                    "data": a.data,
                }
                for a in actions
            ],
        }
