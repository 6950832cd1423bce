"""The enforcement plan of a case, computed once per state of its facts.

A plan is a pure function of the case's facts document and the date, so the
document (a handful of reads) is built on every view and hashed; while the hash
is unchanged the plan computed from it is reused. Nothing can be stale: any
change to the case's rights, targets, captures, parties or actions changes the
document and so the plan.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import date

from rightsguard.actions.case_facts import facts_document
from rightsguard.playbook import make_plan, parse_facts
from rightsguard.playbook.output import Plan
from rightsguard.store import Store


class PlanCache:
    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self.hits = 0
        self._kept: OrderedDict[tuple[int, bytes], Plan] = OrderedDict()
        self._lock = threading.Lock()

    def plan(self, store: Store, case_id: int, today: date, capture_max_age_days: int) -> Plan:
        document = facts_document(
            store, case_id, today=today, capture_max_age_days=capture_max_age_days
        )
        text = json.dumps(document, sort_keys=True, default=str, ensure_ascii=False)
        key = (case_id, hashlib.sha256(f"{today}|{text}".encode()).digest())
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                self.hits += 1
                return kept
        plan = make_plan(parse_facts(document, today=today))
        with self._lock:
            self._kept[key] = plan
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return plan
