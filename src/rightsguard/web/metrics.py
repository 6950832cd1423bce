"""The dashboard's and the reports' figures: SQL aggregates, then pure arithmetic.

``figures(session, case_id=None)`` answers for the whole portfolio, or for one
case. Each figure is one or two aggregate queries (GROUP BY, COUNT, correlated
look-ups through an index) returning counts or a list of durations; the rates,
medians, histogram buckets and ISO weeks are computed by the pure functions at
the end of this module, which the tests exercise directly.

What each figure means:

* **Takedown success rate**: of the actions sent (``sent_at`` set), the share
  whose target was removed: the action's outcome became ``removed`` (a recheck
  found a target gone and credited the latest action about it, or a person
  recorded ``--outcome removed``). An action later closed or counter-noticed
  still counts: the audit trail shows its removal. Broken down by provider (the
  provider notices, by the provider named as recipient), by channel (how it was
  sent: e-mail, web form, post) and by document kind.
* **Time to takedown**: from the action's ``sent_at`` to the first event that
  marked it removed (the recheck's ``action.outcome``, or the recorded outcome).
* **Repeat infringement**: targets that came back after removal (status
  ``reappeared``, or flagged ``target.repeat_infringement`` by a recheck) and new
  sites of a party already acted against (flagged by
  ``discover.recurrence``), over every target acted against or flagged.
* **Cease-and-desist response**: letters sent that drew a reply (an e-mail reply
  imported, or an acknowledgement, rejection or counter-notice recorded) or
  compliance (removal). Letters still inside their 14-day follow-up period
  without an answer are pending and left out of the "ineffective" share, which
  is set beside the guide's figure (II.1: C&D letters "are ineffective for over
  60% of infringers").
* **Evidence captured per week**: captures that produced evidence (complete,
  awaiting a timestamp, or partial), by ISO week of their start, last 12 weeks.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from rightsguard.domain.enums import ActionStatus, ActionType, CaptureStatus, TargetStatus
from rightsguard.domain.errors import NotFound
from rightsguard.store.models import (
    ActionRow,
    CaptureRow,
    CaseRow,
    CaseTargetRow,
    DeadlineRow,
    EventRow,
    ProviderRow,
    TargetRow,
    utcnow,
)

HORIZON_DAYS = 14
WEEKS = 12
DEADLINE_LIST = 50
# Upper edges (days) of the time-to-takedown histogram; the last bucket is open.
BUCKET_EDGES: tuple[float, ...] = (1, 2, 3, 7, 14, 30)
GUIDE_INEFFECTIVE = 0.6
GUIDE_SECTION = "II.1"
GUIDE_QUOTE = (
    "The disadvantage of sending C&D letters is that they are ineffective for over 60% of "
    "infringers – the letter may not receive any reply and may not succeed in stopping "
    "infringers in many cases."
)

ACTED_ON = (
    TargetStatus.ACTIONED.value,
    TargetStatus.PERSISTING.value,
    TargetStatus.REMOVED.value,
    TargetStatus.REAPPEARED.value,
)
# An action that was removed at some point is now removed, or moved on from there.
MAYBE_REMOVED = (
    ActionStatus.REMOVED.value,
    ActionStatus.CLOSED.value,
    ActionStatus.COUNTER_NOTICED.value,
)
ANSWERED = (
    ActionStatus.ACKNOWLEDGED.value,
    ActionStatus.REJECTED.value,
    ActionStatus.COUNTER_NOTICED.value,
)
EVIDENCE = (
    CaptureStatus.COMPLETE.value,
    CaptureStatus.AWAITING_TIMESTAMP.value,
    CaptureStatus.PARTIAL.value,
)
REMOVAL_VERBS = ("action.outcome", "action.recorded")
REPEAT_VERB = "target.repeat_infringement"
CHANNELS = {"smtp": "email", "webform": "webform", "post": "post"}


# ---------------------------------------------------------------- the figures


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Counts(_Model):
    open_cases: int = Field(ge=0, description="Cases whose status is open.")
    deadlines_due: int = Field(
        ge=0,
        description="Deadlines of open cases not done and due within the horizon "
        "(overdue ones included).",
    )
    deadlines_overdue: int = Field(ge=0, description="Of those, the ones already passed.")
    awaiting_approval: int = Field(ge=0, description="Actions drafted, awaiting approval.")
    awaiting_sending: int = Field(ge=0, description="Actions approved, awaiting sending.")
    actions_due: int = Field(
        ge=0, description="deadlines_due + awaiting_approval + awaiting_sending."
    )


class DueDeadline(_Model):
    id: int
    case_id: int
    case_title: str
    label: str
    due: datetime
    overdue: bool
    rule_id: str | None = None


class Rate(_Model):
    key: str = Field(description="Provider, channel or document kind.")
    sent: int = Field(ge=0)
    removed: int = Field(ge=0)
    rate: float | None = Field(ge=0, le=1, description="removed / sent; null when none sent.")


class Takedown(_Model):
    sent: int = Field(ge=0, description="Actions sent.")
    removed: int = Field(ge=0, description="Of those, actions whose target was removed.")
    rate: float | None = Field(ge=0, le=1)
    by_provider: list[Rate] = Field(description="Provider notices, by the provider.")
    by_channel: list[Rate] = Field(description="Every action sent, by how: email/webform/post.")
    by_kind: list[Rate] = Field(description="Every action sent, by document kind.")


class Bucket(_Model):
    lo_days: float = Field(ge=0)
    hi_days: float | None = Field(description="Exclusive upper edge; null: open-ended.")
    count: int = Field(ge=0)


class TimeToTakedown(_Model):
    count: int = Field(ge=0, description="Take-downs with a known time.")
    median_days: float | None = Field(ge=0)
    p90_days: float | None = Field(ge=0)
    buckets: list[Bucket]


class Repeats(_Model):
    acted_on: int = Field(ge=0, description="Targets acted against (actioned or after).")
    reappeared: int = Field(ge=0, description="Targets back after removal.")
    known_party: int = Field(ge=0, description="New sites of a party already acted against.")
    repeat_targets: int = Field(ge=0, description="Distinct targets of either kind.")
    base: int = Field(ge=0, description="Targets acted against or flagged as repeats.")
    rate: float | None = Field(ge=0, le=1, description="repeat_targets / base.")


class CeaseAndDesist(_Model):
    sent: int = Field(ge=0, description="Cease-and-desist letters sent.")
    replied: int = Field(
        ge=0, description="Letters answered (reply, acknowledgement, rejection or counter-notice)."
    )
    complied: int = Field(ge=0, description="Letters after which the target was removed.")
    effective: int = Field(ge=0, description="Letters answered or complied with.")
    pending: int = Field(
        ge=0, description=f"Unanswered letters still within their {HORIZON_DAYS}-day follow-up."
    )
    response_rate: float | None = Field(ge=0, le=1, description="replied / sent.")
    ineffective_share: float | None = Field(
        ge=0,
        le=1,
        description="Letters neither answered nor complied with, among those no longer pending.",
    )
    guide_ineffective_share: float = Field(ge=0, le=1)
    guide_section: str
    guide_quote: str


class WeekCount(_Model):
    week: str = Field(description="ISO week, e.g. 2025-W07.")
    start: date = Field(description="The Monday of that week.")
    count: int = Field(ge=0)


class Figures(_Model):
    scope: Literal["portfolio", "case"]
    case_id: int | None = None
    generated_at: datetime
    horizon_days: int
    counts: Counts
    deadlines: list[DueDeadline] = Field(
        description=f"Up to {DEADLINE_LIST} of the deadlines due, soonest first."
    )
    takedown: Takedown
    time_to_takedown: TimeToTakedown
    repeats: Repeats
    cease_and_desist: CeaseAndDesist
    captures_by_week: list[WeekCount]


class CaseRowFigures(_Model):
    """One case's line of the portfolio CSV."""

    case_id: int
    title: str
    status: str
    assignee: str | None
    created_at: datetime | None
    targets: int
    actions: int
    actions_sent: int
    takedowns: int
    takedown_rate: float | None
    median_days_to_takedown: float | None
    repeat_targets: int
    letters_sent: int
    letters_answered: int
    letter_response_rate: float | None
    captures: int
    deadlines_due: int
    deadlines_overdue: int


