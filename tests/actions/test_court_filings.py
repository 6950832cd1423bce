"""A civil complaint (起诉状) holds what Civil Procedure Law Art. 124 asks: the parties with
legal representatives, claims with amounts, facts and reasons, the law, the court's
jurisdiction and the evidence with its source; a police report (报案材料) a narrative and
the amounts the case holds, as numbers."""

from __future__ import annotations

import pytest
from test_actions_golden import render_text

from rightsguard.actions.catalog import KINDS, missing_elements
from rightsguard.actions.formats import format_amount, parse_amount, total_amount
from rightsguard.actions.sample import sample_context


@pytest.mark.parametrize(
    ("kind_id", "facts", "missing"),
    [
        ("civil_complaint", {"damages": "a lot"}, ["fact:damages"]),
        ("civil_complaint", {"damages": "", "costs": "-5"}, ["fact:damages", "fact:costs"]),
        ("civil_complaint", {"jurisdiction": "anywhere"}, ["fact:jurisdiction"]),
        ("police_report", {"business_volume": "", "illegal_gains": ""}, ["amounts"]),
        ("police_report", {"illegal_gains": "many"}, ["amounts"]),
        ("police_report", {"suspect": ""}, ["fact:suspect"]),
    ],
)
def test_court_and_police_filings_need_their_amounts(
    kind_id: str, facts: dict[str, str], missing: list[str]
) -> None:
    ctx = sample_context(kind_id, "zh-CN")
    assert not missing_elements(KINDS[kind_id], ctx)
    ctx["facts"].update(facts)
    assert [e.id for e in missing_elements(KINDS[kind_id], ctx)] == missing


def test_a_civil_complaint_names_the_legal_representative() -> None:
    ctx = sample_context("civil_complaint", "zh-CN")
    ctx["holder"]["legal_representative"] = None
    assert [e.id for e in missing_elements(KINDS["civil_complaint"], ctx)] == [
        "legal_representative"
    ]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_jurisdiction_at_the_place_of_infringement(lang: str) -> None:
    ctx = sample_context("civil_complaint", lang)
    ctx["facts"].update(
        jurisdiction="infringement_place", jurisdiction_reason="被告网站服务器所在地"
    )
    _, text = render_text("civil_complaint", lang, ctx)
    wanted = (
        "深圳市龙华区人民法院辖区为本案侵权行为地（被告网站服务器所在地）"
        if lang == "zh-CN"
        else "within the district of 深圳市龙华区人民法院 (被告网站服务器所在地)"
    )
    assert wanted in text


def test_amounts_as_written_and_printed() -> None:
    assert parse_amount("¥50,000") == 50000 and parse_amount("-1") is None
    assert parse_amount("1e999999") is not None and parse_amount("nan") is None
    assert format_amount("1234.5") == "1,234.50" and format_amount("500000") == "500,000"
    assert total_amount(["500000", None, "30,000"]) == "530,000"
