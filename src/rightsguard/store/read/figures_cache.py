"""The dashboard's figures, kept: recomputed only when the data changed, and at most
so often however many people watch (see ``FiguresCache``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rightsguard.store.models import ActionRow, CaptureRow, CaseRow, DeadlineRow, EventRow, utcnow
from rightsguard.store.read.metrics import figures
from rightsguard.store.read.metrics_math import Figures


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

    * for ``fresh_for`` seconds without asking the database anything;
    * then while the data version is unchanged, for at most ``max_age`` seconds (a
      change that records no event still shows within that time);
    * after a change, for at most ``min_interval`` seconds since they were computed,
      so that a busy workbench recomputes at most that often however many people
      watch the dashboard (the page shows the time the figures are from).

    One computation at a time per scope: a burst of requests after a change waits
    for one computation instead of running twenty.
    """

    def __init__(
        self, max_age: float = 60.0, min_interval: float = 5.0, fresh_for: float = 1.0
    ) -> None:
        self.max_age = max_age
        self.min_interval = min_interval
        self.fresh_for = fresh_for
        self._lock = threading.Lock()
        self._locks: dict[int | None, threading.Lock] = {}
        self._kept: dict[int | None, tuple[tuple[Any, ...], float, Figures]] = {}

    def get(
        self,
        open_session: Callable[[], AbstractContextManager[Session]],
        case_id: int | None = None,
    ) -> Figures:
        """The figures of ``case_id`` (None: the portfolio); ``open_session`` gives a
        session in a transaction when the database must be asked."""
        kept = self._kept.get(case_id)
        if kept is not None and time.monotonic() - kept[1] < self.fresh_for:
            return kept[2]
        with self._lock:
            lock = self._locks.setdefault(case_id, threading.Lock())
        with lock, open_session() as session:
            now = utcnow()
            version = data_version(session, now)
            kept = self._kept.get(case_id)
            if kept is not None:
                age = time.monotonic() - kept[1]
                if age < (self.max_age if kept[0] == version else self.min_interval):
                    return kept[2]
            result = figures(session, case_id, now)
            if case_id is None or len(self._kept) < 256:
                self._kept[case_id] = (version, time.monotonic(), result)
            return result