# ---------------------------------------------------------------- SQL pieces


def _days_between(dialect: str, start: Any, end: Any) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return func.extract("epoch", end - start) / 86400.0


def _utc_day(dialect: str, column: Any) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.date(column)
    return func.date(func.timezone("UTC", column))


def _removals(case_id: int | None) -> Any:
    """(action id, when it was first marked removed), found through the verbs' index."""
    query = (
        select(EventRow.entity_id.label("action_id"), func.min(EventRow.at).label("at"))
        .where(
            EventRow.verb.in_(REMOVAL_VERBS),
            EventRow.after["status"].as_string() == ActionStatus.REMOVED.value,
        )
        .group_by(EventRow.entity_id)
    )
    if case_id is not None:
        query = query.where(
            EventRow.entity == "action", EventRow.entity_id.in_(_case_actions(case_id))
        )
    return query.subquery("removal")


def _replies(case_id: int | None) -> Any:
    """Actions that were answered: an e-mail reply, or an answer recorded by hand."""
    query = (
        select(EventRow.entity_id.label("action_id"))
        .where(
            EventRow.verb.in_(("action.reply_received", "action.recorded")),
            or_(
                EventRow.verb == "action.reply_received",
                EventRow.after["status"].as_string().in_(ANSWERED),
            ),
        )
        .distinct()
    )
    if case_id is not None:
        query = query.where(
            EventRow.entity == "action", EventRow.entity_id.in_(_case_actions(case_id))
        )
    return query.subquery("reply")


