"""The rows of rechecks (``rechecks``) and what a recheck writes about the actions
that covered a target: the last look of each target, a new look, a takedown (the
action's outcome and time-to-takedown), a cease-and-desist letter left unanswered,
and what the recheck schedule needs. Inside the caller's transaction where the
recheck moves targets in the same one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from rightsguard.domain.enums import ActionStatus, ActionType
from rightsguard.store.db import Unit
from rightsguard.store.models import ActionRow, RecheckRow, TargetRow, utcnow

if TYPE_CHECKING:
    from rightsguard.store.base import Store


@dataclass(frozen=True)
class WatchState:
    """What the recheck schedule needs: the watched targets, each one's last look and
    the latest sent action covering it (sent at, type)."""

    targets: list[int]
    last_look: dict[int, datetime]
    latest_action: dict[int, tuple[datetime | None, str]]


class RecheckRepo:
    def __init__(self, store: Store) -> None:
        self._store = store

    @staticmethod
    def last_looks(
        session: Unit, target_ids: Sequence[int]
    ) -> tuple[dict[int, str], dict[int, str]]:
        """The text digest of each target's newest look that had one, and each
        target's status."""
        ids = list(target_ids)
        last: dict[int, str] = {}
        statuses: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            newest = (
                select(func.max(RecheckRow.id))
                .where(RecheckRow.target_id.in_(chunk), RecheckRow.text_sha256.is_not(None))
                .group_by(RecheckRow.target_id)
            )
            for target_id, digest in session.execute(
                select(RecheckRow.target_id, RecheckRow.text_sha256).where(
                    RecheckRow.id.in_(newest)
                )
            ):
                last[int(target_id)] = str(digest)
            for row in session.scalars(select(TargetRow).where(TargetRow.id.in_(chunk))):
                statuses[row.id] = row.status
        return last, statuses

    @staticmethod
    def add(
        session: Unit,
        target_id: int,
        state: str,
        http_status: int | None,
        final_url: str | None,
        text_sha256: str | None,
        reason: str,
    ) -> None:
        session.add(
            RecheckRow(
                target_id=target_id,
                state=state,
                http_status=http_status,
                final_url=final_url,
                text_sha256=text_sha256,
                reason=reason,
            )
        )

    def record_takedown(self, session: Unit, target_id: int, reason: str) -> None:
        """The latest sent action covering the target: outcome removed, time-to-takedown."""
        for action in session.scalars(
            select(ActionRow)
            .where(
                ActionRow.status.in_(
                    [
                        ActionStatus.SENT.value,
                        ActionStatus.ACKNOWLEDGED.value,
                        ActionStatus.NO_RESPONSE.value,
                    ]
                )
            )
            .order_by(ActionRow.sent_at.desc())
        ):
            if target_id not in action.target_ids or action.sent_at is None:
                continue
            hours = (utcnow() - action.sent_at).total_seconds() / 3600
            action.status = ActionStatus.REMOVED.value
            action.data = {
                **action.data,
                "outcome": "removed",
                "time_to_takedown_hours": round(hours, 2),
            }
            self._store.record(
                session,
                "action.outcome",
                "action",
                action.id,
                case_id=action.case_id,
                after={"status": "removed", "time_to_takedown_hours": round(hours, 2)},
                reason=f"target {target_id}: {reason}",
            )
            return

    @staticmethod
    def letter_ignored(session: Unit, target_id: int, today: date) -> bool:
        """A cease-and-desist letter about the target whose reply deadline has passed
        (its outcome becomes ``continued``): the infringement continues after receipt
        (wilful; the playbook escalates)."""
        for action in session.scalars(
            select(ActionRow).where(
                ActionRow.type == ActionType.CEASE_AND_DESIST.value,
                ActionRow.sent_at.is_not(None),
            )
        ):
            follow_up = action.data.get("follow_up")
            if (
                target_id in action.target_ids
                and follow_up
                and date.fromisoformat(follow_up) <= today
                and action.data.get("outcome") != "continued"
            ):
                action.data = {**action.data, "outcome": "continued"}
                return True
        return False

    def watch_state(self, watched: Sequence[str]) -> WatchState:
        """The targets with one of the ``watched`` statuses, and what their schedule needs."""
        with self._store.transaction() as session:
            targets = list(
                session.scalars(select(TargetRow.id).where(TargetRow.status.in_(watched)))
            )
            last_look = dict(
                session.execute(
                    select(RecheckRow.target_id, func.max(RecheckRow.at)).group_by(
                        RecheckRow.target_id
                    )
                ).all()
            )
            latest: dict[int, tuple[datetime | None, str]] = {}  # sent_at: NULLs filtered out
            for action in session.scalars(
                select(ActionRow).where(ActionRow.sent_at.is_not(None)).order_by(ActionRow.sent_at)
            ):
                for target_id in action.target_ids:
                    latest[int(target_id)] = (action.sent_at, action.type)
        return WatchState(targets, last_look, latest)
