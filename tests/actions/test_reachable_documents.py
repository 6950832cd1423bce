"""The AMR complaint, the other-authority complaint, the disclosure request and the
technical-measure memo can be drafted without a counsel override once the case holds
what their gates ask: a verified party (``parties verify``), a breach recorded on the
target (``target breach``), the provider picked from the directory (``--provider``);
the memo is not gated by the approval it asks for."""

from __future__ import annotations

from test_actions_flow import _capture, _holder, mail, world  # noqa: F401  (fixtures)

from rightsguard.actions import drafting, gating
from rightsguard.store import Store
from rightsguard.workspace import Workspace

COUNSEL = gating.Recipient("法务部 王律师", "杭州市西湖区文三路 100 号", None, "authority")


def test_the_memo_is_not_gated_by_the_approval_it_asks_for(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    ws, store, case_id = world
    _holder(store)
    _capture(store)
    action, data = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="technical_measure_memo",
        lang="zh-CN",
        recipient=COUNSEL,
        facts={"measure": "DNS 重定向"},
        with_pdf=False,
    )
    assert data["overrides"] == []
    assert action.type.value == "technical_measure"
