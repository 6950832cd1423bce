"""The plan section of a case page, rendered once per state of the case's facts.

A plan is a pure function of the case's facts document and the date, so the
document (built from the snapshot the page reads anyway) is hashed on every
view; while the hash is unchanged, the section rendered from it, in each
language, is reused. Nothing can be stale: any change to the case's rights,
targets, captures, parties or actions changes the document and so the plan.

What is kept is the rendered HTML, a string, not the plan's objects: a plan of a
large case is thousands of Python objects, and a thousand of them kept alive made
every full garbage collection of a server process take hundreds of milliseconds.
The cache is bounded by the total size of what it keeps.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from rightsguard.actions.case_facts import facts_of_snapshot
from rightsguard.playbook import make_plan, parse_facts
from rightsguard.playbook.facts import HistoryItem
from rightsguard.playbook.output import Plan

#: What the cache may keep, in characters of HTML (about 64 MB at most).
BUDGET_CHARS = 32_000_000


def facts_key(case_id: int, document: dict[str, Any], today: date) -> bytes:
    text = json.dumps(document, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{case_id}|{today}|{text}".encode()).digest()


class PlanSections:
    """Rendered plan sections by (facts, language), least recently used dropped first."""

    def __init__(self, budget_chars: int = BUDGET_CHARS) -> None:
        self.budget = budget_chars
        self.hits = 0
        self.kept_chars = 0
        self._kept: OrderedDict[tuple[bytes, str], str] = OrderedDict()
        self._lock = threading.Lock()

    def section(
        self,
        snapshot: dict[str, Any],
        lang: str,
        today: date,
        capture_max_age_days: int,
        render: Callable[[Plan, list[HistoryItem]], str],
    ) -> str:
        """The plan section of the case in ``snapshot`` (``store.case_snapshot``);
        ``render`` gets the plan and the case's history (what was already sent)."""
        document = facts_of_snapshot(
            snapshot, today=today, capture_max_age_days=capture_max_age_days
        )
        key = (facts_key(snapshot["case"].id, document, today), lang)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                self.hits += 1
                return kept
        facts = parse_facts(document, today=today)
        html = render(make_plan(facts), list(facts.history))
        with self._lock:
            if key not in self._kept:
                self._kept[key] = html
                self.kept_chars += len(html)
            while self.kept_chars > self.budget and self._kept:
                _, dropped = self._kept.popitem(last=False)
                self.kept_chars -= len(dropped)
        return html
