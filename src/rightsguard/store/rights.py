"""Rights: trademarks, works, patents, domain names, personality rights."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rightsguard.domain.enums import RightKind
from rightsguard.domain.errors import Duplicate, NotFound
from rightsguard.domain.nouns import ProofDocument, Right
from rightsguard.domain.rights import RightDraft
from rightsguard.store.models import RightRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store


def rights_in(session: Session) -> list[Right]:
    """Every right, read in the caller's transaction."""
    return [right_from_row(r) for r in session.scalars(select(RightRow).order_by(RightRow.id))]


def right_from_row(row: RightRow) -> Right:
    return Right(
        id=row.id,
        kind=RightKind(row.kind),
        name=row.name,
        jurisdiction=row.jurisdiction,
        owner=row.owner,
        registration_number=row.registration_number,
        office=row.office,
        classes=tuple(row.classes),
        registered_on=row.registered_on,
        expires_on=row.expires_on,
        proofs=tuple(ProofDocument(**p) for p in row.proofs),
        created_at=row.created_at,
    )


def right_snapshot(right: Right) -> dict[str, Any]:
    data = asdict(right)
    data.pop("created_at")
    for key in ("registered_on", "expires_on"):
        data[key] = data[key].isoformat() if data[key] else None
    return data


class RightRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, draft: RightDraft) -> Right:
        with self._store.transaction() as session:
            if draft.registration_number:
                clash = session.scalar(
                    select(RightRow).where(
                        RightRow.kind == draft.kind.value,
                        RightRow.jurisdiction == draft.jurisdiction,
                        RightRow.registration_number == draft.registration_number,
                    )
                )
            else:
                clash = session.scalar(
                    select(RightRow).where(
                        RightRow.kind == draft.kind.value,
                        RightRow.jurisdiction == draft.jurisdiction,
                        RightRow.name == draft.name,
                        RightRow.owner == draft.owner,
                        RightRow.registration_number.is_(None),
                    )
                )
            if clash is not None:
                what = (
                    f"registration number {draft.registration_number}"
                    if draft.registration_number
                    else f"name {draft.name!r} and owner {draft.owner!r}"
                )
                raise Duplicate(
                    f"a {draft.kind.value} in {draft.jurisdiction} with {what} "
                    f"already exists as right {clash.id}"
                )
            row = RightRow(
                kind=draft.kind.value,
                name=draft.name,
                jurisdiction=draft.jurisdiction,
                owner=draft.owner,
                registration_number=draft.registration_number,
                office=draft.office,
                classes=list(draft.classes),
                registered_on=draft.registered_on,
                expires_on=draft.expires_on,
                proofs=[asdict(p) for p in draft.proofs],
            )
            session.add(row)
            session.flush()
            right = right_from_row(row)
            self._store.record(
                session, "right.created", "right", row.id, after=right_snapshot(right)
            )
            return right

    def get(self, right_id: int) -> Right:
        with self._store.transaction() as session:
            row = session.get(RightRow, right_id)
            if row is None:
                raise NotFound("right", right_id)
            return right_from_row(row)

    def list(self) -> list[Right]:
        with self._store.transaction() as session:
            return rights_in(session)
