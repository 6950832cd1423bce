"""The small world each playbook test adjusts (imported by the tests)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from rightsguard.playbook import CaseFacts, Plan, make_plan, parse_facts

REPO = Path(__file__).resolve().parents[2]

BASE: dict[str, Any] = {
    "schema_version": 1,
    "today": "2026-09-25",
    "holder": {"name": "Acme", "country": "CN", "language": "zh"},
    "rights": [{"id": "tm", "kind": "trademark", "jurisdiction": "CN", "registration_number": "1"}],
    "targets": [
        {
            "id": "t1",
            "kind": "url",
            "url": "https://acme-fake.cn/shop",
            "control": "infringer",
            "party_id": "p1",
            "provider_ids": ["h1"],
        }
    ],
    "captures": [{"target_id": "t1", "at": "2026-09-20T10:00:00+08:00", "complete": True}],
    "parties": [
        {
            "id": "p1",
            "role": "primary_infringer",
            "identity_known": True,
            "address_known": True,
            "verified": True,
            "province": "广东",
            "city": "广州",
        }
    ],
    "providers": [
        {"id": "h1", "kind": "host", "name": "Cloud CN", "country": "CN", "procedure": "form"}
    ],
    "goals": ["remove_links"],
    "organisation": {"online_team": True, "monitoring": True, "provider_liaison": True},
}


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def us_counter_noticed(d: dict[str, Any], **dates: str) -> None:
    """A copyright notice N1 to the US host h1, answered by a counter-notice on ``dates``."""
    d["rights"] = [{"id": "cr", "kind": "copyright", "jurisdiction": "CN"}]
    d["providers"][0].update(country="US")
    d["history"] = [
        {
            "id": "N1",
            "type": "provider_notice",
            "target_ids": ["t1"],
            "provider_id": "h1",
            "sent_on": "2026-11-02",
            "outcome": "counter_noticed",
            **dates,
        }
    ]
    d["today"] = "2026-11-20"
    d["captures"][0]["at"] = "2026-11-19"


def facts_of(doc: dict[str, Any]) -> CaseFacts:
    return parse_facts(doc)


def plan_of(doc: dict[str, Any]) -> Plan:
    return make_plan(parse_facts(doc))
