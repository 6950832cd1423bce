"""A reply to a counter-notice gives the day the declaration reached the holder (as
``act record`` recorded it on the notice), names the court sued in or the authority
complained to in a sentence that reads right for each, and attaches the acceptance
notice."""

from __future__ import annotations

from datetime import date

import pytest
from test_actions_flow import mail, world  # noqa: F401  (fixtures)
from test_actions_golden import render_text

from rightsguard.actions.catalog import KINDS, missing_elements
from rightsguard.actions.context import document_context
from rightsguard.actions.counter import counter_context
from rightsguard.actions.sample import COUNTER_NOTICE, sample_context
from rightsguard.domain.enums import ActionType
from rightsguard.domain.errors import InvalidValue
from rightsguard.evidence.items import add_files
from rightsguard.evidence.ledger import Ledger
from rightsguard.store import Store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.blobs import BlobStore
from rightsguard.workspace import Workspace

WANTED = {
    ("court", "en"): "The right holder has sued over this infringement in 杭州市西湖区人民法院;",
    (
        "court",
        "zh-CN",
    ): "权利人已就上述侵权行为向杭州市西湖区人民法院提起诉讼，人民法院的受理通知书",
    ("authority", "en"): "The right holder has complained about this infringement to "
    "杭州市西湖区市场监督管理局; the authority's acceptance notice is Annex 3.",
    (
        "authority",
        "zh-CN",
    ): "权利人已就上述侵权行为向杭州市西湖区市场监督管理局投诉，主管部门的受理通知书",
    ("none", "en"): "The right holder will complain to the competent authority or sue in court.",
    ("none", "zh-CN"): "权利人将向有关主管部门投诉或向人民法院起诉。",
}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize(
    ("filed_with", "which"),
    [("杭州市西湖区人民法院", "court"), ("杭州市西湖区市场监督管理局", "authority"), ("", "none")],
)
def test_the_filing_sentence_with_and_without_a_court(
    lang: str, filed_with: str, which: str
) -> None:
    ctx = sample_context("counter_notice_reply", lang)
    ctx["facts"]["filed_with"] = filed_with
    ctx["counter_notice"] = counter_context(ctx["facts"], COUNTER_NOTICE)
    if not filed_with:
        ctx["acceptance_annex"] = None
    _, text = render_text("counter_notice_reply", lang, ctx)
    assert WANTED[(which, lang)] in text, text


def test_filing_kind_overrides_and_is_checked() -> None:
    ctx = counter_context({"filed_with": "Hangzhou IP Office", "filing_kind": "court"}, {})
    assert ctx["filing"] == {"kind": "court", "name": "Hangzhou IP Office"}
    with pytest.raises(InvalidValue, match="filing_kind"):
        counter_context({"filed_with": "X", "filing_kind": "panel"}, {})
    with pytest.raises(InvalidValue, match="counter_notice_on"):
        counter_context({"counter_notice_on": "25/11/2026"}, {})


def test_no_period_sentence_once_the_period_is_over() -> None:
    ctx = sample_context("counter_notice_reply", "en")
    ctx["today"] = "2026-12-11"
    _, text = render_text("counter_notice_reply", "en", ctx)
    assert "within 15 days" not in text


def test_the_reply_needs_the_arrival_day_and_the_acceptance_notice() -> None:
    ctx = sample_context("counter_notice_reply", "zh-CN")
    ctx["counter_notice"] = counter_context(ctx["facts"], {})
    ctx["acceptance_annex"] = None
    assert [e.id for e in missing_elements(KINDS["counter_notice_reply"], ctx)] == [
        "counter_notice_on",
        "acceptance_notice",
    ]


def _context(store: Store, case_id: int, facts: dict[str, str]) -> dict:
    return document_context(
        store,
        case_id,
        lang="en",
        target_ids=None,
        recipient={"name": "Mall", "email": "ipr@mall.example", "role": "provider"},
        facts=facts,
        today=date(2026, 11, 28),
    )


def test_the_recorded_counter_notice_and_the_acceptance_annex(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    ws, store, case_id = world
    target = store.targets.list(case_id=case_id)[0]
    repo = ActionRepo(store)
    for on in ("2026-11-20", "2026-11-25"):
        with store.transaction() as session:
            repo.create(
                session,
                case_id,
                ActionType.PROVIDER_NOTICE,
                [target.id],
                {"kind": "notice.ecommerce", "counter_notice_on": on},
            )
    ctx = _context(store, case_id, {})
    assert ctx["counter_notice"]["on"] == "2026-11-25"
    assert ctx["counter_notice"]["law"]["last_day"] == "2026-12-10"
    assert ctx["acceptance_annex"] is None
    with pytest.raises(InvalidValue, match=r"acceptance_notice.*'99' is not an evidence item"):
        _context(store, case_id, {"acceptance_notice": "99"})
    pdf = ws.root / "受理通知书.pdf"
    pdf.write_bytes(b"%PDF-1.4 acceptance notice")
    [item] = add_files(
        store,
        BlobStore(ws.evidence_dir),
        Ledger(store),
        None,
        [pdf],
        case_id=case_id,
        kind="letter",
    )
    ctx = _context(store, case_id, {"acceptance_notice": str(item.id)})
    annex = ctx["annexes"][ctx["acceptance_annex"] - 1]
    assert annex["filename"] == f"evidence{item.id}-受理通知书.pdf" and annex["attached"]
