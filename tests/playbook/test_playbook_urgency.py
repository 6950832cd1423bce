"""Clocks carry days left and urgency; urgent clocks lead the next steps; passed windows
no longer rank first or count as ready (issue #19 item 1)."""

from __future__ import annotations

import json
from pathlib import Path

from playbook_world import base, plan_of
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.playbook.clocks import Urgency, urgency_of
from rightsguard.playbook.plan import plan_to_dict


def test_urgency_levels_from_days_left() -> None:
    assert urgency_of(-1) == Urgency.EXPIRED
    assert urgency_of(0) == Urgency.URGENT
    assert urgency_of(7) == Urgency.URGENT
    assert urgency_of(8) == Urgency.SOON
    assert urgency_of(30) == Urgency.SOON
    assert urgency_of(31) == Urgency.RUNNING


def _limitation_doc(known_since: str) -> dict[str, object]:
    d = base()
    d["goals"] = ["compensation"]
    d["nature"] = {"known_since": known_since}
    return d


def test_limitation_three_days_from_its_end_is_the_first_step_with_a_warning() -> None:
    # known 2023-09-28: three years end 2026-09-28 (a Monday); today 2026-09-25
    plan = plan_of(_limitation_doc("2023-09-28"))
    first = plan.next_steps[0]
    assert first.rule_id == "suit.limitation" and first.level == "warn"
    assert first.clock_id == "suit.limitation"
    assert "3 days left" in first.text.en
    assert any(k.startswith("lawsuit:") for k in first.action_keys)
    data = plan_to_dict(plan)["actions"]
    lim = next(c for a in data for c in a["clocks"] if c["id"] == "suit.limitation")
    assert lim["days_left"] == 3 and lim["urgency"] == "urgent" and lim["expired"] is False


def test_a_distant_clock_gives_no_urgent_step() -> None:
    plan = plan_of(_limitation_doc("2026-02-14"))
    assert all(s.level != "warn" for s in plan.next_steps)


def test_expired_window_is_not_ready_nor_ranked_first() -> None:
    plan = plan_of(_limitation_doc("2023-01-10"))
    suit = next(a for a in plan.actions if a.type == "lawsuit")
    assert suit.window_passed and not suit.ready
    assert plan.actions[0].key != suit.key
    assert suit.rank == len(plan.actions)
    lim = next(c for c in suit.clocks if c.id == "suit.limitation")
    assert lim.expired and lim.urgency == Urgency.EXPIRED and lim.days_left is not None
    assert lim.days_left < 0
    assert any(n.level == "warn" and n.rule_id == "suit.limitation" for n in suit.notes)


def test_render_plan_marks_urgent_and_passed_clocks(tmp_path: Path) -> None:
    runner = CliRunner()
    for known, mark in (("2023-09-28", "3 days left"), ("2023-01-10", "(passed)")):
        f = tmp_path / f"{known}.json"
        f.write_text(json.dumps(_limitation_doc(known)), encoding="utf-8")
        res = runner.invoke(
            app, ["plan", "--facts", str(f), "--lang", "en"], env={"COLUMNS": "400"}
        )
        assert res.exit_code == 0, res.output
        assert mark in res.output, res.output
