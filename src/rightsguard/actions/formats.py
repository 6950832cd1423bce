"""Dates and times as documents print them: one format per language.

Chinese documents write days as 2026年12月5日 and times in Beijing time
(UTC+8) as 2026年12月5日 16时05分（北京时间）; English documents write
5 December 2026 and 5 December 2026, 16:05 Beijing time (UTC+8). Values come
as ``date``/``datetime`` objects or ISO strings (what the stored context holds).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

BEIJING = timezone(timedelta(hours=8), "UTC+8")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _as_day(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def _as_moment(value: datetime | str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip()
        if text.endswith(" UTC"):
            text = text[: -len(" UTC")] + "+00:00"
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def format_day(value: date | str | None, lang: str) -> str:
    """A calendar day in the document's language; empty for no value."""
    if value in (None, ""):
        return ""
    assert value is not None
    day = _as_day(value)
    if lang == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def format_time(value: datetime | str | None, lang: str) -> str:
    """A moment in Beijing time (UTC+8), in the document's language; empty for none."""
    if value in (None, ""):
        return ""
    assert value is not None
    moment = _as_moment(value)
    if lang == "zh-CN":
        return f"{format_day(moment, lang)} {moment:%H}时{moment:%M}分（北京时间）"
    return f"{format_day(moment, lang)}, {moment:%H:%M} Beijing time (UTC+8)"


def parse_amount(value: object) -> Decimal | None:
    """An amount of money as a user writes it (``50000``, ``50,000.50``, ``¥50000``), or
    None when it is not one (a negative amount is not one either)."""
    text = str(value or "").replace(",", "").replace("，", "").strip().lstrip("¥￥")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def format_amount(value: object) -> str:
    """``50000`` → ``50,000``; ``1234.5`` → ``1,234.50`` (the same in both languages)."""
    amount = parse_amount(value)
    if amount is None:
        return str(value or "")
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def total_amount(values: Iterable[object]) -> str:
    """The sum of the amounts given (blanks skipped), formatted."""
    found = [parse_amount(v) for v in values if v]
    return format_amount(sum((a for a in found if a is not None), Decimal(0)))
