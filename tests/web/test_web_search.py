"""The header's global search (#20): rights, cases, targets by URL or host, parties
and actions, from one box on every page."""

from __future__ import annotations

import re
from contextlib import closing

import pytest
from webkit import RIGHT, Web

from rightsguard.domain.enums import ActionType
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store
from rightsguard.store.models import PartyRow


@pytest.fixture(scope="module")
def world(web: Web) -> dict[str, int]:
    with closing(open_store(web.ws)) as st:
        right = st.rights.add(make_right_draft(**RIGHT, registration_number="55501234"))
        case = st.cases.new("极光耳机仿冒", right_ids=(right.id,))
        shop = st.targets.add(parse_target_row({"url": "https://shop.例子.中国/p/1"}), case.id)
        mall = st.targets.add(
            parse_target_row({"url": "https://mall.gouwu-tianxia.cn/item/31.html"}), case.id
        )
        with st.transaction() as session:
            party = PartyRow(label="深圳晨曦优品贸易有限公司", role="primary_infringer")
            session.add(party)
            session.flush()
            data = {"title": "致购物天下的通知", "kind": "notice.ecommerce"}
            notice = ActionType.PROVIDER_NOTICE
            action = st.actions.create(session, case.id, notice, [mall.id], data)
            ids = {"party": party.id, "action": action.id}
        return {"right": right.id, "case": case.id, "shop": shop.id, "mall": mall.id, **ids}


def _hits(web: Web, q: str) -> dict[str, list[str]]:
    page = web.client("analyst").get("/search", params={"q": q})
    assert page.status_code == 200, page.text
    out: dict[str, list[str]] = {}
    for group, body in re.findall(r'<section id="search-(\w+)">(.*?)</section>', page.text, re.S):
        out[group] = re.findall(r'<a href="([^"]+)"', body)
    return out


def test_the_header_has_the_search_box(web: Web) -> None:
    page = web.client("liaison").get("/cases").text
    assert re.search(r'<form method="get" action="/search"[^>]*id="global-search"', page)


def test_search_finds_each_kind_of_record(web: Web, world: dict[str, int]) -> None:
    assert _hits(web, "gouwu-tianxia") == {"targets": [f"/targets/{world['mall']}"]}
    assert _hits(web, "55501234") == {"rights": ["/rights"]}
    assert _hits(web, "耳机仿冒") == {"cases": [f"/cases/{world['case']}"]}
    assert _hits(web, "晨曦优品") == {"parties": [f"/parties/{world['party']}"]}
    assert _hits(web, f"#{world['action']}")["actions"] == [f"/actions/{world['action']}"]
    # an international host is found as typed and as its punycode
    assert _hits(web, "shop.例子.中国")["targets"] == [f"/targets/{world['shop']}"]
    assert _hits(web, "xn--fsqu00a")["targets"] == [f"/targets/{world['shop']}"]


def test_nothing_found_and_wildcards_are_literal(web: Web, world: dict[str, int]) -> None:
    page = web.client("analyst").get("/search", params={"q": "%_%"})
    assert page.status_code == 200 and 'id="search-none"' in page.text
    assert web.client("analyst").get("/search", params={"q": "x" * 201}).status_code == 422
