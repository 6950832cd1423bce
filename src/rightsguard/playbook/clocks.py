"""Legal clocks: calendar and working-day arithmetic.

China: periods in days, months or years do not count the first day (Civil
Code Art. 201); a period whose last day is a statutory day off ends on the
next working day (Art. 203; in court practice weekends count as days off).
Working days follow the State Council's schedule as python-holidays carries
it: public holidays are days off, and the weekend days declared working days
(调休, ``weekend_workdays``) are worked. US business days exclude weekends and
federal holidays.

Public surface: :class:`Clock`, :func:`add_days`, :func:`add_months`,
:func:`add_years`, :func:`add_cn_working_days`, :func:`add_us_business_days`,
:func:`is_cn_working_day`, :func:`is_us_business_day`, :func:`make_clock`,
:class:`Urgency`, :func:`urgency_of`.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from holidays import HolidayBase
from holidays.countries.china import China
from holidays.countries.united_states import UnitedStates
from pydantic import BaseModel, ConfigDict

from rightsguard.playbook.text import Text


class Basis(StrEnum):
    """How a clock counts."""

    CN_DAYS = "cn_days"  # calendar days, Civil Code Arts. 201 and 203
    CN_FULL_DAYS = "cn_full_days"  # calendar days, no roll-over (e.g. "10 full days")
    CALENDAR_DAYS = "calendar_days"  # plain calendar days (non-Chinese procedures)
    CN_WORKING_DAYS = "cn_working_days"
    US_BUSINESS_DAYS = "us_business_days"
    GUIDANCE = "guidance"  # no fixed period in law: an internal target date


class Urgency(StrEnum):
    """How close a clock is to its end, counted from the plan's ``today``."""

    EXPIRED = "expired"  # the due date has passed
    URGENT = "urgent"  # due within URGENT_DAYS
    SOON = "soon"  # due within SOON_DAYS
    RUNNING = "running"


URGENT_DAYS = 7
SOON_DAYS = 30


def urgency_of(days_left: int) -> Urgency:
    """The urgency of a clock whose due date is ``days_left`` days after today."""
    if days_left < 0:
        return Urgency.EXPIRED
    if days_left <= URGENT_DAYS:
        return Urgency.URGENT
    if days_left <= SOON_DAYS:
        return Urgency.SOON
    return Urgency.RUNNING


def _last_published_cn_year() -> int:
    try:  # inside the try: a change in the holidays library must not break import
        from holidays.countries.china import ChinaStaticHolidays

        return max(ChinaStaticHolidays.special_public_holidays)
    except (ImportError, AttributeError, ValueError):  # pragma: no cover - library change
        return date.today().year


LAST_PUBLISHED_CN_YEAR = _last_published_cn_year()


@lru_cache(maxsize=256)
def _cn(year: int) -> HolidayBase:
    return China(years=year)  # type: ignore[no-untyped-call]


@lru_cache(maxsize=256)
def _us(year: int) -> HolidayBase:
    return UnitedStates(years=year)  # type: ignore[no-untyped-call]


def is_cn_working_day(day: date) -> bool:
    """True on a mainland-China working day, adjusted working days included."""
    cal = _cn(day.year)
    if day in cal:
        return False
    if day in cal.weekend_workdays:
        return True
    return day.weekday() < 5


def is_us_business_day(day: date) -> bool:
    """True on a US business day (not a weekend or federal holiday)."""
    return day.weekday() < 5 and day not in _us(day.year)


def cn_roll_forward(day: date) -> date:
    """``day`` if it is a working day, else the next working day (Art. 203)."""
    while not is_cn_working_day(day):
        day += timedelta(days=1)
    return day


def add_days(start: date, days: int) -> date:
    """End of a period of ``days`` days from ``start`` under Arts. 201 and 203."""
    return cn_roll_forward(start + timedelta(days=days))


def shift_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_calendar_days(start: date, days: int) -> date:
    """Plain calendar days, no holiday roll-over (e.g. "10 full days", UDRP periods)."""
    return start + timedelta(days=days)


def add_months(start: date, months: int) -> date:
    """End of a period of months: the same day of the month (or the month's
    last day when there is none), rolled forward off a day off."""
    return cn_roll_forward(shift_months(start, months))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def add_cn_working_days(start: date, days: int) -> date:
    """The ``days``-th mainland working day after ``start``."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_cn_working_day(day):
            left -= 1
    return day


def add_us_business_days(start: date, days: int) -> date:
    """The ``days``-th US business day after ``start``."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_us_business_day(day):
            left -= 1
    return day


class Clock(BaseModel):
    """A deadline the plan tracks."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: Text
    start: date
    due: date
    due_latest: date | None = None
    rule_id: str
    consequence: Text
    basis: Basis
    projected: bool = False
    guidance_only: bool = False
    unverified: bool = False
    expired: bool = False
    calendar_note: Text | None = None
    days_left: int | None = None  # due minus today; negative once expired
    urgency: Urgency = Urgency.RUNNING


def make_clock(
    *,
    id: str,
    label: Text,
    start: date,
    due: date,
    rule_id: str,
    consequence: Text,
    basis: Basis,
    today: date,
    due_latest: date | None = None,
    projected: bool = False,
    guidance_only: bool = False,
    unverified: bool = False,
) -> Clock:
    """Build a clock, flagging it expired, counting the days left to ``due`` with their
    urgency, and noting unpublished holiday years."""
    note = None
    last = due_latest or due
    if basis in (Basis.CN_DAYS, Basis.CN_WORKING_DAYS) and last.year > LAST_PUBLISHED_CN_YEAR:
        note = Text(
            zh=f"{last.year}年的放假安排尚未公布，届时请复核该日期。",
            en=f"The {last.year} holiday schedule is not yet published; recheck this date then.",
        )
    return Clock(
        id=id,
        label=label,
        start=start,
        due=due,
        due_latest=due_latest,
        rule_id=rule_id,
        consequence=consequence,
        basis=basis,
        projected=projected,
        guidance_only=guidance_only,
        unverified=unverified,
        expired=due < today,
        calendar_note=note,
        days_left=(due - today).days,
        urgency=urgency_of((due - today).days),
    )
