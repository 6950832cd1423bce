"""A stored case becomes the playbook's facts; `plan CASE` uses it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from rightsguard.actions.case_facts import facts_document, facts_for_case
from rightsguard.cli.main import app
from rightsguard.domain.enums import ActionStatus, ActionType, Goal
from rightsguard.domain.errors import InvalidValue
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.playbook import check_action, make_plan
from rightsguard.services import actions as workflow
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.base import open_store
from rightsguard.store.models import CaptureRow, TargetRow
from rightsguard.workspace import open_workspace


def _case(store: Store) -> int:
    right = store.rights.add(
        make_right_draft(
            kind="trademark",
            name="AURORIX",
            jurisdiction="CN",
            owner="Aurorix",
            registration_number="41234567",
            classes=[9],
            expires_on=date(2030, 6, 13),
        )
    )
    case = store.cases.new("c", right_ids=(right.id,), goals=(Goal.REMOVE_LINKS,))
    store.targets.add(
        parse_target_row({"url": "aurorix-outlet.cn", "kind": "domain", "control": "infringer"}),
        case.id,
    )
    store.targets.add(
        parse_target_row(
            {"url": "mall.example.cn/item/1", "kind": "listing", "control": "third_party"}
        ),
        case.id,
    )
    return case.id


def test_facts_from_store_drive_the_evidence_gate(store: Store) -> None:
    case_id = _case(store)
    today = date(2026, 11, 30)
    doc = facts_document(store, case_id, today=today, capture_max_age_days=10)
    assert [t["url"] for t in doc["targets"]] == [
        "http://aurorix-outlet.cn/",
        "http://mall.example.cn/item/1",
    ]
    assert doc["rights"][0]["registration_number"] == "41234567"
    assert doc["goals"] == ["remove_links"] and doc["settings"]["capture_max_age_days"] == 10
    facts = facts_for_case(store, case_id, today=today, capture_max_age_days=10)
    outlet = facts.targets[0]
    blocks = check_action(facts, ActionType.CEASE_AND_DESIST, target_ids=[outlet.id])
    assert "evidence.first" in {b.rule_id for b in blocks}
    # A complete, fresh capture of the outlet lifts the evidence gate.
    with store.transaction() as session:
        session.add(
            CaptureRow(
                target_id=int(outlet.id),
                status="complete",
                mode="browser",
                started_at=datetime(2026, 11, 29, tzinfo=UTC),
                finished_at=datetime(2026, 11, 29, 0, 1, tzinfo=UTC),
            )
        )
    facts = facts_for_case(store, case_id, today=today, capture_max_age_days=10)
    assert facts.captures and facts.captures[0].complete
    blocks = check_action(facts, ActionType.CEASE_AND_DESIST, target_ids=[outlet.id])
    assert "evidence.first" not in {b.rule_id for b in blocks}
    plan = make_plan(facts)
    assert plan.actions


def _cli_case(tmp_path: Path) -> tuple[CliRunner, list[str]]:
    """A workspace with one right, one case and the outlet domain as its target."""
    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    base = ["--workspace", str(ws)]
    runner.invoke(
        app,
        [
            *base,
            "right",
            "add",
            "--kind",
            "trademark",
            "--name",
            "AURORIX",
            "--owner",
            "A",
            "--number",
            "1",
        ],
    )
    runner.invoke(app, [*base, "case", "new", "c", "--right", "1"])
    runner.invoke(
        app,
        [
            *base,
            "target",
            "add",
            "aurorix-outlet.cn",
            "--case",
            "1",
            "--kind",
            "domain",
            "--control",
            "infringer",
        ],
    )
    return runner, base


def test_plan_case_cli(tmp_path: Path) -> None:
    runner, base = _cli_case(tmp_path)
    shown = runner.invoke(app, [*base, "plan", "1", "--show-facts", "--today", "2026-11-30"])
    assert shown.exit_code == 0, shown.output
    facts = json.loads(shown.stdout)
    assert facts["today"] == "2026-11-30" and facts["targets"][0]["control"] == "infringer"
    planned = runner.invoke(app, [*base, "plan", "1", "--json", "--today", "2026-11-30"])
    assert planned.exit_code == 0
    plan = json.loads(planned.stdout)
    assert any(s["rule_id"] == "evidence.first" for s in plan["next_steps"])
    human = runner.invoke(app, [*base, "plan", "1", "--today", "2026-11-30"])
    assert human.exit_code == 0 and "preserve evidence of target 1 first" in human.stdout
    missing = runner.invoke(app, [*base, "plan", "9"])
    assert missing.exit_code == 2 and "no case with id 9" in missing.stderr
    # the facts document round-trips through the what-if mode
    path = tmp_path / "facts.json"
    path.write_text(shown.stdout)
    what_if = runner.invoke(app, ["plan", "--facts", str(path), "--json"])
    assert what_if.exit_code == 0 and json.loads(what_if.stdout)["today"] == "2026-11-30"


def test_running_clocks_become_the_cases_deadlines(tmp_path: Path) -> None:
    runner, base = _cli_case(tmp_path)
    assert runner.invoke(app, [*base, "plan", "1", "--today", "2026-11-30"]).exit_code == 0
    shown = json.loads(runner.invoke(app, [*base, "case", "show", "1", "--json"]).stdout)
    limitation = [d for d in shown["deadlines"] if d["rule_id"] == "suit.limitation"]
    assert len(limitation) == 1 and limitation[0]["due"].startswith("2029-11-")
    # planning again does not duplicate them
    runner.invoke(app, [*base, "plan", "1", "--today", "2026-11-30"])
    again = json.loads(runner.invoke(app, [*base, "case", "show", "1", "--json"]).stdout)
    assert len(again["deadlines"]) == len(shown["deadlines"])
    human = runner.invoke(app, [*base, "case", "show", "1"]).stdout
    assert "Deadlines" in human and "limitation period" in human


def _recorded_on(store: Store, when: datetime) -> None:
    """Every target of the store was recorded at ``when``."""
    from sqlalchemy import update

    from rightsguard.store.models import TargetRow

    with store.transaction() as session:
        session.execute(update(TargetRow).values(created_at=when))


def test_known_since_is_the_first_recording_but_never_after_the_plans_day(store: Store) -> None:
    case_id = _case(store)
    _recorded_on(store, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    later = facts_document(store, case_id, today=date(2026, 11, 30), capture_max_age_days=30)
    assert later["nature"] == {"known_since": "2026-03-02"}
    # a what-if plan as of a day before the recording: the holder knew by that day at the latest
    earlier = facts_document(store, case_id, today=date(2026, 1, 15), capture_max_age_days=30)
    assert earlier["nature"] == {"known_since": "2026-01-15"}
    clock = make_plan(facts_for_case(store, case_id, today=date(2026, 1, 15)))
    limitation = [c for c in clock.clocks if c.rule_id == "suit.limitation"]
    assert [c.due for c in limitation] == [date(2029, 1, 15)]


def _sent_dmca_notice(store: Store, case_id: int) -> int:
    """A DMCA notice on the case's first target, sent on 2026-11-02."""
    with store.transaction() as session:
        target = session.scalars(select(TargetRow.id).order_by(TargetRow.id)).first()
        assert target is not None
        row = ActionRepo(store).create(
            session, case_id, ActionType.PROVIDER_NOTICE, [target], {"kind": "notice.dmca"}
        )
        action_id = row.id
    repo = ActionRepo(store)
    repo.change(action_id, "test.approved", lambda r, d: None, status=ActionStatus.APPROVED)

    def sent(row: Any, data: dict[str, Any]) -> None:
        row.sent_at = datetime(2026, 11, 2, 9, tzinfo=UTC)

    repo.change(action_id, "test.sent", sent, status=ActionStatus.SENT)
    return action_id


