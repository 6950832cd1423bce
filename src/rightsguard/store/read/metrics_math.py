"""The figures' shapes and the arithmetic behind them: pure, no database.

``store.read.metrics`` asks the database for counts and durations; the functions here
turn them into rates, medians, percentiles, histogram buckets and ISO weeks, and
the Pydantic models here are what the dashboard, the JSON API and the reports
show (so OpenAPI describes them). What each figure means is in ``store.read.metrics``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rightsguard.domain.enums import ActionType, TargetStatus

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


# ---------------------------------------------------------------- counts from the queries


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


@dataclass(frozen=True)
class RepeatCounts:
    acted_on: int
    reappeared: int
    known_party: int
    repeat_targets: int
    base: int


# ---------------------------------------------------------------- arithmetic


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


def letters(groups: Iterable[SentGroup]) -> LetterCounts:
    mine = [g for g in groups if g.type == ActionType.CEASE_AND_DESIST.value]
    return LetterCounts(
        sent=sum(g.sent for g in mine),
        replied=sum(g.answered for g in mine),
        complied=sum(g.removed for g in mine),
        effective=sum(g.effective for g in mine),
        pending=sum(g.pending for g in mine),
    )