def _case_actions(case_id: int) -> Select[Any]:
    return select(ActionRow.id).where(ActionRow.case_id == case_id)


def sent_actions(case_id: int | None, now: datetime) -> Any:
    """One row per action sent: what, to whom, how, and whether it worked (and, for a
    letter, whether it was answered or is still pending)."""
    removal, reply = _removals(case_id), _replies(case_id)
    removed = case(
        (ActionRow.status == ActionStatus.REMOVED.value, 1),
        (and_(ActionRow.status.in_(MAYBE_REMOVED), removal.c.at.is_not(None)), 1),
        else_=0,
    )
    answered = case(
        (ActionRow.type != ActionType.CEASE_AND_DESIST.value, 0),
        (ActionRow.status.in_(ANSWERED), 1),
        (reply.c.action_id.is_not(None), 1),
        else_=0,
    )
    letter = case((ActionRow.type == ActionType.CEASE_AND_DESIST.value, 1), else_=0)
    pending = case(
        (
            and_(
                ActionRow.type == ActionType.CEASE_AND_DESIST.value,
                ActionRow.status == ActionStatus.SENT.value,
                ActionRow.sent_at > now - timedelta(days=HORIZON_DAYS),
            ),
            1,
        ),
        else_=0,
    )
    # The recipient is read only where it names the provider (a notice with no record).
    named = and_(
        ActionRow.type == ActionType.PROVIDER_NOTICE.value, ActionRow.provider_id.is_(None)
    )
    query = (
        select(
            ActionRow.id.label("id"),
            ActionRow.case_id.label("case_id"),
            ActionRow.type.label("type"),
            ActionRow.data["kind"].as_string().label("kind"),
            ProviderRow.name.label("provider"),
            case((named, ActionRow.data[("recipient", "name")].as_string()), else_=None).label(
                "recipient"
            ),
            case((named, ActionRow.data[("recipient", "email")].as_string()), else_=None).label(
                "email"
            ),
            ActionRow.data[("dispatch", "channel")].as_string().label("channel"),
            removed.label("removed"),
            letter.label("letter"),
            answered.label("answered"),
            case((or_(answered == 1, removed == 1), 1), else_=0).label("effective"),
            pending.label("pending"),
        )
        .outerjoin(ProviderRow, ProviderRow.id == ActionRow.provider_id)
        .outerjoin(removal, removal.c.action_id == ActionRow.id)
        .outerjoin(reply, reply.c.action_id == ActionRow.id)
        .where(ActionRow.sent_at.is_not(None))
    )
    if case_id is not None:
        query = query.where(ActionRow.case_id == case_id)
    return query.subquery("sent")