def test_recorded_counter_notice_dates_reach_the_plan(store: Store) -> None:
    """The provider's receipt, recorded with the outcome, starts the DMCA clock of the
    stored case (17 USC 512(g)(2)(C)); the day it reached us is kept beside it."""
    case_id = _case(store)
    notice = _sent_dmca_notice(store, case_id)
    workflow.record_outcome(
        store,
        notice,
        role="counsel",
        outcome="counter_noticed",
        counter_notice_received_by_host_on="2026-11-16",
        counter_notice_on=date(2026, 11, 18),
    )
    today = date(2026, 11, 20)
    item = facts_document(store, case_id, today=today)["history"][0]
    assert item["channel"] == "dmca"
    assert item["counter_notice_received_by_host_on"] == "2026-11-16"
    assert item["counter_notice_on"] == "2026-11-18"
    plan = make_plan(facts_for_case(store, case_id, today=today))
    clock = next(c for c in plan.clocks if c.id.startswith("notice.counter-dmca:"))
    assert clock.start == date(2026, 11, 16) and not clock.projected


@pytest.mark.parametrize(
    ("kwargs", "field", "says"),
    [
        (
            {"outcome": "removed", "counter_notice_received_by_host_on": "2026-11-16"},
            "--counter-notice-received-by-host-on",
            "goes with --outcome counter_noticed",
        ),
        (
            {"outcome": "counter_noticed", "counter_notice_on": "2026-10-30"},
            "--counter-notice-reached-us-on",
            "before the notice went out",
        ),
        (
            {
                "outcome": "counter_noticed",
                "counter_notice_received_by_host_on": "2026-11-19",
                "counter_notice_on": "2026-11-18",
            },
            "--counter-notice-received-by-host-on",
            "after the day the counter notice reached us",
        ),
        (
            {"outcome": "counter_noticed", "counter_notice_received_by_host_on": "16/11/2026"},
            "--counter-notice-received-by-host-on",
            "not a date",
        ),
    ],
)
def test_impossible_counter_notice_dates_are_refused_and_nothing_is_recorded(
    store: Store, kwargs: dict[str, Any], field: str, says: str
) -> None:
    notice = _sent_dmca_notice(store, _case(store))
    with pytest.raises(InvalidValue) as err:
        workflow.record_outcome(store, notice, role="counsel", **kwargs)
    assert err.value.field == field and says in err.value.message
    action, data = ActionRepo(store).get(notice)
    assert action.status is ActionStatus.SENT and "history" not in data


