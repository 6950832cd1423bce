"""Discovery triage: candidates imported by discovery and watches are listed with
their score, filtered by source and case, and confirmed or dismissed in bulk by
whoever may triage; the providers directory is searchable."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from webkit import Web

from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store


@pytest.fixture(scope="module")
def found(web: Web) -> dict[str, int]:
    st = open_store(web.ws)
    try:
        case = st.cases.new("Look-alikes")
        rows = {
            "d1": ("aurorix-shop.cn", "discovered, score 0.73: look-alike of aurorix.com (affix)"),
            "d2": ("aur0rix.cn", "discovered, score 0.41: look-alike of aurorix.com (numeric)"),
            "w1": ("https://mall.example.cn/p/9", "watch fakes: keyword 'aurorix' in csv feed"),
        }
        out = {
            key: st.targets.add(parse_target_row({"url": url, "note": note}), case.id).id
            for key, (url, note) in rows.items()
        }
        out["case"] = case.id
        return out
    finally:
        st.close()


def _listed(html: str) -> set[int]:
    return {int(x) for x in re.findall(r'name="targets" value="(\d+)"', html)}


def test_candidates_are_listed_with_score_and_filters(web: Web, found: dict[str, int]) -> None:
    c = web.client("analyst")
    page = c.get("/discovery", params={"case": found["case"]})
    assert page.status_code == 200
    assert _listed(page.text) == {found["d1"], found["d2"], found["w1"]}
    assert ">0.73<" in page.text
    discovered = c.get("/discovery", params={"source": "discovered", "case": found["case"]})
    assert _listed(discovered.text) == {found["d1"], found["d2"]}
    assert c.get("/discovery", params={"source": "other"}).status_code == 422
    assert c.get("/discovery", params={"case": ""}).status_code == 200
    assert c.get("/discovery", params={"case": "999999"}).status_code == 404
    # a liaison sees the list, without checkboxes or buttons
    liaison = web.client("liaison").get("/discovery").text
    assert _listed(liaison) == set() and 'id="confirm"' not in liaison


def test_bulk_triage_by_permission(web: Web, found: dict[str, int]) -> None:
    form = {"decision": "dismiss", "targets": [str(found["d2"])], "reason": "parked page"}
    liaison = web.client("liaison")
    assert (
        liaison.post("/discovery/triage", data={**form, "csrf": web.csrf(liaison)}).status_code
        == 403
    )
    analyst = web.client("analyst")
    assert analyst.post("/discovery/triage", data=form).status_code == 403  # no CSRF token
    csrf = web.csrf(analyst)
    done = analyst.post("/discovery/triage", data={**form, "csrf": csrf})
    assert done.status_code == 303 and "已排除 1 个" in unquote(done.headers["location"])
    both = analyst.post(
        "/discovery/triage",
        data={"decision": "confirm", "targets": [str(found["d1"]), str(found["w1"])], "csrf": csrf},
    )
    assert both.status_code == 303
    nothing = analyst.post("/discovery/triage", data={"decision": "confirm", "csrf": csrf})
    assert nothing.status_code == 400
    st = open_store(web.ws)
    try:
        assert st.targets.get(found["d2"]).status is TargetStatus.DISMISSED
        assert st.targets.get(found["d1"]).status is TargetStatus.CONFIRMED
        [event] = st.events.list(entity="target", entity_id=found["d2"], limit=1)
    finally:
        st.close()
    assert event.reason == "parked page" and event.actor == "web:analyst"
    assert _listed(analyst.get("/discovery", params={"case": found["case"]}).text) == set()


def test_api_triage(web: Web, found: dict[str, int]) -> None:
    c = web.client("admin")
    headers = {"X-CSRF-Token": web.csrf(c)}
    back = c.post(
        f"/api/v1/targets/{found['d2']}/status", json={"status": "suspected"}, headers=headers
    )
    assert back.status_code == 200
    done = c.post(
        "/api/v1/discovery/triage",
        json={"confirm": [found["d2"]], "reason": "api"},
        headers=headers,
    )
    assert done.status_code == 200 and done.json()["changed"][0]["status"] == "confirmed"
    assert c.post("/api/v1/discovery/triage", json={}, headers=headers).status_code == 400
    missing = c.post("/api/v1/discovery/triage", json={"dismiss": [987654]}, headers=headers)
    assert missing.status_code == 404
    assert (
        c.post("/api/v1/discovery/triage", json={"confirm": [0]}, headers=headers).status_code
        == 422
    )
    liaison = web.client("liaison")
    assert (
        liaison.post(
            "/api/v1/discovery/triage",
            json={"confirm": [found["d2"]]},
            headers={"X-CSRF-Token": web.csrf(liaison)},
        ).status_code
        == 403
    )


def test_triage_within_a_case_refuses_another_cases_target(web: Web) -> None:
    """The page filtered by a case, and the API given one, refuse a target of another
    case, as ``rightsguard triage CASE`` does, and change nothing of the batch."""
    st = open_store(web.ws)
    try:
        mine, theirs = st.cases.new("Mine"), st.cases.new("Theirs")
        own = st.targets.add(parse_target_row({"url": "aurorix-mine.cn"}), mine.id).id
        other = st.targets.add(parse_target_row({"url": "aurorix-theirs.cn"}), theirs.id).id
    finally:
        st.close()
    analyst = web.client("analyst")
    csrf = web.csrf(analyst)
    page = analyst.post(
        "/discovery/triage",
        data={"decision": "dismiss", "targets": [str(own), str(other)], "case": str(mine.id)}
        | {"csrf": csrf},
    )
    assert page.status_code == 400 and f"target {other} is not in case {mine.id}" in page.text
    api = analyst.post(
        "/api/v1/discovery/triage",
        json={"case_id": mine.id, "confirm": [own, other]},
        headers={"X-CSRF-Token": csrf},
    )
    assert api.status_code == 400 and f"target {other} is not in case {mine.id}" in api.text
    st = open_store(web.ws)
    try:
        assert {st.targets.get(t).status for t in (own, other)} == {TargetStatus.SUSPECTED}
    finally:
        st.close()
    ok = analyst.post(
        "/api/v1/discovery/triage",
        json={"case_id": mine.id, "confirm": [own]},
        headers={"X-CSRF-Token": csrf},
    )
    assert ok.status_code == 200 and ok.json()["changed"][0]["status"] == "confirmed"


def test_providers_directory_is_searchable(web: Web) -> None:
    c = web.client("liaison")
    page = c.get("/providers", params={"q": "taobao"})
    assert page.status_code == 200 and 'id="provider-alibaba-ipp"' in page.text
    assert 'href="https://ipp.alibabagroup.com"' in page.text
    registrars = c.get("/providers", params={"kind": "registrar"}).text
    assert 'id="provider-alibaba-ipp"' not in registrars and "registrar" in registrars
    assert c.get("/providers", params={"kind": "nope"}).status_code == 422
    api = c.get("/api/v1/providers", params={"q": "tmall.com"}).json()
    assert [p["key"] for p in api] == ["alibaba-ipp"]
    assert {"portal"} <= {ch["name"] for ch in api[0]["channels"]}


def test_channels_link_only_web_and_mail_addresses() -> None:
    from rightsguard.web.provider_list import channel

    assert channel("portal", "https://ipp.example.cn").href == "https://ipp.example.cn"
    assert channel("email", "ipr@example.cn").href == "mailto:ipr@example.cn"
    assert channel("portal", "javascript:alert(1)").href == ""
    assert channel("email", "a@b.cn?subject=x").href == ""
