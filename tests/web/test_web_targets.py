"""Targets pages and API: the paged list with filters, the target page, status
changes by permission, capture/identify queued as jobs, and the events API."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from webkit import Web

from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store
from rightsguard.store.models import JobRow


@pytest.fixture(scope="module")
def ids(web: Web) -> dict[str, int]:
    st = open_store(web.ws)
    try:
        rows = {
            "shop": "https://fake-shop.example.cn/item?id=1",
            "pct": "https://pct.example.cn/sale_50",
            "other": "https://elsewhere.example.com/a",
        }
        out = {k: st.targets.add(parse_target_row({"url": u})).id for k, u in rows.items()}
        st.targets.set_status(out["other"], _status("confirmed"), reason="seen")
        return out
    finally:
        st.close()


def _status(name: str):  # type: ignore[no-untyped-def]
    from rightsguard.domain.enums import TargetStatus

    return TargetStatus(name)


def _row_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'<td><a href="/targets/(\d+)">', html)]


def test_list_filters_by_status_and_host(web: Web, ids: dict[str, int]) -> None:
    c = web.client("liaison")
    everything = c.get("/targets")
    assert everything.status_code == 200
    assert {ids["shop"], ids["pct"], ids["other"]} <= set(_row_ids(everything.text))
    confirmed = c.get("/targets", params={"status": "confirmed"})
    assert _row_ids(confirmed.text) == [ids["other"]]
    assert _row_ids(c.get("/targets", params={"q": "fake-shop"}).text) == [ids["shop"]]
    # LIKE wildcards are literal: "_" finds only the URL that has one
    assert _row_ids(c.get("/targets", params={"q": "_"}).text) == [ids["pct"]]
    assert _row_ids(c.get("/targets", params={"q": "%"}).text) == []
    assert c.get("/targets", params={"status": "nonsense"}).status_code == 422
    assert c.get("/targets", params={"q": "' OR 1=1 --"}).status_code == 200


def test_target_page_shows_history_and_buttons_by_role(web: Web, ids: dict[str, int]) -> None:
    analyst = web.client("analyst").get(f"/targets/{ids['other']}")
    assert analyst.status_code == 200
    assert "target.status_changed" in analyst.text and "suspected → confirmed" in analyst.text
    assert 'id="capture"' in analyst.text and 'id="status-form"' in analyst.text
    counsel = web.client("counsel").get(f"/targets/{ids['other']}").text
    assert 'id="capture"' not in counsel and 'id="status-form"' not in counsel
    assert web.client("analyst").get("/targets/999999").status_code == 404


def test_status_change_needs_triage_and_csrf(web: Web, ids: dict[str, int]) -> None:
    analyst = web.client("analyst")
    url = f"/targets/{ids['shop']}/status"
    form = {"status": "confirmed", "reason": "sells fakes"}
    assert analyst.post(url, data=form).status_code == 403  # no CSRF token
    liaison = web.client("liaison")
    assert liaison.post(url, data={**form, "csrf": web.csrf(liaison)}).status_code == 403
    done = analyst.post(url, data={**form, "csrf": web.csrf(analyst)})
    assert done.status_code == 303
    page = analyst.get(done.headers["location"]).text
    assert 'data-status="confirmed" id="target-status">已确认' in page and "sells fakes" in page
    st = open_store(web.ws)
    try:
        [event] = st.events.list(entity="target", entity_id=ids["shop"], limit=1)
    finally:
        st.close()
    assert event.actor == "web:analyst" and event.reason == "sells fakes"


def test_capture_and_identify_buttons_queue_jobs(web: Web, ids: dict[str, int]) -> None:
    analyst = web.client("analyst")
    csrf = web.csrf(analyst)
    assert analyst.post(f"/targets/{ids['pct']}/capture", data={"csrf": csrf}).status_code == 303
    assert analyst.post(f"/targets/{ids['pct']}/identify", data={"csrf": csrf}).status_code == 303
    counsel = web.client("counsel")
    refused = counsel.post(f"/targets/{ids['pct']}/capture", data={"csrf": web.csrf(counsel)})
    assert refused.status_code == 403
    st = open_store(web.ws)
    try:
        with st.transaction() as session:
            jobs = {j.name: j.args for j in session.scalars(select(JobRow))}
    finally:
        st.close()
    assert jobs["capture.once"]["target_ids"] == [ids["pct"]]
    assert jobs["capture.once"]["mode"] == "browser"
    assert jobs["identify.targets"]["target_ids"] == [ids["pct"]]


def test_api_targets(web: Web, ids: dict[str, int]) -> None:
    c = web.client("analyst")
    page = c.get("/api/v1/targets", params={"limit": 2, "offset": 0})
    assert page.status_code == 200
    body = page.json()
    assert body["limit"] == 2 and len(body["items"]) == 2 and body["total"] >= 3
    only = c.get("/api/v1/targets", params={"q": "elsewhere"}).json()["items"]
    assert [t["id"] for t in only] == [ids["other"]]
    detail = c.get(f"/api/v1/targets/{ids['other']}").json()
    assert detail["target"]["status"] == "confirmed"
    assert detail["history"][0]["verb"] == "target.status_changed"
    missing = c.get("/api/v1/targets/424242")
    assert missing.status_code == 404 and set(missing.json()) == {"error", "message"}
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"status": "x"}):
        assert c.get("/api/v1/targets", params=bad).status_code == 422
    assert c.get("/api/v1/targets/0").status_code == 422
    assert c.get(f"/api/v1/targets/{2**70}").status_code == 422


def test_api_status_capture_and_events(web: Web, ids: dict[str, int]) -> None:
    c = web.client("admin")
    headers = {"X-CSRF-Token": web.csrf(c)}
    url = f"/api/v1/targets/{ids['pct']}/status"
    assert c.post(url, json={"status": "dismissed"}).status_code == 403  # no token
    done = c.post(url, json={"status": "dismissed", "reason": "parked"}, headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "dismissed"
    assert c.post(url, json={"status": "actioned"}, headers=headers).status_code == 422
    # confirmed -> suspected is not a lifecycle step: 400 with the reason
    back = c.post(
        f"/api/v1/targets/{ids['other']}/status", json={"status": "suspected"}, headers=headers
    )
    assert back.status_code == 400 and "cannot go" in back.json()["message"]
    queued = c.post(f"/api/v1/targets/{ids['pct']}/capture", headers=headers)
    assert queued.status_code == 202 and queued.json()["target_ids"] == [ids["pct"]]
    assert c.post("/api/v1/targets/999999/capture", headers=headers).status_code == 404
    events = c.get(
        "/api/v1/events", params={"entity": "target", "entity_id": ids["pct"], "limit": 5}
    ).json()
    assert events["items"][0]["after"] == {"status": "dismissed"}
    assert events["items"][0]["actor"] == "web:admin"
    assert c.get("/api/v1/events", params={"entity": "Robert'); DROP"}).status_code == 422


def test_a_breach_is_recorded_from_the_target_page(web: Web, ids: dict[str, int]) -> None:
    url = f"/targets/{ids['pct']}/breach"
    liaison = web.client("liaison")
    form = {"breach": "no_ccc", "note": "test purchase: no CCC mark"}
    assert liaison.post(url, data={**form, "csrf": web.csrf(liaison)}).status_code == 403
    analyst = web.client("analyst")
    csrf = web.csrf(analyst)
    assert 'id="breach-form"' in analyst.get(f"/targets/{ids['pct']}").text
    bad = analyst.post(url, data={"breach": "no_label", "note": "x", "csrf": csrf})
    assert bad.status_code == 400 and "no_label" in bad.text
    done = analyst.post(url, data={**form, "csrf": csrf})
    assert done.status_code == 303
    page = analyst.get(f"/targets/{ids['pct']}").text
    assert "无CCC认证 · test purchase: no CCC mark" in page or (
        "no CCC certification · test purchase: no CCC mark" in page
    )
    st = open_store(web.ws)
    try:
        [found] = st.targets.breaches([ids["pct"]])[ids["pct"]]
    finally:
        st.close()
    assert found["breach"] == "no_ccc" and found["by"] == "web:analyst"
