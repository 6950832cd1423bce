"""UDRP and CNDRP complaints say what a panel needs: the registrar and respondent as
RDAP/WHOIS recorded them, panel size and language, other proceedings, mutual
jurisdiction (UDRP), the certification, the annexes, the registration date (CNDRP's
three years) and bad faith argued from the circumstances the case's facts hold."""

from __future__ import annotations

from datetime import date

import pytest
from test_actions_flow import mail, world  # noqa: F401  (fixtures)
from test_actions_golden import render_text

from rightsguard.actions.catalog import KINDS, missing_elements
from rightsguard.actions.context import document_context
from rightsguard.actions.dispute import CITATIONS, dispute_context
from rightsguard.actions.sample import sample_context
from rightsguard.domain.errors import InvalidValue
from rightsguard.identify.registration import Registration
from rightsguard.identify.service import registration_facts
from rightsguard.playbook.sources import cites_known_source
from rightsguard.store import Store
from rightsguard.workspace import Workspace


def _with(kind_id: str, lang: str, **facts: str) -> dict:
    ctx = sample_context(kind_id, lang)
    ctx["facts"].update(facts)
    ctx["dispute"] = dispute_context(KINDS[kind_id].channel or "", ctx, lang)
    return ctx


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_bad_faith_is_argued_from_the_facts_present(lang: str) -> None:
    _, plain = render_text("udrp_complaint", lang, _with("udrp_complaint", lang))
    assert "4(b)(iv)" in plain and "4(b)(i)" not in plain.replace("4(b)(iv)", "")
    ctx = _with("udrp_complaint", lang, offered_for_sale="asked RMB 50,000 by e-mail")
    _, text = render_text("udrp_complaint", lang, ctx)
    assert "4(b)(i)" in text.replace("4(b)(iv)", "") and "asked RMB 50,000 by e-mail" in text
    ctx = _with("cndrp_complaint", lang, pattern="aurorix-shop.cn, aurorix-sale.cn")
    _, text = render_text("cndrp_complaint", lang, ctx)
    assert ("第九条第（二）项" if lang == "zh-CN" else "Art. 9(2)") in text


def test_no_circumstance_no_complaint() -> None:
    ctx = sample_context("udrp_complaint", "en")
    ctx["evidence"] = []
    ctx["dispute"] = dispute_context("udrp", ctx, "en")
    assert [e.id for e in missing_elements(KINDS["udrp_complaint"], ctx)] == [
        "preliminary_evidence",
        "bad_faith_circumstance",
    ]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_panel_size_and_language(lang: str) -> None:
    _, text = render_text("udrp_complaint", lang, _with("udrp_complaint", lang, panel_size="3"))
    assert ("三名专家组成的专家组" if lang == "zh-CN" else "a three-member panel") in text
    with pytest.raises(InvalidValue, match=r"panel_size.*'2' is not one of 1, 3"):
        _with("udrp_complaint", lang, panel_size="2")
    with pytest.raises(InvalidValue, match="mutual_jurisdiction"):
        _with("udrp_complaint", lang, mutual_jurisdiction="court")


def test_other_proceedings_and_mutual_jurisdiction_from_facts() -> None:
    ctx = _with(
        "udrp_complaint",
        "en",
        other_proceedings="A lawsuit is pending before the Hangzhou Internet Court.",
        mutual_jurisdiction="respondent",
    )
    _, text = render_text("udrp_complaint", "en", ctx)
    assert "A lawsuit is pending before the Hangzhou Internet Court." in text
    assert "the Respondent's address as the registrar's WHOIS record shows it" in text


def test_cndrp_needs_a_registration_date_under_three_years() -> None:
    kind = KINDS["cndrp_complaint"]
    for created, missing in (("2025-03-15", []), ("2023-11-27", ["domain_registered_on"])):
        ctx = sample_context("cndrp_complaint", "zh-CN")
        ctx["domains"][0]["created"] = created
        ctx["dispute"] = dispute_context("cndrp", ctx, "zh-CN")
        assert [e.id for e in missing_elements(kind, ctx)] == missing
    ctx = sample_context("cndrp_complaint", "zh-CN")
    ctx["domains"][0]["created"] = None
    ctx["dispute"] = dispute_context("cndrp", ctx, "zh-CN")
    assert [e.id for e in missing_elements(kind, ctx)] == ["domain_registered_on"]
    # UDRP has no such window
    ctx = sample_context("udrp_complaint", "en")
    ctx["domains"][0]["created"] = "2010-01-01"
    ctx["dispute"] = dispute_context("udrp", ctx, "en")
    assert not missing_elements(KINDS["udrp_complaint"], ctx)


def _context(store: Store, case_id: int) -> dict:
    recipient = {"name": "HKIAC", "email": "dn@hkiac.example", "role": "dispute_provider"}
    return document_context(
        store,
        case_id,
        lang="en",
        target_ids=None,
        recipient=recipient,
        facts={},
        today=date(2026, 11, 28),
        channel="cndrp",
    )


def test_registrar_and_respondent_come_from_the_registration_record(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    _, store, case_id = world
    target = store.targets.list(case_id=case_id)[0]
    ctx = _context(store, case_id)
    assert {e.id for e in missing_elements(KINDS["cndrp_complaint"], ctx)} >= {
        "registrar",
        "respondent_data",
        "domain_registered_on",
    }
    reg = Registration(
        name="aurorix-outlet.cn",
        registrar="Alibaba Cloud Computing (Beijing) Co., Ltd.",
        registrant_org="Chenxi Youpin",
        registrant_email="Owner@chenxi-youpin.cn",
        registrant_province="Guangdong",
        registrant_country="CN",
        created=date(2025, 3, 15),
        source="whois",
    )
    store.observables.replace_for_target(
        target.id, [(f.kind, f.value, f.source, f.detail) for f in registration_facts(reg)]
    )
    ctx = _context(store, case_id)
    assert ctx["domains"] == [
        {
            "host": "aurorix-outlet.cn",
            "registrar": "Alibaba Cloud Computing (Beijing) Co., Ltd.",
            "registrant": "Chenxi Youpin",
            "source": "whois",
            "country": "CN",
            "province": "Guangdong",
            "created": "2025-03-15",
            "email": "owner@chenxi-youpin.cn",
        }
    ]
    assert ctx["dispute"]["registrars"] == ["Alibaba Cloud Computing (Beijing) Co., Ltd."]
    assert ctx["dispute"]["age_years"] == 1


def test_the_articles_argued_are_in_the_register() -> None:
    assert all(cites_known_source(*c) for c in CITATIONS)
