"""E-mail addresses typed by a user: accepted and refused forms."""

from __future__ import annotations

import pytest

from rightsguard.domain.email_address import check_email, optional_email
from rightsguard.domain.errors import InvalidValue


@pytest.mark.parametrize(
    "raw",
    [
        "legal@aurorix.com",
        "first.last+ip@mail.shop.cn",
        "售后@例子.中国",
        "ip-team@xn--fsqu00a.xn--fiqs8s",
        "  abuse@host.example  ",
    ],
)
def test_accepts_addresses(raw: str) -> None:
    assert check_email(raw) == raw.strip()


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("legal aurorix.com", "space"),
        ("legal @aurorix.com", "space"),
        ("legal@aurorix@com", "exactly one @"),
        ("legal.aurorix.com", "exactly one @"),
        ("legal@localhost", "needs a dot"),
        ("legal@aurorix.", "needs a dot"),
        ("@aurorix.com", "before the @"),
        ("a..b@aurorix.com", "dots"),
        ("legal@-bad-.com", "not a domain name"),
        ("legal@1.2.3.4", "number"),
        ("x" * 65 + "@a.com", "before the @"),
        ("", "empty"),
    ],
)
def test_refuses_with_the_field_named(raw: str, why: str) -> None:
    with pytest.raises(InvalidValue) as err:
        check_email(raw, "to_email")
    assert err.value.field == "to_email"
    assert str(err.value).startswith("to_email: ")
    assert why in str(err.value)


def test_optional_email_leaves_blank_empty() -> None:
    assert optional_email(None) is None
    assert optional_email("  ") is None
    with pytest.raises(InvalidValue):
        optional_email("nope", "holder email")


def test_the_refusal_is_said_in_chinese_too() -> None:
    with pytest.raises(InvalidValue) as err:
        check_email("ipr@gouwu tianxia.cn", "to_email")
    assert err.value.said("zh-CN") == "to_email：“ipr@gouwu tianxia.cn”不是电子邮件地址：含有空格"
    assert err.value.said("en") == str(err.value)
