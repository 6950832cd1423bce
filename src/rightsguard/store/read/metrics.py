"""The dashboard's and the reports' figures: SQL aggregates, then pure arithmetic.

``figures(session, case_id=None)`` answers for the whole portfolio, or for one
case. Each figure is one or two aggregate queries (GROUP BY, COUNT, correlated
look-ups through an index) returning counts or a list of durations; the rates,
medians, histogram buckets and ISO weeks are computed by the pure functions at
``store.read.metrics_math``, which the tests exercise directly.

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

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, union
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
from rightsguard.store.read.metrics_math import (
    ACTED_ON,
    DEADLINE_LIST,
    HORIZON_DAYS,
    WEEKS,
    CaseRowFigures,
    Counts,
    DueDeadline,
    Figures,
    RepeatCounts,
    SentGroup,
    cease_and_desist,
    letters,
    median,
    ratio,
    repeat_counts,
    repeat_rate,
    takedown,
    time_to_takedown,
    week_start,
    weekly,
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
