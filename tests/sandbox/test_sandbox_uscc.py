from __future__ import annotations

import pytest

from rightsguard.sandbox import uscc, world


def test_known_good_code() -> None:
    assert uscc.is_valid("91350100M000100Y43")
    assert uscc.check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize("bad", ["91350100M000100Y44", "91350100M000100Y4", "91350100M000100I43"])
def test_rejects_wrong_check_length_or_alphabet(bad: str) -> None:
    assert not uscc.is_valid(bad)


def test_make_produces_valid_codes_with_valid_org_code() -> None:
    code = uscc.make("91440300", "MA5G1K2R")
    assert uscc.is_valid(code)
    assert code[16] == uscc.org_check_char("MA5G1K2R")


def _world_companies() -> list[world.Company]:
    companies = [world.RIGHTS_HOLDER, world.OPERATOR, world.OPERATOR_RELATED, world.MALL_OPERATOR]
    companies += [s.company for s in world.MALL_SHOPS]
    companies += [r.holder for r in world.ICP_RECORDS.values()]
    return companies


@pytest.mark.parametrize("company", _world_companies(), ids=lambda c: c.name_en)
def test_every_world_uscc_has_correct_check_characters(company: world.Company) -> None:
    assert len(company.uscc) == 18
    assert uscc.is_valid(company.uscc), company.uscc
    assert uscc.org_check_char(company.uscc[8:16]) == company.uscc[16]
