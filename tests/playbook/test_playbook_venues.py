from rightsguard.domain.errors import InvalidValue
from rightsguard.playbook import required_elements
from rightsguard.playbook.facts import Channel
from rightsguard.playbook.venues import (
    ICP_PREFIXES,
    PROVINCES,
    communications_administration,
    domain_policy,
    hkiac_cndrp_fee,
    province,
    province_of_icp_number,
)


def test_every_province_has_an_icp_prefix_and_aliases_map_many_to_one() -> None:
    assert {p.key for p in PROVINCES} == set(ICP_PREFIXES.values())
    assert len(PROVINCES) == 31
    for a, b in (("川", "蜀"), ("贵", "黔"), ("云", "滇"), ("陕", "秦"), ("甘", "陇")):
        assert ICP_PREFIXES[a] == ICP_PREFIXES[b]


def test_icp_numbers() -> None:
    cases = {
        "京ICP备10000000号-1": "北京市通信管理局",
        "沪ICP证123号": "上海市通信管理局",
        "粤B2-20090059": "广东省通信管理局",
        "蜀ICP备1号": "四川省通信管理局",
        "新ICP备1号": "新疆维吾尔自治区通信管理局",
    }
    for number, name in cases.items():
        prov = province_of_icp_number(number)
        assert prov is not None
        assert communications_administration(prov).zh == name
    assert province_of_icp_number("ICP备1号") is None


def test_province_lookup() -> None:
    assert province("广东省") is province("Guangdong") is province("粤".replace("粤", "广东"))
    assert province("shaanxi") is not province("shanxi")
    assert province("Xizang") is province("西藏")
    assert province("Atlantis") is None


def test_domain_policies() -> None:
    assert domain_policy("cn").key == "cndrp"  # type: ignore[union-attr]
    assert domain_policy("中国").key == "cndrp"  # type: ignore[union-attr]
    assert domain_policy("com").key == "udrp"  # type: ignore[union-attr]
    assert domain_policy("shop").key == "udrp"  # type: ignore[union-attr]
    assert domain_policy("co").key == "udrp"  # type: ignore[union-attr]
    assert domain_policy("uk").key == "nominet_drs"  # type: ignore[union-attr]
    assert domain_policy("zz") is None


def test_hkiac_fees() -> None:
    assert hkiac_cndrp_fee(1, 1) == 8000
    assert hkiac_cndrp_fee(4, 1) == 12000
    assert hkiac_cndrp_fee(1, 3) == 14000
    assert hkiac_cndrp_fee(9, 3) == 24000  # HKIAC's schedule: 6-10 domains, three panellists
    assert hkiac_cndrp_fee(11, 3) is None


def test_required_elements_per_channel() -> None:
    ids = {c: [e.id for e in required_elements(c)] for c in Channel}
    assert ids[Channel.CIVIL_CODE] == ["preliminary_evidence", "holder_identity"]
    assert "truthfulness_guarantee" in ids[Channel.ECOMMERCE]
    assert len(ids[Channel.DMCA]) == 6
    assert ids[Channel.DSA] == [
        "substantiated_explanation",
        "exact_urls",
        "name_and_email",
        "good_faith_statement",
    ]
    assert "work_and_address" in ids[Channel.NETWORK_DISSEMINATION]
    assert required_elements("dmca")[0].label.zh
    try:
        required_elements("fax")
    except InvalidValue as err:
        assert err.field == "channel"
    else:
        raise AssertionError("unknown channel accepted")
