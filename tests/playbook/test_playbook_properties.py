"""Any JSON-ish facts document gives a plan or a clean InvalidValue, never another error."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playbook_world import base

from rightsguard.domain.enums import ActionType, Control, Goal, PartyRole, TargetKind
from rightsguard.domain.errors import InvalidValue
from rightsguard.playbook import make_plan, parse_facts, plan_to_dict

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)

KEYS = [
    "today",
    "rights",
    "targets",
    "captures",
    "parties",
    "providers",
    "history",
    "nature",
    "goals",
    "settings",
    "holder",
    "organisation",
    "schema_version",
    "observables",
]


def plan_or_invalid(doc: object) -> None:
    try:
        facts = parse_facts(doc)
    except InvalidValue as err:
        assert err.field
        return
    plan = make_plan(facts)
    json.dumps(plan_to_dict(plan), ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6))
def test_arbitrary_documents(doc: dict[str, Any]) -> None:
    plan_or_invalid(doc)


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_arbitrary_json(doc: object) -> None:
    plan_or_invalid(doc)


dates = st.dates().map(lambda d: d.isoformat())
ids = st.sampled_from(["a", "b", "c", "1"])
target = st.fixed_dictionaries(
    {
        "id": ids,
        "kind": st.sampled_from([k.value for k in TargetKind]),
        "control": st.sampled_from([c.value for c in Control]),
    },
    optional={
        "url": st.sampled_from(["https://x.cn", "https://y.com/p", "z.中国", "http://", "a.zz"]),
        "party_id": ids,
        "provider_ids": st.lists(ids, max_size=2),
        "status": st.sampled_from(["removed", "reappeared", "suspected"]),
        "domain_registered_on": dates,
        "icp": st.fixed_dictionaries(
            {"status": st.sampled_from(["none", "valid", "missing", "false", "mismatched"])},
            optional={"number": st.sampled_from(["京ICP备1号", "x", "蜀ICP备2号"])},
        ),
        "operator_province": st.sampled_from(["广东", "Sichuan", "Nowhere"]),
        "breaches": st.lists(
            st.sampled_from(["labels_not_chinese", "no_ccc", "no_licence"]), max_size=3
        ),
        "host_country": st.sampled_from(["US", "CN", "DE"]),
        "domain_similar_to_mark": st.booleans(),
    },
)
party = st.fixed_dictionaries(
    {"id": ids, "role": st.sampled_from([r.value for r in PartyRole])},
    optional={
        "identity_known": st.booleans(),
        "address_known": st.booleans(),
        "verified": st.booleans(),
        "province": st.sampled_from(["北京", "Shanghai"]),
        "city": st.sampled_from(["杭州", "Guangzhou"]),
        "target_ids": st.lists(ids),
    },
)
provider = st.fixed_dictionaries(
    {
        "id": ids,
        "kind": st.sampled_from(["platform", "host", "registrar", "authority"]),
        "name": st.sampled_from(["P", "Q"]),
    },
    optional={
        "country": st.sampled_from(["US", "CN", "FR"]),
        "procedure": st.just("form"),
        "channel": st.sampled_from(["ecommerce", "dmca", "network_dissemination"]),
        "target_ids": st.lists(ids, max_size=2),
    },
)
history = st.fixed_dictionaries(
    {"id": ids, "type": st.sampled_from([a.value for a in ActionType]), "sent_on": dates},
    optional={
        "target_ids": st.lists(ids, max_size=2),
        "recipient_party_id": ids,
        "provider_id": ids,
        "outcome": st.sampled_from(["continued", "no_reply"]),
        "counter_notice_on": dates,
        "reminder_on": dates,
    },
)
structured = st.fixed_dictionaries(
    {"today": dates},
    optional={
        "rights": st.lists(
            st.fixed_dictionaries(
                {
                    "id": ids,
                    "kind": st.sampled_from(
                        ["trademark", "copyright", "patent", "personality", "trade_name"]
                    ),
                },
                optional={"expires_on": dates},
            ),
            max_size=3,
        ),
        "targets": st.lists(target, max_size=4),
        "captures": st.lists(
            st.fixed_dictionaries(
                {"target_id": ids, "at": dates}, optional={"complete": st.booleans()}
            ),
            max_size=3,
        ),
        "parties": st.lists(party, max_size=3),
        "providers": st.lists(provider, max_size=3),
        "history": st.lists(history, max_size=3),
        "nature": st.fixed_dictionaries(
            {},
            optional={
                "severity": st.sampled_from(["minor", "wilful"]),
                "illegal_gains": st.integers(min_value=-5, max_value=10**7),
                "marks_count": st.integers(min_value=0, max_value=5),
                "known_since": dates,
                "computer_acts": st.lists(st.just("intrusion"), max_size=1),
            },
        ),
        "goals": st.lists(st.sampled_from([g.value for g in Goal]), max_size=3),
        "holder": st.fixed_dictionaries(
            {},
            optional={
                "country": st.sampled_from(["CN", "US", "GB"]),
                "language": st.sampled_from(["zh", "en"]),
            },
        ),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structured)
def test_structured_documents(doc: dict[str, Any]) -> None:
    plan_or_invalid(doc)


def test_base_world_plans() -> None:
    plan = make_plan(parse_facts(base()))
    assert plan.actions and plan.actions[0].rank == 1