def takedown_days(dialect: str, case_id: int | None) -> Select[Any]:
    """(case id, days from sending to removal) of each action sent that was removed."""
    removal = _removals(case_id)
    query = (
        select(ActionRow.case_id, _days_between(dialect, ActionRow.sent_at, removal.c.at))
        .join(removal, removal.c.action_id == ActionRow.id)
        .where(ActionRow.sent_at.is_not(None), ActionRow.status.in_(MAYBE_REMOVED))
    )
    return query if case_id is None else query.where(ActionRow.case_id == case_id)


def _case_targets(case_id: int) -> Select[Any]:
    return select(CaseTargetRow.target_id).where(CaseTargetRow.case_id == case_id)


def _scoped(query: Select[Any], column: Any, case_id: int | None) -> Select[Any]:
    return query if case_id is None else query.where(column.in_(_case_targets(case_id)))


# ---------------------------------------------------------------- queries


def count_figures(session: Session, case_id: int | None, now: datetime) -> Counts:
    horizon = now + timedelta(days=HORIZON_DAYS)
    if case_id is None:
        open_cases = session.scalar(
            select(func.count()).select_from(CaseRow).where(CaseRow.status == "open")
        )
    else:
        open_cases = session.scalar(
            select(func.count())
            .select_from(CaseRow)
            .where(CaseRow.id == case_id, CaseRow.status == "open")
        )
    deadlines = (
        select(
            func.count(),
            func.coalesce(func.sum(case((DeadlineRow.due < now, 1), else_=0)), 0),
        )
        .select_from(DeadlineRow)
        .join(CaseRow, CaseRow.id == DeadlineRow.case_id)
        .where(DeadlineRow.done.is_(False), DeadlineRow.due <= horizon, CaseRow.status == "open")
    )
    if case_id is not None:
        deadlines = deadlines.where(DeadlineRow.case_id == case_id)
    due, overdue = session.execute(deadlines).one()
    waiting = select(ActionRow.status, func.count()).where(
        ActionRow.status.in_((ActionStatus.DRAFT.value, ActionStatus.APPROVED.value))
    )
    if case_id is not None:
        waiting = waiting.where(ActionRow.case_id == case_id)
    by_status = dict(session.execute(waiting.group_by(ActionRow.status)).all())
    approval = int(by_status.get(ActionStatus.DRAFT.value, 0))
    sending = int(by_status.get(ActionStatus.APPROVED.value, 0))
    return Counts(
        open_cases=int(open_cases or 0),
        deadlines_due=int(due),
        deadlines_overdue=int(overdue),
        awaiting_approval=approval,
        awaiting_sending=sending,
        actions_due=int(due) + approval + sending,
    )


def due_deadlines(
    session: Session, case_id: int | None, now: datetime, limit: int = DEADLINE_LIST
) -> list[DueDeadline]:
    query = (
        select(DeadlineRow, CaseRow.title)
        .join(CaseRow, CaseRow.id == DeadlineRow.case_id)
        .where(
            DeadlineRow.done.is_(False),
            DeadlineRow.due <= now + timedelta(days=HORIZON_DAYS),
            CaseRow.status == "open",
        )
        .order_by(DeadlineRow.due, DeadlineRow.id)
        .limit(limit)
    )
    if case_id is not None:
        query = query.where(DeadlineRow.case_id == case_id)
    return [
        DueDeadline(
            id=d.id,
            case_id=d.case_id,
            case_title=title,
            label=d.label,
            due=d.due,
            overdue=d.due < now,
            rule_id=d.rule_id,
        )
        for d, title in session.execute(query)
    ]


