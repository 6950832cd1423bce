"""The record of reminders e-mailed: an item (a deadline, the digest) goes to a person
at most once a day, however often the reminder job runs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rightsguard.store.models import ReminderSentRow


def already_sent(
    session: Session, username: str, kind: str, items: list[str], day: date
) -> set[str]:
    """Of ``items``, those already e-mailed to ``username`` as ``kind`` on ``day``."""
    if not items:
        return set()
    return set(
        session.scalars(
            select(ReminderSentRow.item).where(
                ReminderSentRow.username == username,
                ReminderSentRow.kind == kind,
                ReminderSentRow.day == day,
                ReminderSentRow.item.in_(items),
            )
        )
    )


def mark_sent(session: Session, username: str, items: list[tuple[str, str]], day: date) -> bool:
    """Record ``items`` ((kind, item) pairs) as sent to ``username`` on ``day``; False,
    with nothing recorded, when another run recorded one of them first."""
    try:
        with session.begin_nested():
            for kind, item in items:
                session.add(ReminderSentRow(username=username, kind=kind, item=item, day=day))
            session.flush()
    except IntegrityError:
        return False
    return True


def unmark(session: Session, username: str, items: list[tuple[str, str]], day: date) -> None:
    """Forget ``items`` (the message could not be sent: the next run tries again)."""
    for kind, item in items:
        session.execute(
            delete(ReminderSentRow).where(
                ReminderSentRow.username == username,
                ReminderSentRow.kind == kind,
                ReminderSentRow.item == item,
                ReminderSentRow.day == day,
            )
        )