def test_act_record_takes_the_providers_receipt_of_the_counter_notice(tmp_path: Path) -> None:
    runner, base = _cli_case(tmp_path)
    help_text = runner.invoke(app, [*base, "act", "record", "--help"]).stdout
    assert "--counter-notice-received-by-host-on" in help_text and "512(g)(2)(C)" in help_text
    ws = open_workspace(tmp_path / "ws")
    store = open_store(ws)
    try:
        notice = _sent_dmca_notice(store, 1)
    finally:
        store.close()
    done = runner.invoke(
        app,
        [
            *base,
            "act",
            "record",
            str(notice),
            "--outcome",
            "counter_noticed",
            "--counter-notice-received-by-host-on",
            "2026-11-16",
        ],
        env={"RIGHTSGUARD_ROLE": "counsel"},
    )
    assert done.exit_code == 0, done.output
    facts = json.loads(
        runner.invoke(app, [*base, "plan", "1", "--show-facts", "--today", "2026-11-20"]).stdout
    )
    assert facts["history"][0]["counter_notice_received_by_host_on"] == "2026-11-16"
    bad = runner.invoke(
        app,
        [*base, "act", "record", str(notice), "--counter-notice-reached-us-on", "2026-11-40"],
        env={"RIGHTSGUARD_ROLE": "counsel"},
    )
    assert bad.exit_code != 0 and "--counter-notice-reached-us-on" in bad.stderr
