"""Attacks on the workbench, each a test that fails if the hole opens: script in what
users type, forged cross-site posts, a planted session cookie, a role reaching past
itself, and SQL in every filter. (Script in captured pages: test_web_replay.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from webkit import Web, concrete, login, make_web_workspace, password_of, routes, start_web

from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store

SCRIPT = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
SQL = ["' OR '1'='1", "%' OR 1=1 --", '"; DROP TABLE cases; --', "\\", "_%", "1) OR (1=1"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Web, int]]:
    ws = make_web_workspace(tmp_path_factory.mktemp("sec") / "ws")
    st = open_store(ws)
    try:
        right = st.rights.add(
            make_right_draft(kind="trademark", name=f"R{SCRIPT}", jurisdiction="CN", owner=SCRIPT)
        )
        case = st.cases.new(f"case {SCRIPT}", right_ids=(right.id,), notes=SCRIPT)
        st.targets.add(
            parse_target_row(
                {
                    "url": 'https://evil.example/a?q="><script>x</script>',
                    "title": SCRIPT,
                    "note": SCRIPT,
                }
            ),
            case.id,
        )
        st.cases.close(case.id, f"closed {SCRIPT}")
        other = st.cases.new("innocent")
    finally:
        st.close()
    running = start_web(ws)
    yield running, other.id
    running.close()


def test_what_users_typed_is_shown_as_text_never_run(hostile: tuple[Web, int]) -> None:
    web, _ = hostile
    c = web.client("analyst")
    for path in ("/cases", "/cases/1", "/rights", "/targets", "/targets/1", "/audit", "/queue"):
        page = c.get(path)
        assert page.status_code == 200, path
        assert "<script>document.title" not in page.text, f"{path} carries the script"
        assert 'onerror="document.title' not in page.text, f"{path} carries the handler"
        assert "&lt;script&gt;" in page.text or path in ("/queue",), path


@pytest.mark.browser
def test_in_chromium_no_typed_script_runs(hostile: tuple[Web, int], missing_service: Any) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        missing_service(f"Chromium at {chromium}")
    from playwright.sync_api import sync_playwright

    web, _ = hostile
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{web.base}/login")
        page.fill("input[name=username]", "analyst")
        page.fill("input[name=password]", password_of("analyst"))
        page.click("button[type=submit]")
        page.wait_for_url(f"{web.base}/")
        for path in ("/cases", "/cases/1", "/rights", "/targets/1", "/audit"):
            page.goto(web.base + path)
            page.wait_for_load_state("networkidle")
            assert page.title() != "pwned", path
        assert dialogs == []
        browser.close()


def test_a_post_without_the_sessions_token_is_refused_on_every_route(
    hostile: tuple[Web, int],
) -> None:
    """A forged cross-site post carries the victim's cookie but not the token."""
    web, _ = hostile
    admin = web.client("admin")
    other = web.client("counsel")
    foreign = web.csrf(other)  # a real token, of someone else's session
    refused = 0
    for route in routes():
        if "POST" not in route.methods or route.path in ("/login", "/api/v1/login"):
            continue
        path = concrete(route.path)
        for headers in ({}, {"X-CSRF-Token": foreign}, {"X-CSRF-Token": ""}):
            answer = admin.post(path, headers=headers, data={"csrf": foreign, "title": "x"})
            assert answer.status_code == 403, f"POST {path} {headers}: {answer.status_code}"
            refused += 1
    assert refused >= 3 * 20
    assert admin.get("/api/v1/me").status_code == 200  # and the session is still good


