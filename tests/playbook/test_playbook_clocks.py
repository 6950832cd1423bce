from datetime import date

import pytest

from rightsguard.playbook.clocks import (
    LAST_PUBLISHED_CN_YEAR,
    Basis,
    Urgency,
    add_calendar_days,
    add_cn_working_days,
    add_days,
    add_months,
    add_us_business_days,
    add_years,
    is_cn_working_day,
    is_us_business_day,
    make_clock,
)
from rightsguard.playbook.text import t


def test_2026_national_day_calendar_from_python_holidays() -> None:
    # LAW.md: 1-7 October off, 20 September and 10 October worked.
    for day in range(1, 8):
        assert not is_cn_working_day(date(2026, 10, day))
    assert is_cn_working_day(date(2026, 9, 20))  # a Sunday, worked
    assert is_cn_working_day(date(2026, 10, 10))  # a Saturday, worked
    assert is_cn_working_day(date(2026, 10, 8))
    assert not is_cn_working_day(date(2026, 10, 11))  # ordinary Sunday


def test_first_day_not_counted_art_201() -> None:
    assert add_days(date(2026, 3, 2), 10) == date(2026, 3, 12)


def test_period_ending_in_holiday_moves_to_next_working_day_art_203() -> None:
    # 24 Sep + 10 days = 4 Oct, inside National Day: ends 8 Oct.
    assert add_days(date(2026, 9, 24), 10) == date(2026, 10, 8)
    # ends on an ordinary Sunday: next Monday
    assert add_days(date(2026, 3, 5), 3) == date(2026, 3, 9)


def test_period_ending_on_adjusted_working_day_stays() -> None:
    assert add_days(date(2026, 9, 10), 10) == date(2026, 9, 20)
    assert add_days(date(2026, 9, 30), 10) == date(2026, 10, 10)


def test_spring_festival_2026() -> None:
    # 15-23 Feb 2026 off; 14 and 28 Feb worked
    assert not is_cn_working_day(date(2026, 2, 17))
    assert is_cn_working_day(date(2026, 2, 14))
    assert add_days(date(2026, 2, 1), 15) == date(2026, 2, 24)


def test_cn_working_days_skip_holidays_and_count_adjusted_days() -> None:
    assert add_cn_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_cn_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)
    assert add_cn_working_days(date(2026, 10, 8), 2) == date(2026, 10, 10)
    # 20 working days from 1 Oct 2026: 8,9,10,12..16,19..23,26..30 Oct (18), 2 and 3 Nov
    assert add_cn_working_days(date(2026, 10, 1), 20) == date(2026, 11, 3)


def test_us_business_days_skip_federal_holidays() -> None:
    assert not is_us_business_day(date(2026, 11, 26))  # Thanksgiving
    assert not is_us_business_day(date(2026, 7, 3))  # Independence Day observed
    assert add_us_business_days(date(2026, 7, 2), 1) == date(2026, 7, 6)
    # DMCA 512(g): counter-notice on 18 Nov 2026 -> days 10 and 14
    assert add_us_business_days(date(2026, 11, 18), 10) == date(2026, 12, 3)
    assert add_us_business_days(date(2026, 11, 18), 14) == date(2026, 12, 9)


def test_months_and_years() -> None:
    # no 31 Feb: the month's last day; 28 Feb 2026 is a Saturday but an adjusted working day
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)  # Friday
    assert add_months(date(2027, 1, 31), 1) == date(2027, 3, 1)  # 28 Feb 2027 is a Sunday
    assert add_months(date(2026, 8, 4), 2) == date(2026, 10, 8)  # 4 Oct is a holiday
    assert add_years(date(2026, 8, 1), 3) == date(2029, 8, 1)
    assert add_calendar_days(date(2026, 10, 1), 3) == date(2026, 10, 4)  # no roll-over


@pytest.mark.parametrize("basis", [Basis.CN_DAYS, Basis.CN_WORKING_DAYS])
def test_unpublished_year_is_flagged(basis: Basis) -> None:
    year = LAST_PUBLISHED_CN_YEAR + 1
    clock = make_clock(
        id="x",
        label=t("x", "x"),
        start=date(year, 1, 5),
        due=date(year, 1, 6),
        rule_id="x",
        consequence=t("x", "x"),
        basis=basis,
        today=date(year, 1, 5),
    )
    assert clock.calendar_note is not None
    assert not clock.expired


def test_expired_flag() -> None:
    clock = make_clock(
        id="x",
        label=t("x", "x"),
        start=date(2026, 1, 5),
        due=date(2026, 1, 6),
        rule_id="x",
        consequence=t("x", "x"),
        basis=Basis.GUIDANCE,
        today=date(2026, 2, 1),
    )
    assert clock.expired
    assert clock.urgency == Urgency.EXPIRED and clock.days_left == -26
