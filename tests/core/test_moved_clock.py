"""The clock mover behind ``make test-future`` (RIGHTSGUARD_TEST_NOW) really moves the
wall clock of the process, and only the wall clock."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from clockkit import moved_clock
from rightsguard.store.models import utcnow


def test_the_moved_clock_moves_today_and_now_but_not_the_monotonic_clock() -> None:
    before = time.monotonic()
    with moved_clock("2031-06-15T10:00:00+00:00"):
        assert date.today() == date(2031, 6, 15)
        assert utcnow().year == 2031 and datetime.now(UTC).month == 6
        assert time.time() > datetime(2031, 6, 15, tzinfo=UTC).timestamp()
        assert time.monotonic() - before < 60  # sleeps and timeouts keep working
