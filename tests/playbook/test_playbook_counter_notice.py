"""The DMCA put-back clock runs from the provider's receipt of the counter notice
(17 USC 512(g)(2)(C)); the facts say which date they hold, and the schema asks for it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from playbook_world import base, plan_of, us_counter_noticed
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.domain.errors import InvalidValue
from rightsguard.playbook import parse_facts
from rightsguard.playbook.clocks import add_us_business_days
from rightsguard.playbook.facts import facts_json_schema


def dmca_case(**dates: str) -> dict[str, Any]:
    d = base()
    us_counter_noticed(d, **dates)
    return d


def dmca_clock(doc: dict[str, Any]) -> Any:
    plan = plan_of(doc)
    return next(c for c in plan.clocks if c.id == "notice.counter-dmca:N1"), plan


def test_dmca_clock_runs_from_the_hosts_receipt_not_from_when_we_heard() -> None:
    clock, _ = dmca_clock(
        dmca_case(
            counter_notice_received_by_host_on="2026-11-16",
            counter_notice_on="2026-11-18",
        )
    )
    assert clock.start == date(2026, 11, 16)
    assert clock.due == add_us_business_days(date(2026, 11, 16), 10) == date(2026, 12, 1)
    assert clock.due_latest == add_us_business_days(date(2026, 11, 16), 14)
    assert not clock.projected


def test_dmca_clock_without_the_hosts_date_is_projected_and_asks_for_it() -> None:
    clock, plan = dmca_clock(dmca_case(counter_notice_on="2026-11-18"))
    assert clock.start == date(2026, 11, 18) and clock.projected
    reply = next(a for a in plan.actions if a.key == "counter_notice_reply:N1")
    asks = [n for n in reply.notes if "counter_notice_received_by_host_on" in n.text.en]
    assert asks and asks[0].level == "warn"
    assert "服务商收到反通知的日期" in asks[0].text.zh


def test_hosts_receipt_alone_is_a_counter_notice() -> None:
    clock, plan = dmca_clock(dmca_case(counter_notice_received_by_host_on="2026-11-16"))
    assert clock.start == date(2026, 11, 16) and not clock.projected
    assert any(a.key == "counter_notice_reply:N1" for a in plan.actions)


def test_ecommerce_clock_still_runs_from_when_the_declaration_reached_the_holder() -> None:
    d = dmca_case(counter_notice_received_by_host_on="2026-11-16", counter_notice_on="2026-11-18")
    d["providers"][0].update(country="CN", channel="ecommerce")
    plan = plan_of(d)
    clock = next(c for c in plan.clocks if c.id == "notice.counter-ecommerce:N1")
    assert clock.start == date(2026, 11, 18)


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        (
            {"counter_notice_received_by_host_on": "2026-10-30"},
            "history[0].counter_notice_received_by_host_on",
        ),
        (
            {"counter_notice_received_by_host_on": "2026-11-19", "counter_notice_on": "2026-11-18"},
            "history[0].counter_notice_received_by_host_on",
        ),
    ],
)
def test_impossible_receipt_dates_are_refused(dates: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_facts(dmca_case(**dates))
    assert err.value.field == field


def test_schema_names_the_date_each_field_takes_in_both_languages() -> None:
    schema = facts_json_schema()
    history = schema["$defs"]["HistoryItem"]["properties"]
    host = history["counter_notice_received_by_host_on"]
    assert "512(g)(2)(C)" in host["description"]
    assert "收到反通知的日期" in host["description"] and "服务商收到反通知的日期" in host["title"]
    assert host["title"]
    ours = history["counter_notice_on"]["description"]
    assert "reached the holder" in ours and "到达权利人" in ours


def test_rules_facts_schema_cli_prints_the_schema() -> None:
    out = CliRunner().invoke(app, ["rules", "facts-schema"])
    assert out.exit_code == 0, out.output
    schema = json.loads(out.stdout)
    assert "counter_notice_received_by_host_on" in schema["$defs"]["HistoryItem"]["properties"]
