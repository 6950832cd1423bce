"""``services.actions``: every face drafts, approves, sends and records by the same
rules of role, and four eyes see each approval."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "actions"))

from test_actions_flow import INFRINGER, _capture, _holder, mail, world

from rightsguard.domain.enums import ActionStatus
from rightsguard.domain.errors import InvalidValue
from rightsguard.services import actions as workflow
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.workspace import Workspace, open_workspace

__all__ = ["mail", "world"]  # the fixtures, shared with the actions tests


def _letter(ws: Workspace, store: Store, case_id: int) -> int:
    _holder(store)
    _capture(store)
    action, data = workflow.draft_action(
        ws,
        store,
        role="counsel",
        case_id=case_id,
        kind="cease_and_desist",
        lang="zh-CN",
        recipient=INFRINGER,
    )
    assert data["drafted_by"] == store.actor
    return action.id


def test_a_counsel_only_letter_is_drafted_approved_sent_and_closed_only_by_counsel(
    world: tuple[Workspace, Store, int],
) -> None:
    ws, store, case_id = world
    _holder(store)
    _capture(store)
    for role in ("analyst", "liaison"):
        with pytest.raises(InvalidValue, match="cease_and_desist is drafted by admin or counsel"):
            workflow.draft_action(
                ws,
                store,
                role=role,
                case_id=case_id,
                kind="cease_and_desist",
                lang="zh-CN",
                recipient=INFRINGER,
            )
    with pytest.raises(InvalidValue, match="only counsel may override"):
        workflow.draft_action(
            ws,
            store,
            role="liaison",
            case_id=case_id,
            kind="notice.civil_code",
            lang="zh-CN",
            recipient=INFRINGER,
            override_reason="urgent",
        )
    letter = _letter(ws, store, case_id)
    reviewer = Store(ws.database_url, "reviewer", engine=store.engine)
    with pytest.raises(InvalidValue, match="approving a cease_and_desist needs the role"):
        workflow.approve_action(ws, reviewer, letter, role="liaison")
    workflow.approve_action(ws, reviewer, letter, role="counsel", note="checked")
    with pytest.raises(InvalidValue, match="sending a cease_and_desist needs the role admin or"):
        workflow.send_action(ws, store, letter, role="liaison")
    with pytest.raises(InvalidValue, match="sending needs the role"):
        workflow.send_action(ws, store, letter, role="analyst")
    assert ActionRepo(store).get(letter)[0].status is ActionStatus.APPROVED  # nothing sent
    sent, _, path = workflow.send_action(ws, store, letter, role="counsel")
    assert sent.status is ActionStatus.SENT and path is None
    with pytest.raises(InvalidValue, match="recording the outcome of a cease_and_desist"):
        workflow.record_outcome(store, letter, role="liaison", outcome="removed")
    done, _ = workflow.record_outcome(store, letter, role="counsel", outcome="removed")
    assert done.status is ActionStatus.REMOVED


def test_the_drafter_does_not_approve_their_own_action(
    world: tuple[Workspace, Store, int],
) -> None:
    ws, store, case_id = world
    letter = _letter(ws, store, case_id)
    with pytest.raises(
        InvalidValue, match=r"tester drafted action \d+; another person must approve"
    ):
        workflow.approve_action(ws, store, letter, role="counsel")
    assert ActionRepo(store).get(letter)[0].status is ActionStatus.DRAFT


def test_a_team_of_one_may_self_approve_and_the_audit_says_so(
    world: tuple[Workspace, Store, int],
) -> None:
    ws, store, case_id = world
    letter = _letter(ws, store, case_id)
    solo = open_workspace(ws.root, {"RIGHTSGUARD_ALLOW_SELF_APPROVAL": "true"})
    approved, data = workflow.approve_action(solo, store, letter, role="counsel", note="ok")
    assert approved.status is ActionStatus.APPROVED
    assert data["approvals"][-1]["note"] == "self-approved (allow_self_approval): ok"
    events = store.events.list(entity="action", entity_id=letter)
    [event] = [e for e in events if e.verb == "action.approved"]
    assert event.reason == "self-approved (allow_self_approval): ok"
