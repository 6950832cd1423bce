from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from rightsguard.identify import cn
from rightsguard.sandbox import world


@pytest.mark.parametrize(
    ("text", "main", "site", "province"),
    [
        ("京ICP备12345678号-1", "京ICP备12345678号", 1, "Beijing"),
        ("粤ICP备2023045678号", "粤ICP备2023045678号", None, "Guangdong"),
        ("京ICP证123456号", "京ICP证123456号", None, "Beijing"),
        ("ICP备案号：沪ICP备 09012345 号 - 3", "沪ICP备09012345号", 3, "Shanghai"),
        ("蜀ICP备10000001号", "蜀ICP备10000001号", None, "Sichuan"),
        ("川ICP备10000001号-2", "川ICP备10000001号", 2, "Sichuan"),
        ("黔ICP备2021001234号", "黔ICP备2021001234号", None, "Guizhou"),
        ("蒙ICP备05000012号", "蒙ICP备05000012号", None, "Inner Mongolia"),
    ],
)
def test_icp_forms(text: str, main: str, site: int | None, province: str) -> None:
    icp = cn.parse_icp(text)
    assert icp is not None
    assert (icp.main, icp.site, icp.province.name_en) == (main, site, province)
    assert icp.province.comms_administration_zh.endswith("通信管理局")


def test_icp_new_style_and_licence() -> None:
    assert cn.parse_icp(world.MISMATCHED_ICP).new_style
    assert cn.parse_icp("京ICP证123456号").kind == "licence"
    b2 = cn.find_icp("增值电信业务经营许可证：京B2-20090059")
    assert b2[0][0].kind == "b2" and b2[0][0].province.name_en == "Beijing"
    assert cn.parse_icp("ICP 12345678") is None


def test_all_31_provincial_units_many_to_one() -> None:
    assert len(cn.PROVINCES) == 31
    assert len({p.code for p in cn.PROVINCES}) == 31
    assert cn.province_of("川") is cn.province_of("蜀")
    assert cn.province_of("陕") is cn.province_of("秦")
    assert cn.province_of("甘") is cn.province_of("陇")
    assert cn.province_of("云") is cn.province_of("滇")
    assert cn.province_of("港") is None


def test_psb_forms() -> None:
    psb = cn.parse_psb("京公网安备 11010802020088号")
    assert psb is not None and psb.number == "11010802020088"
    assert psb.province.name_en == "Beijing"
    assert cn.parse_psb("Guangdong Public Security Filing No. 44030502009876").number == (
        "44030502009876"
    )
    assert cn.parse_psb("recordcode=44030502009876").province.name_en == "Guangdong"
    assert cn.parse_psb("京公网安备 99010802020088号") is None  # no such division


#: python-stdnum's own example plus the sandbox world's codes (all valid for stdnum too).
STDNUM_VALID = [
    "91110000600037341L",
    world.RIGHTS_HOLDER.uscc,
    world.OPERATOR.uscc,
    world.OPERATOR_RELATED.uscc,
    world.MALL_OPERATOR.uscc,
    world.MALL_SHOPS[1].company.uscc,
]


@pytest.mark.parametrize("code", STDNUM_VALID)
def test_uscc_agrees_with_stdnum(code: str) -> None:
    assert stdnum_uscc.is_valid(code)
    assert cn.uscc_valid(code)
    broken = code[:17] + ("0" if code[17] != "0" else "1")
    assert not cn.uscc_valid(broken)
    assert not stdnum_uscc.is_valid(broken)


@given(st.text(alphabet=cn.USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_check_char_matches_stdnum(first17: str) -> None:
    # stdnum accepts only digit-initial codes with numeric divisions; compare where it applies
    first17 = "9" + first17[1:2] + "440300" + first17[8:]
    code = first17 + cn.uscc_check_char(first17)
    assert cn.uscc_valid(code)
    assert stdnum_uscc.calc_check_digit(first17) == code[17]


@pytest.mark.parametrize("head", ["A1", "N2", "Y1", "N1"])
def test_letter_initial_codes_are_valid(head: str) -> None:
    first17 = head + "110000" + "MA01234X" + "5"
    code = first17 + cn.uscc_check_char(first17)
    assert cn.uscc_valid(code)
    assert not stdnum_uscc.is_valid(code)  # stdnum rejects these; GB 32100 allows them


def test_uscc_in_text_and_province() -> None:
    found = cn.find_uscc(f"统一社会信用代码：{world.OPERATOR.uscc}；假码 91440300MA5G1K2R4D")
    assert [c for c, _, _ in found] == [world.OPERATOR.uscc]
    assert cn.uscc_province(world.OPERATOR.uscc).name_en == "Guangdong"


@given(st.text(max_size=300))
def test_parsers_never_crash(text: str) -> None:
    cn.find_icp(text)
    cn.find_psb(text)
    cn.find_uscc(text)
    cn.uscc_valid(text)
    cn.parse_icp(text)
    cn.parse_psb(text)


@given(st.from_regex(r"[京沪粤川蜀]ICP[备证][0-9]{4,12}号(-[0-9]{1,3})?", fullmatch=True))
def test_icp_round_trip(text: str) -> None:
    icp = cn.parse_icp(text)
    assert icp is not None
    main, _, site = text.partition("-")
    assert icp.main == main
    assert icp.site == (int(site) if site else None)
