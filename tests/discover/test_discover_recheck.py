"""Rechecks against the sandbox switching a site between live, removed and back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from rightsguard.discover.recheck import Look, classify, recheck_targets
from rightsguard.domain.enums import ActionStatus, TargetStatus
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.evidence.httpfetch import make_client
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import Guard, NetworkPolicy
from rightsguard.sandbox import Sandbox, sites, world
from rightsguard.store import Store
from rightsguard.store.models import ActionRow, RecheckRow


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    with Sandbox(state_dir=tmp_path_factory.mktemp("sb"), services=[sites.make_service]) as sb:
        yield sb


def test_classify_is_pure() -> None:
    assert classify(Look("http://a/", 404, "http://a/", ""), None)[0] == "removed"
    assert (
        classify(Look("http://a/", 200, "http://a/", "<p>该商品已下架</p>"), None)[0] == "removed"
    )
    assert (
        classify(
            Look("http://a/", None, None, "", "ConnectError: Name or service not known"), None
        )[0]
        == "removed"
    )
    assert classify(Look("http://a/", 200, "http://b/", "x"), None)[0] == "redirected"
    live = classify(Look("http://a/", 200, "http://a/", "<b>Shop</b>"), None)
    assert live[0] == "live"
    assert classify(Look("http://a/", 200, "http://a/", "<b>Shop!</b>"), live[2])[0] == "changed"


def test_removed_then_back_is_a_repeat(store: Store, sandbox: Sandbox) -> None:
    resolver = sandbox.map().static_resolver()

    def client() -> httpx.AsyncClient:
        return make_client(Guard(resolver, NetworkPolicy(True)), CaptureLimits(timeout=5))

    case = store.cases.new("recheck")
    url = sandbox.url(world.OUTLET_HOST, "/")
    target = store.targets.add(parse_target_row({"url": url, "control": "infringer"}), case.id)
    sent = datetime.now(UTC) - timedelta(days=20)
    with store.transaction() as session:
        session.add(
            ActionRow(
                case_id=case.id,
                type="cease_and_desist",
                status="sent",
                target_ids=[target.id],
                sent_at=sent,
                data={"follow_up": (date.today() - timedelta(days=6)).isoformat()},
            )
        )
    store.targets.set_status(target.id, TargetStatus.CONFIRMED)
    store.targets.set_status(target.id, TargetStatus.ACTIONED)
    try:
        [first] = recheck_targets(store, [target.id], client)
        assert first.state == "live" and first.status_change == ("actioned", "persisting")
        sandbox.set_mode(world.OUTLET_HOST, "removed")
        [gone] = recheck_targets(store, [target.id], client)
        assert gone.state == "removed" and gone.status_change == ("persisting", "removed")
        action, data = store.actions.get(1)
        assert action.status is ActionStatus.REMOVED and data["time_to_takedown_hours"] >= 480
        sandbox.set_mode(world.OUTLET_HOST, "live")
        [back] = recheck_targets(store, [target.id], client)
        assert back.repeat and back.status_change == ("removed", "reappeared")
        verbs = [e.verb for e in store.events.list(entity="target", entity_id=target.id)]
        assert "target.repeat_infringement" in verbs
        sandbox.set_mode(world.OUTLET_HOST, "changed")
        [changed] = recheck_targets(store, [target.id], client)
        assert changed.state == "changed"
    finally:
        sandbox.set_mode(world.OUTLET_HOST, "live")
    with store.transaction() as session:
        assert session.query(RecheckRow).filter_by(target_id=target.id).count() == 4


def test_schedules_daily_then_weekly(store: Store) -> None:
    from rightsguard.discover.recheck import due_targets, next_recheck, parse_schedules

    schedules = parse_schedules({"cease_and_desist": "3,30"})
    sent = datetime(2026, 11, 1, tzinfo=UTC)
    assert next_recheck(sent, "provider_notice", None, schedules) == sent
    day5 = datetime(2026, 11, 6, tzinfo=UTC)
    assert next_recheck(sent, "provider_notice", day5, schedules) == day5 + timedelta(days=1)
    day20 = datetime(2026, 11, 21, tzinfo=UTC)
    assert next_recheck(sent, "provider_notice", day20, schedules) == day20 + timedelta(days=7)
    assert next_recheck(sent, "cease_and_desist", day5, schedules) == day5 + timedelta(days=30)
    with pytest.raises(ValueError, match="DAYS,EVERY"):
        parse_schedules({"*": "weekly"})
    case = store.cases.new("s")
    watched = store.targets.add(parse_target_row({"url": "w.example.cn"}), case.id)
    idle = store.targets.add(parse_target_row({"url": "i.example.cn"}), case.id)
    store.targets.set_status(watched.id, TargetStatus.CONFIRMED)
    store.targets.set_status(watched.id, TargetStatus.ACTIONED)
    with store.transaction() as session:
        session.add(
            ActionRow(
                case_id=case.id,
                type="provider_notice",
                status="sent",
                target_ids=[watched.id],
                sent_at=sent,
                data={},
            )
        )
        session.add(RecheckRow(target_id=watched.id, state="live", at=day20))
    assert due_targets(store, schedules, now=day20 + timedelta(days=2)) == []
    assert due_targets(store, schedules, now=day20 + timedelta(days=8)) == [watched.id]
    assert idle.id not in due_targets(store, schedules, now=day20 + timedelta(days=80))


def test_a_new_site_of_a_known_infringer_is_a_repeat(store: Store) -> None:
    from rightsguard.discover.recurrence import flag_known_party_repeats
    from rightsguard.store.models import PartyRow, TargetRow

    case = store.cases.new("repeat")
    old = store.targets.add(parse_target_row({"url": "aurorix-outlet.cn"}), case.id)
    new = store.targets.add(parse_target_row({"url": "aurorix-sale.cn"}), case.id)
    other = store.targets.add(parse_target_row({"url": "unrelated.cn"}), case.id)
    with store.transaction() as session:
        party = PartyRow(
            label="晨曦优品",
            role="primary_infringer",
            links=[
                {"type": "link", "text": "same Baidu Tongji ID 8dbef910…", "strength": "strong"}
            ],
        )
        session.add(party)
        session.flush()
        for t in (old.id, new.id):
            session.get(TargetRow, t).party_id = party.id  # type: ignore[union-attr]
    store.targets.set_status(old.id, TargetStatus.CONFIRMED)
    store.targets.set_status(old.id, TargetStatus.ACTIONED)
    [repeat] = flag_known_party_repeats(store, [new.id, other.id])
    assert repeat.target_id == new.id and repeat.earlier_targets == (old.id,)
    assert any("Baidu Tongji" in link for link in repeat.links)
    assert flag_known_party_repeats(store, [new.id]) == []  # flagged once


def test_recheck_cli(tmp_path: Path, sandbox: Sandbox) -> None:
    import json

    from typer.testing import CliRunner

    from rightsguard.cli.main import app

    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
    (ws / "rightsguard.toml").write_text("[rightsguard]\nallow_private_targets = true\n")
    base = ["--workspace", str(ws)]
    ep = sandbox.endpoints()["sites.http"]
    # an address the sandbox serves no site for: 404, as a removed page would
    runner.invoke(app, [*base, "target", "add", f"http://{ep.host}:{ep.port}/gone"])
    store_ = Store(f"sqlite:///{ws / 'rightsguard.db'}", "t")
    store_.targets.set_status(1, TargetStatus.CONFIRMED)
    store_.targets.set_status(1, TargetStatus.ACTIONED)
    store_.close()
    done = runner.invoke(app, [*base, "recheck", "--target", "1", "--no-capture", "--json"])
    assert done.exit_code == 0, done.output
    [row] = json.loads(done.stdout)["results"]
    assert row["state"] == "removed" and row["status_change"] == ["actioned", "removed"]
    assert runner.invoke(app, [*base, "recheck"]).exit_code == 2
    nothing = runner.invoke(app, [*base, "recheck", "--due"])
    assert nothing.exit_code == 0 and "nothing is due" in nothing.stdout
