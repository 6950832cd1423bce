"""The roles as Chinese messages name them (the refusals of drafting, approving and
sending say who may, in the interface's language)."""

from __future__ import annotations

from rightsguard.domain.roles import ROLE_ZH, ROLES, roles_zh


def test_every_role_has_a_chinese_name() -> None:
    assert set(ROLE_ZH) == set(ROLES)


def test_roles_are_named_in_the_order_of_the_table() -> None:
    assert roles_zh({"admin", "counsel"}) == "法律顾问或管理员"
    assert roles_zh(["liaison"]) == "联络员"
