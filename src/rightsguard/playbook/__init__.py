"""The guide's strategy as rules: pure functions over case facts, no I/O.

Public surface (stable for the actions, CLI and web layers):

- ``parse_facts(obj, *, today=None) -> CaseFacts`` (raises ``InvalidValue``)
- ``make_plan(facts) -> Plan`` and ``plan_to_dict(plan) -> dict``
- ``check_action(facts, action_type, *, target_ids, recipient_party_id=None,
  provider_id=None) -> list[Block]`` and ``enforce(..., override=None)``
  (raises ``GateBlocked``) with ``Override(role, reason)``
- ``required_elements(channel) -> list[Element]``
- ``all_rules()``, ``get_rule(rule_id)``, ``applicable_rules(facts)``
- clocks: ``add_days``, ``add_months``, ``add_years``, ``add_cn_working_days``,
  ``add_us_business_days``, ``is_cn_working_day``, ``is_us_business_day``
"""

from rightsguard.playbook.clocks import (
    Clock,
    add_cn_working_days,
    add_days,
    add_months,
    add_us_business_days,
    add_years,
    is_cn_working_day,
    is_us_business_day,
)
from rightsguard.playbook.elements import Element, required_elements
from rightsguard.playbook.facts import SCHEMA_VERSION, CaseFacts, Channel, parse_facts
from rightsguard.playbook.gates import Block, Check, Override, check_action, enforce, evaluate
from rightsguard.playbook.output import Plan, PlannedAction
from rightsguard.playbook.plan import make_plan, plan_for, plan_to_dict
from rightsguard.playbook.rules import Rule, all_rules, applicable_rules, get_rule
from rightsguard.playbook.text import Text

__all__ = [
    "SCHEMA_VERSION",
    "Block",
    "CaseFacts",
    "Channel",
    "Check",
    "Clock",
    "Element",
    "Override",
    "Plan",
    "PlannedAction",
    "Rule",
    "Text",
    "add_cn_working_days",
    "add_days",
    "add_months",
    "add_us_business_days",
    "add_years",
    "all_rules",
    "applicable_rules",
    "check_action",
    "enforce",
    "evaluate",
    "get_rule",
    "is_cn_working_day",
    "is_us_business_day",
    "make_plan",
    "parse_facts",
    "plan_for",
    "plan_to_dict",
    "required_elements",
]