@dataclass(frozen=True)
class SentGroup:
    """Actions sent that share a type, kind, provider, recipient and channel."""

    type: str
    kind: str | None
    provider: str | None
    recipient: str | None
    email: str | None
    channel: str | None
    sent: int
    removed: int
    answered: int = 0  # letters only
    effective: int = 0  # letters answered or complied with
    pending: int = 0  # letters unanswered within their follow-up period


@dataclass(frozen=True)
class LetterCounts:
    sent: int
    replied: int
    complied: int
    effective: int
    pending: int


def action_figures(
    session: Session, case_id: int | None, now: datetime
) -> tuple[list[SentGroup], list[float]]:
    """The actions sent, grouped (one pass), and the take-down durations in days."""
    sent = sent_actions(case_id, now)
    keys = (
        sent.c.type,
        sent.c.kind,
        sent.c.provider,
        sent.c.recipient,
        sent.c.email,
        sent.c.channel,
    )
    sums = (sent.c.removed, sent.c.answered, sent.c.effective, sent.c.pending)
    rows = session.execute(
        select(*keys, func.count(), *(func.sum(c) for c in sums)).group_by(*keys)
    )
    groups = [
        SentGroup(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), *(int(x or 0) for x in r[7:]))
        for r in rows
    ]
    dialect = session.get_bind().dialect.name
    durations = [max(0.0, float(d)) for _, d in session.execute(takedown_days(dialect, case_id))]
    return groups, durations


def letters(groups: Iterable[SentGroup]) -> LetterCounts:
    mine = [g for g in groups if g.type == ActionType.CEASE_AND_DESIST.value]
    return LetterCounts(
        sent=sum(g.sent for g in mine),
        replied=sum(g.answered for g in mine),
        complied=sum(g.removed for g in mine),
        effective=sum(g.effective for g in mine),
        pending=sum(g.pending for g in mine),
    )


@dataclass(frozen=True)
class RepeatCounts:
    acted_on: int
    reappeared: int
    known_party: int
    repeat_targets: int
    base: int


def repeat_figures(session: Session, case_id: int | None) -> RepeatCounts:
    """Targets acted on (a count), those back after removal (by status), and the repeat
    flags (found through the verb's index) with their target's status."""
    acted = _scoped(
        select(func.count()).where(TargetRow.status.in_(ACTED_ON)), TargetRow.id, case_id
    )
    back = _scoped(
        select(TargetRow.id).where(TargetRow.status == TargetStatus.REAPPEARED.value),
        TargetRow.id,
        case_id,
    )
    known = case((EventRow.after["party_id"].as_string().is_not(None), 1), else_=0)
    status = select(TargetRow.status).where(TargetRow.id == EventRow.entity_id).scalar_subquery()
    flags = _scoped(
        select(EventRow.entity_id, known, status)
        .where(EventRow.verb == REPEAT_VERB)  # always about a target; its index is the verb's
        .distinct(),
        EventRow.entity_id,
        case_id,
    )
    return repeat_counts(
        int(session.scalar(acted.select_from(TargetRow)) or 0),
        set(session.scalars(back)),
        [(int(i), bool(k), str(st)) for i, k, st in session.execute(flags)],
    )


