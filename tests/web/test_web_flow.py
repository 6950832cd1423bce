"""The short path of issue #20 without a browser: who can act on a target (from the
provider directory and what identification stored) and the draft form pre-filled
from the chosen provider."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from webkit import Web, make_web_workspace, start_web

from rightsguard.domain.enums import ObservableKind
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    # use_sandbox: the directory includes the sandbox's invented providers
    ws = make_web_workspace(tmp_path_factory.mktemp("flow") / "ws")
    running = start_web(ws, use_sandbox=True)
    yield running
    running.close()


@pytest.fixture(scope="module")
def world(web: Web) -> dict[str, int]:
    st = open_store(web.ws)
    try:
        case = st.cases.new("flow")
        listing = st.targets.add(
            parse_target_row({"url": "https://mall.gouwu-tianxia.cn/item/1001.html"}), case.id
        )
        site = st.targets.add(
            parse_target_row({"url": "https://fake-jiguang.example.cn/"}), case.id
        )
        return {"case": case.id, "listing": listing.id, "site": site.id}
    finally:
        st.close()


def identified(web: Web, target_id: int) -> None:
    """What identification stores for a site: its IP's network and the registrar."""
    st = open_store(web.ws)
    try:
        st.observables.replace_for_target(
            target_id,
            [
                (
                    ObservableKind.IP,
                    "203.0.113.7",
                    "dns",
                    {"network_owner": "Nanfeng Cloud Co.", "network": "203.0.113.0/24"},
                ),
                (
                    ObservableKind.REGISTRAR,
                    "云途数码域名注册服务有限公司",
                    "rdap",
                    {"abuse_email": "abuse@yuntu-domains.cn"},
                ),
            ],
        )
    finally:
        st.close()


def who(html: str) -> list[str]:
    section = html.split('id="who-can-act"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<tr class="who" data-key="([^"]+)"', section)


def test_target_page_shows_who_can_act_with_channel_and_address(
    web: Web, world: dict[str, int]
) -> None:
    c = web.client("liaison")
    listing = c.get(f"/targets/{world['listing']}").text
    assert who(listing)[0] == "gouwu-tianxia"  # the platform the listing is on
    assert "ipr@gouwu-tianxia.cn" in listing
    assert (
        f"/cases/{world['case']}/draft?target_id={world['listing']}&amp;provider=gouwu-tianxia"
        in listing
    )

    before = c.get(f"/targets/{world['site']}").text
    assert who(before) == []  # nothing known before identification
    identified(web, world["site"])
    after = c.get(f"/targets/{world['site']}").text
    assert who(after) == ["nanfeng-cloud", "yuntu-domains"]  # host, then registrar
    assert "abuse@nanfeng-cloud.test" in after and "abuse@yuntu-domains.cn" in after
    # an analyst sees who can act, but gets no drafting link
    analyst = web.client("analyst").get(f"/targets/{world['site']}").text
    assert who(analyst) and "/draft?target_id=" not in analyst


def field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else ""


def test_draft_form_is_prefilled_from_the_chosen_provider(web: Web, world: dict[str, int]) -> None:
    identified(web, world["site"])
    c = web.client("liaison")
    page = c.get(
        f"/cases/{world['case']}/draft",
        params={"target_id": world["site"], "provider": "nanfeng-cloud"},
    )
    assert page.status_code == 200
    assert field(page.text, "to_email") == "abuse@nanfeng-cloud.test"
    assert field(page.text, "to_name") == "南风云主机有限公司"
    assert field(page.text, "to_role") == "provider"
    assert re.search(rf'value="{world["site"]}" checked', page.text)
    assert not re.search(rf'value="{world["listing"]}" checked', page.text)
    assert 'id="prefilled"' in page.text
    # no provider named: the first that takes e-mail; the listing's is the platform,
    # and its notice under the E-Commerce Law is chosen
    listing = c.get(f"/cases/{world['case']}/draft", params={"target_id": world["listing"]})
    assert field(listing.text, "to_email") == "ipr@gouwu-tianxia.cn"
    assert re.search(r'value="notice.ecommerce" selected', listing.text)
    # without a target: an empty form, who can act shown for the case's first target
    plain = c.get(f"/cases/{world['case']}/draft").text
    assert field(plain, "to_email") == "" and 'id="who-can-act"' in plain
    # a target of another case is refused
    other = c.get(f"/cases/{world['case']}/draft", params={"target_id": 999999})
    assert other.status_code == 400
