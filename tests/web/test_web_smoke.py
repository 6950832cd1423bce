"""The workbench starts, signs in and out, and refuses what it should."""

from __future__ import annotations

from webkit import Web


def test_sign_in_shows_the_dashboard_and_sign_out_ends_the_session(web: Web) -> None:
    anonymous = web.client(None)
    assert anonymous.get("/").status_code == 303
    assert anonymous.get("/api/v1/me").status_code == 401
    c = web.client("analyst")
    page = c.get("/")
    assert page.status_code == 200 and "Analyst Test" in page.text
    csrf = web.csrf(c)
    assert c.post("/logout", data={"csrf": csrf}).status_code == 303
    assert c.get("/api/v1/me").status_code == 401


def test_wrong_password_is_refused_without_saying_which_part(web: Web) -> None:
    c = web.client(None)
    page = c.get("/login")
    import re

    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    bad = c.post("/login", data={"username": "analyst", "password": "nope", "csrf": token.group(1)})
    assert bad.status_code == 401 and "login-failed" in bad.text
    assert "rg_session" not in c.cookies


def test_api_login_returns_csrf_and_posts_need_it(web: Web) -> None:
    c = web.client(None)
    r = c.post("/api/v1/login", json={"username": "admin", "password": "pw-admin-123"})
    assert r.status_code == 200 and r.json()["role"] == "admin"
    assert c.post("/api/v1/logout").status_code == 403  # no CSRF token
    assert c.post("/api/v1/logout", headers={"X-CSRF-Token": r.json()["csrf"]}).status_code == 204


def test_language_switches_and_sticks(web: Web) -> None:
    c = web.client("counsel")
    assert "案件" in c.get("/?lang=zh-CN").text
    assert ">Cases<" in c.get("/?lang=en").text
    assert ">Cases<" in c.get("/").text  # the cookie keeps the choice


def test_role_without_the_permission_gets_403(web: Web) -> None:
    assert web.client("analyst").get("/settings").status_code == 403
    assert web.client("admin").get("/settings").status_code == 200


def test_htmx_when_fetched_is_served_from_our_origin_under_the_csp(web: Web) -> None:
    from rightsguard.web.context import STATIC

    c = web.client("analyst")
    page = c.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    if (STATIC / "vendor" / "htmx.min.js").is_file():
        assert '<script src="/static/vendor/htmx.min.js" defer></script>' in page.text
        assert 'hx-boost="true"' in page.text
        js = c.get("/static/vendor/htmx.min.js")
        assert js.status_code == 200 and "htmx" in js.text[:2000]
    else:
        assert "htmx" not in page.text


def test_saving_a_user_unchanged_keeps_their_sessions(web: Web) -> None:
    liaison = web.client("liaison")
    admin = web.client("admin")
    token = web.csrf(admin)
    same = admin.post("/settings/users/liaison", data={"role": "liaison", "csrf": token})
    assert same.status_code == 303
    assert liaison.get("/api/v1/me").status_code == 200


def test_every_answer_says_how_long_the_server_took_and_on_which_route(web: Web) -> None:
    import re

    analyst = web.client("analyst")
    for path, route in (("/", "/"), ("/cases/999999", "/cases/{case_id}"), ("/api/v1/me", None)):
        timing = analyst.get(path).headers["server-timing"]
        found = re.fullmatch(r'app;dur=([0-9.]+)(?:;desc="([^"]*)")?', timing)
        assert found and float(found.group(1)) >= 0, timing
        if route is not None:
            assert found.group(2) == route
    assert 'desc="/static' not in analyst.get("/static/app.css").headers["server-timing"]