def capture_days(session: Session, case_id: int | None, since: date) -> dict[date, int]:
    dialect = session.get_bind().dialect.name
    day = _utc_day(dialect, CaptureRow.started_at)
    start = datetime.combine(since, datetime.min.time(), UTC)
    query = _scoped(
        select(day, func.count()).where(
            CaptureRow.started_at >= start, CaptureRow.status.in_(EVIDENCE)
        ),
        CaptureRow.target_id,
        case_id,
    ).group_by(day)
    out: dict[date, int] = {}
    for value, n in session.execute(query):
        when = value if isinstance(value, date) else date.fromisoformat(str(value))
        out[when] = out.get(when, 0) + int(n)
    return out


def require_case(session: Session, case_id: int) -> CaseRow:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise NotFound("case", case_id)
    return row


def figures(session: Session, case_id: int | None = None, now: datetime | None = None) -> Figures:
    """Every figure, for the portfolio or for one case (NotFound if it does not exist)."""
    now = now or utcnow()
    if case_id is not None:
        require_case(session, case_id)
    groups, durations = action_figures(session, case_id, now)
    repeats = repeat_figures(session, case_id)
    first_week = week_start(now.date()) - timedelta(weeks=WEEKS - 1)
    days = capture_days(session, case_id, first_week)
    return Figures(
        scope="portfolio" if case_id is None else "case",
        case_id=case_id,
        generated_at=now,
        horizon_days=HORIZON_DAYS,
        counts=count_figures(session, case_id, now),
        deadlines=due_deadlines(session, case_id, now),
        takedown=takedown(groups),
        time_to_takedown=time_to_takedown(durations),
        repeats=repeat_rate(repeats),
        cease_and_desist=cease_and_desist(letters(groups)),
        captures_by_week=weekly(days, now.date(), WEEKS),
    )


def case_rows(session: Session, now: datetime | None = None) -> list[CaseRowFigures]:
    """Every case's own figures, for the portfolio CSV: a few GROUP BY queries in all."""
    now = now or utcnow()
    dialect = session.get_bind().dialect.name
    sent = sent_actions(None, now)
    per_case: dict[int, tuple[int, ...]] = {
        int(cid): tuple(int(x or 0) for x in rest)
        for cid, *rest in session.execute(
            select(
                sent.c.case_id,
                func.count(),
                func.sum(sent.c.removed),
                func.sum(sent.c.letter),
                func.sum(sent.c.answered),
            ).group_by(sent.c.case_id)
        )
    }
    days: dict[int, list[float]] = {}
    for cid, d in session.execute(takedown_days(dialect, None)):
        days.setdefault(int(cid), []).append(max(0.0, float(d)))

    def grouped(query: Select[Any, Any]) -> dict[int, int]:
        return {int(k): int(v) for k, v in session.execute(query)}

    actions = grouped(select(ActionRow.case_id, func.count()).group_by(ActionRow.case_id))
    targets = grouped(select(CaseTargetRow.case_id, func.count()).group_by(CaseTargetRow.case_id))
    captures = grouped(
        select(CaseTargetRow.case_id, func.count())
        .join(CaptureRow, CaptureRow.target_id == CaseTargetRow.target_id)
        .where(CaptureRow.status.in_(EVIDENCE))
        .group_by(CaseTargetRow.case_id)
    )
    repeat_ids = union(
        select(TargetRow.id.label("id")).where(TargetRow.status == TargetStatus.REAPPEARED.value),
        select(EventRow.entity_id.label("id")).where(EventRow.verb == REPEAT_VERB),
    ).subquery()
    repeats = grouped(
        select(CaseTargetRow.case_id, func.count())
        .join(repeat_ids, repeat_ids.c.id == CaseTargetRow.target_id)
        .group_by(CaseTargetRow.case_id)
    )
    horizon = now + timedelta(days=HORIZON_DAYS)
    deadlines = {
        int(cid): (int(n), int(o or 0))
        for cid, n, o in session.execute(
            select(
                DeadlineRow.case_id,
                func.count(),
                func.sum(case((DeadlineRow.due < now, 1), else_=0)),
            )
            .where(DeadlineRow.done.is_(False), DeadlineRow.due <= horizon)
            .group_by(DeadlineRow.case_id)
        )
    }
    out = []
    for c in session.scalars(select(CaseRow).order_by(CaseRow.id)):
        n_sent, n_removed, n_letters, n_answered = per_case.get(c.id, (0, 0, 0, 0))
        due, overdue = deadlines.get(c.id, (0, 0)) if c.status == "open" else (0, 0)
        out.append(
            CaseRowFigures(
                case_id=c.id,
                title=c.title,
                status=c.status,
                assignee=c.assignee,
                created_at=c.created_at,
                targets=targets.get(c.id, 0),
                actions=actions.get(c.id, 0),
                actions_sent=n_sent,
                takedowns=n_removed,
                takedown_rate=ratio(n_removed, n_sent),
                median_days_to_takedown=median(days.get(c.id, [])),
                repeat_targets=repeats.get(c.id, 0),
                letters_sent=n_letters,
                letters_answered=n_answered,
                letter_response_rate=ratio(n_answered, n_letters),
                captures=captures.get(c.id, 0),
                deadlines_due=due,
                deadlines_overdue=overdue,
            )
        )
    return out


