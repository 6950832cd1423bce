"""The clock mover of ``make test-future`` (shared by tests/conftest.py and its test)."""

from __future__ import annotations

import contextlib
from datetime import datetime


def moved_clock(when: str) -> contextlib.AbstractContextManager[object]:
    """This process's wall clock (``time.time``, ``datetime.now``, ``date.today``) moved
    to ``when`` and ticking on; the monotonic clock (sleeps, timeouts) is left alone."""
    import time_machine

    return time_machine.travel(datetime.fromisoformat(when), tick=True)