def test_a_planted_session_cookie_is_never_adopted(hostile: tuple[Web, int]) -> None:
    web, _ = hostile
    planted = "attacker-chosen-token-0123456789abcdef"
    victim = httpx.Client(base_url=web.base, cookies={"rg_session": planted})
    try:
        assert victim.get("/api/v1/me").status_code == 401
        login(victim, "counsel", password_of("counsel"))
        jar = {c.name: c.value for c in victim.cookies.jar if c.value != planted}
        issued = jar.get("rg_session")
        assert issued and issued != planted
        victim.cookies.clear()
        victim.cookies.set("rg_session", issued)
        attacker = httpx.Client(base_url=web.base, cookies={"rg_session": planted})
        assert attacker.get("/api/v1/me").status_code == 401
        attacker.close()
        # Signing out ends the session on the server, not only in the browser.
        token = victim.get("/api/v1/me").json()["csrf"]
        assert victim.post("/logout", data={"csrf": token}).status_code == 303
        replay = httpx.Client(base_url=web.base, cookies={"rg_session": issued})
        assert replay.get("/api/v1/me").status_code == 401
        replay.close()
    finally:
        victim.close()


def test_no_role_reaches_past_itself(hostile: tuple[Web, int]) -> None:
    web, case_id = hostile
    analyst = web.client("analyst")
    token = web.csrf(analyst)
    # An analyst cannot make themselves admin, nor add an admin.
    assert (
        analyst.post("/settings/users/analyst", data={"role": "admin", "csrf": token}).status_code
        == 403
    )
    assert (
        analyst.post(
            "/settings/users",
            data={"username": "x", "role": "admin", "password": "p" * 12, "csrf": token},
        ).status_code
        == 403
    )
    assert web.csrf(analyst) and analyst.get("/api/v1/me").json()["role"] == "analyst"
    # A liaison cannot draft a letter (counsel's), nor override a gate.
    liaison = web.client("liaison")
    lt = {"X-CSRF-Token": web.csrf(liaison)}
    letter = liaison.post(
        f"/api/v1/cases/{case_id}/actions", json={"kind": "cease_and_desist"}, headers=lt
    )
    assert letter.status_code == 400 and "counsel" in letter.json()["message"]
    override = liaison.post(
        f"/api/v1/cases/{case_id}/actions",
        json={"kind": "notice.civil_code", "override_reason": "because"},
        headers=lt,
    )
    assert override.status_code == 400 and "counsel" in override.json()["message"]
    # A disabled account's open session stops working at once.
    admin = web.client("admin")
    at = web.csrf(admin)
    assert (
        admin.post("/settings/users/liaison", data={"state": "disable", "csrf": at}).status_code
        == 303
    )
    assert liaison.get("/api/v1/me").status_code == 401
    admin.post("/settings/users/liaison", data={"state": "enable", "csrf": at})


def _query_params(route: Any) -> list[str]:
    return [p.alias for p in route.dependant.query_params if p.alias not in ("offset", "limit")]


def test_sql_in_every_filter_is_only_ever_data(hostile: tuple[Web, int]) -> None:
    web, _ = hostile
    c = web.client("admin")
    tried = 0
    for route in routes():
        if "GET" not in route.methods:
            continue
        names = _query_params(route)
        path = concrete(route.path)
        for name in names:
            for payload in SQL:
                answer = c.get(path, params={name: payload})
                assert answer.status_code < 500, f"GET {path}?{name}={payload!r}: 500"
                tried += 1
    assert tried >= 10 * len(SQL) // 2
    # The filters matched nothing they should not have, and every table is still there.
    listed = c.get("/api/v1/cases", params={"q": "' OR '1'='1"}).json()
    assert listed["total"] == 0
    wild = c.get("/api/v1/cases", params={"q": "%"}).json()
    assert wild["total"] == 0  # % is a character, not a wildcard
    everything = c.get("/api/v1/cases").json()
    assert everything["total"] == 2
    audit = c.get("/audit", params={"actor": "' OR 1=1 --"}).text
    assert not re.search(r"<td>\d+</td><td class=\"small\">", audit)  # no rows at all


def test_signing_in_again_through_the_api_ends_the_earlier_session(
    hostile: tuple[Web, int],
) -> None:
    web, _ = hostile
    c = web.client("counsel")
    first = c.cookies.get("rg_session")
    credentials = {"username": "counsel", "password": password_of("counsel")}
    again = c.post("/api/v1/login", json=credentials)
    assert again.status_code == 200
    stale = httpx.Client(base_url=web.base, cookies={"rg_session": first})
    try:
        assert stale.get("/api/v1/me").status_code == 401
    finally:
        stale.close()
