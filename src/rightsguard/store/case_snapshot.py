"""Everything the store knows about one case, as plain data (for planning).

Read with column selects in the caller's transaction, so that a page that also
shows the case reads it all from one consistent snapshot of the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from rightsguard.domain.errors import NotFound
from rightsguard.store.cases import case_noun
from rightsguard.store.models import (
    ActionRow,
    CaptureRow,
    CaseRightRow,
    CaseRow,
    CaseTargetRow,
    ObservableRow,
    PartyRow,
    RightRow,
    TargetRow,
)
from rightsguard.store.parties import is_verified
from rightsguard.store.rights import right_from_row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store

_CASE = select(
    CaseRow.id,
    CaseRow.title,
    CaseRow.status,
    CaseRow.goals,
    CaseRow.assignee,
    CaseRow.notes,
    CaseRow.created_at,
    CaseRow.closed_at,
)


def _dicts(session: Session, statement: Select[Any]) -> list[dict[str, Any]]:
    """The rows of a column select, each as a dict of column name to value."""
    return [dict(r._mapping) for r in session.execute(statement)]


def case_snapshot(store: Store, case_id: int) -> dict[str, Any]:
    """Rights, targets, captures, observables, parties and actions of a case."""
    with store.transaction() as session:
        return snapshot_in(session, case_id)


def snapshot_in(session: Session, case_id: int) -> dict[str, Any]:
    """:func:`case_snapshot`, read in the caller's ``session``."""
    row = session.execute(_CASE.where(CaseRow.id == case_id)).one_or_none()
    if row is None:
        raise NotFound("case", case_id)
    rights = [
        right_from_row(r)
        for r in session.scalars(
            select(RightRow)
            .join(CaseRightRow, CaseRightRow.right_id == RightRow.id)
            .where(CaseRightRow.case_id == case_id)
            .order_by(RightRow.id)
        )
    ]
    case = case_noun(row, tuple(r.id for r in rights))
    targets = _dicts(
        session,
        select(
            TargetRow.id,
            TargetRow.url,
            TargetRow.host,
            TargetRow.kind,
            TargetRow.status,
            TargetRow.control,
            TargetRow.platform,
            TargetRow.breaches,
            TargetRow.party_id,
            TargetRow.created_at,
        )
        .join(CaseTargetRow, CaseTargetRow.target_id == TargetRow.id)
        .where(CaseTargetRow.case_id == case_id)
        .order_by(TargetRow.id),
    )
    # Captures, observables and parties through the case's links (a subquery), not
    # lists of ids: the statements' text stays the same for every case, so PostgreSQL
    # prepares them once per connection instead of planning each anew.
    of_case = select(CaseTargetRow.target_id).where(CaseTargetRow.case_id == case_id)
    captures = _dicts(
        session,
        select(
            CaptureRow.target_id,
            CaptureRow.status,
            CaptureRow.finished_at,
            CaptureRow.started_at,
        )
        .where(CaptureRow.target_id.in_(of_case))
        .order_by(CaptureRow.id),
    )
    observables = _dicts(
        session,
        select(
            ObservableRow.kind,
            ObservableRow.value,
            ObservableRow.target_id,
            ObservableRow.detail,
        )
        .where(ObservableRow.target_id.in_(of_case))
        .order_by(ObservableRow.id),
    )
    parties = (
        _dicts(
            session,
            select(
                PartyRow.id,
                PartyRow.label,
                PartyRow.role,
                PartyRow.identity_known,
                PartyRow.address_known,
                PartyRow.links,
            )
            .where(PartyRow.id.in_(select(TargetRow.party_id).where(TargetRow.id.in_(of_case))))
            .order_by(PartyRow.id),
        )
        if any(t["party_id"] is not None for t in targets)
        else []
    )
    for party in parties:
        party["verified"] = is_verified(party.pop("links"))
    actions = [
        {
            "id": r.id,
            "type": r.type,
            "status": r.status,
            "target_ids": r.target_ids,
            "party_id": r.party_id,
            "provider_id": r.provider_id,
            "sent_at": r.sent_at,
            "created_at": r.created_at,
            "title": r.title,
            # Only what planning reads of the action's data (which holds the document).
            "data": {
                k: v
                for k, v in (
                    ("outcome", r.outcome),
                    ("kind", r.kind),
                    ("counter_notice_received_by_host_on", r.counter_notice_received_by_host_on),
                    ("counter_notice_on", r.counter_notice_on),
                )
                if v is not None
            },
        }
        for r in session.execute(
            select(
                ActionRow.id,
                ActionRow.type,
                ActionRow.status,
                ActionRow.target_ids,
                ActionRow.party_id,
                ActionRow.provider_id,
                ActionRow.sent_at,
                ActionRow.created_at,
                ActionRow.data["title"].as_string().label("title"),
                ActionRow.data["outcome"].as_string().label("outcome"),
                ActionRow.data["kind"].as_string().label("kind"),
                ActionRow.data["counter_notice_received_by_host_on"]
                .as_string()
                .label("counter_notice_received_by_host_on"),
                ActionRow.data["counter_notice_on"].as_string().label("counter_notice_on"),
            )
            .where(ActionRow.case_id == case_id)
            .order_by(ActionRow.id)
        )
    ]
    return {
        "case": case,
        "rights": rights,
        "targets": targets,
        "captures": captures,
        "observables": observables,
        "parties": parties,
        "actions": actions,
    }