# ---------------------------------------------------------------- pure arithmetic


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide."""
    return part / whole if whole > 0 else None


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank percentile ``q`` (0-100) of ``values``."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return float(ordered[int(rank) - 1])


def histogram(values: Iterable[float], edges: Sequence[float] = BUCKET_EDGES) -> list[Bucket]:
    """Counts of ``values`` in [0, e1), [e1, e2), … [e_last, ∞)."""
    lows = (0.0, *(float(e) for e in edges))
    highs: tuple[float | None, ...] = (*(float(e) for e in edges), None)
    counts = [0] * len(lows)
    for v in values:
        i = 0
        while i < len(edges) and v >= edges[i]:
            i += 1
        counts[i] += 1
    return [
        Bucket(lo_days=lo, hi_days=hi, count=n)
        for lo, hi, n in zip(lows, highs, counts, strict=True)
    ]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekly(days: dict[date, int], today: date, weeks: int = WEEKS) -> list[WeekCount]:
    """Daily counts folded into the last ``weeks`` ISO weeks (oldest first), zeros kept."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    totals = [0] * weeks
    for day, n in days.items():
        index = (week_start(day) - first).days // 7
        if 0 <= index < weeks:
            totals[index] += n
    return [
        WeekCount(
            week=iso_week(first + timedelta(weeks=i)), start=first + timedelta(weeks=i), count=n
        )
        for i, n in enumerate(totals)
    ]


def repeat_counts(
    acted_on: int, reappeared: set[int], flags: Sequence[tuple[int, bool, str]]
) -> RepeatCounts:
    """Back after removal (status or flag), known parties' new sites (flag), and the
    base: targets acted on plus flagged ones that were not (yet) acted on."""
    back = set(reappeared) | {i for i, known, _ in flags if not known}
    known_party = {i for i, known, _ in flags if known}
    outside = {i for i, _, status in flags if status not in ACTED_ON}
    return RepeatCounts(
        acted_on=acted_on,
        reappeared=len(back),
        known_party=len(known_party),
        repeat_targets=len(back | known_party),
        base=acted_on + len(outside),
    )


def provider_label(group: SentGroup) -> str | None:
    """Whom a provider notice went to: the provider's record, else the recipient named
    on the notice, else its e-mail domain; None for other actions."""
    if group.type != ActionType.PROVIDER_NOTICE.value:
        return None
    if group.provider:
        return group.provider
    if group.recipient and group.recipient.strip():
        return group.recipient.strip()
    if group.email and "@" in group.email:
        return group.email.rsplit("@", 1)[1].lower()
    return "?"


def channel_label(group: SentGroup) -> str:
    return CHANNELS.get(group.channel or "", group.channel or "?")


def _rates(groups: Iterable[SentGroup], key: Callable[[SentGroup], str | None]) -> list[Rate]:
    sums: dict[str, list[int]] = {}
    for g in groups:
        k = key(g)
        if k is None:
            continue
        entry = sums.setdefault(k, [0, 0])
        entry[0] += g.sent
        entry[1] += g.removed
    ordered = sorted(sums.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return [Rate(key=k, sent=s, removed=r, rate=ratio(r, s)) for k, (s, r) in ordered]


def takedown(groups: Sequence[SentGroup]) -> Takedown:
    sent = sum(g.sent for g in groups)
    removed = sum(g.removed for g in groups)
    return Takedown(
        sent=sent,
        removed=removed,
        rate=ratio(removed, sent),
        by_provider=_rates(groups, provider_label),
        by_channel=_rates(groups, channel_label),
        by_kind=_rates(groups, lambda g: g.kind or g.type),
    )


def time_to_takedown(durations: Sequence[float]) -> TimeToTakedown:
    return TimeToTakedown(
        count=len(durations),
        median_days=median(durations),
        p90_days=percentile(durations, 90),
        buckets=histogram(durations),
    )


def repeat_rate(r: RepeatCounts) -> Repeats:
    return Repeats(
        acted_on=r.acted_on,
        reappeared=r.reappeared,
        known_party=r.known_party,
        repeat_targets=r.repeat_targets,
        base=r.base,
        rate=ratio(r.repeat_targets, r.base),
    )


def cease_and_desist(c: LetterCounts) -> CeaseAndDesist:
    decided = c.sent - c.pending
    return CeaseAndDesist(
        sent=c.sent,
        replied=c.replied,
        complied=c.complied,
        effective=c.effective,
        pending=c.pending,
        response_rate=ratio(c.replied, c.sent),
        ineffective_share=ratio(decided - min(c.effective, decided), decided),
        guide_ineffective_share=GUIDE_INEFFECTIVE,
        guide_section=GUIDE_SECTION,
        guide_quote=GUIDE_QUOTE,
    )


# ---------------------------------------------------------------- caching


def data_version(session: Session, now: datetime) -> tuple[Any, ...]:
    """What the figures depend on, cheaply: every change records an event, and the
    tables that grow are read at their newest row; the date moves the windows."""
    heads = select(
        select(func.max(EventRow.id)).scalar_subquery(),
        select(func.max(CaptureRow.id)).scalar_subquery(),
        select(func.max(DeadlineRow.id)).scalar_subquery(),
        select(func.max(ActionRow.id)).scalar_subquery(),
        select(func.max(CaseRow.id)).scalar_subquery(),
    )
    return (*session.execute(heads).one(), now.date())


class FiguresCache:
    """The last figures per scope (the portfolio, or a case), reused:

    * while the data version is unchanged, for at most ``max_age`` seconds (a change
      that records no event still shows within that time);
    * after a change, for at most ``min_interval`` seconds since they were computed,
      so that a busy workbench recomputes at most that often however many people
      watch the dashboard (the page shows the time the figures are from).

    One computation at a time per scope: a burst of requests after a change waits
    for one computation instead of running twenty.
    """

    def __init__(self, max_age: float = 60.0, min_interval: float = 5.0) -> None:
        self.max_age = max_age
        self.min_interval = min_interval
        self._lock = threading.Lock()
        self._locks: dict[int | None, threading.Lock] = {}
        self._kept: dict[int | None, tuple[tuple[Any, ...], float, Figures]] = {}

    def get(self, session: Session, case_id: int | None = None) -> Figures:
        now = utcnow()
        version = data_version(session, now)
        with self._lock:
            lock = self._locks.setdefault(case_id, threading.Lock())
        with lock:
            kept = self._kept.get(case_id)
            if kept is not None:
                age = time.monotonic() - kept[1]
                if age < (self.max_age if kept[0] == version else self.min_interval):
                    return kept[2]
            result = figures(session, case_id, now)
            if case_id is None or len(self._kept) < 256:
                self._kept[case_id] = (version, time.monotonic(), result)
            return result
