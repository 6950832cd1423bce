"""Cases, drafting, approval and the work queue through the pages and the API."""

from __future__ import annotations

import re

from webkit import Web


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF field on the page"
    return found.group(1)


def test_a_case_is_created_assigned_and_shows_its_plan(web: Web) -> None:
    analyst = web.client("analyst")
    page = analyst.get("/cases")
    assert page.status_code == 200
    made = analyst.post(
        "/cases",
        data={"title": "极光 look-alike shop", "csrf": csrf_of(page.text), "assignee": "analyst"},
    )
    assert made.status_code == 303
    case_url = made.headers["location"]
    case_id = int(case_url.rsplit("/", 1)[1])
    added = analyst.post(
        f"/cases/{case_id}/targets",
        data={
            "urls": "https://aurorix-outlet.test/item/1\nnot a url ::\n",
            "csrf": csrf_of(page.text),
        },
    )
    assert (
        added.status_code == 303
        and "msg=%E5%B7%B2%E6%B7%BB%E5%8A%A0%201%20" in added.headers["location"]
    )  # 已添加 1
    shown = analyst.get(f"/cases/{case_id}")
    assert shown.status_code == 200
    assert "aurorix-outlet.test/item/1" in shown.text
    assert 'id="plan"' in shown.text and "case.opened" in shown.text
    # The analyst's queue holds the case assigned to them.
    assert f"/cases/{case_id}" in analyst.get("/queue").text
    listed = analyst.get("/api/v1/cases", params={"q": "look-alike"}).json()
    assert [c["id"] for c in listed["items"]] == [case_id] and listed["items"][0]["targets"] == 1
    # Events record the user who acted.
    events = analyst.get("/audit", params={"actor": "web:analyst"}).text
    assert "case.opened" in events and ">web:analyst</td>" in events
    assert "web:counsel" not in events


def test_the_workbench_keeps_the_plans_clocks_as_deadlines(web: Web) -> None:
    """As ``rightsguard plan CASE`` and the demo do: a case page showing a fresh plan,
    and the plan API, keep its running clocks (here the limitation period) as the
    case's deadlines, once each."""
    analyst = web.client("analyst")
    csrf = csrf_of(analyst.get("/cases").text)
    made = analyst.post("/cases", data={"title": "clocks", "csrf": csrf})
    case_id = int(made.headers["location"].rsplit("/", 1)[1])
    analyst.post(
        f"/cases/{case_id}/targets", data={"urls": "https://aurorix-clock.test/", "csrf": csrf}
    )

    def limitation() -> list[dict[str, object]]:
        detail = analyst.get(f"/api/v1/cases/{case_id}").json()
        return [d for d in detail["deadlines"] if d["rule_id"] == "suit.limitation"]

    assert limitation() == []
    assert analyst.get(f"/cases/{case_id}").status_code == 200
    assert len(limitation()) == 1
    assert analyst.get(f"/api/v1/cases/{case_id}/plan").status_code == 200
    assert len(limitation()) == 1
    assert "limitation period" in analyst.get(f"/cases/{case_id}").text


def test_liaison_cannot_create_cases_and_bad_input_is_named(web: Web) -> None:
    liaison = web.client("liaison")
    token = web.csrf(liaison)
    refused = liaison.post("/api/v1/cases", json={"title": "x"}, headers={"X-CSRF-Token": token})
    assert refused.status_code == 403
    counsel = web.client("counsel")
    token = web.csrf(counsel)
    empty = counsel.post("/api/v1/cases", json={"title": "  "}, headers={"X-CSRF-Token": token})
    assert empty.status_code == 400 and "title" in empty.json()["message"]
    missing = counsel.get("/api/v1/cases/99999")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert counsel.get("/cases/99999").status_code == 404


def test_csrf_is_required_on_every_form(web: Web) -> None:
    analyst = web.client("analyst")
    assert analyst.post("/cases", data={"title": "no token"}).status_code == 403
    assert analyst.post("/cases", data={"title": "bad", "csrf": "x" * 40}).status_code == 403


def test_the_workbench_runs_on_postgresql(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from webkit import make_web_workspace, start_web

    ws = make_web_workspace(tmp_path / "pg-ws", {"database_url": pg_url})
    running = start_web(ws)
    try:
        counsel = running.client("counsel")
        token = running.csrf(counsel)
        made = counsel.post(
            "/api/v1/cases",
            json={"title": "on PostgreSQL", "assignee": "counsel"},
            headers={"X-CSRF-Token": token},
        )
        assert made.status_code == 201, made.text
        case_id = made.json()["id"]
        assert counsel.get(f"/cases/{case_id}").status_code == 200
        assert f"/cases/{case_id}" in counsel.get("/queue").text
        assert "case.opened" in counsel.get("/audit").text
    finally:
        running.close()


def test_long_lists_page_through_in_both_languages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from webkit import make_web_workspace, start_web

    from rightsguard.store import open_store

    ws = make_web_workspace(tmp_path / "many")
    st = open_store(ws)
    try:
        for n in range(60):
            st.cases.new(f"case number {n}")
    finally:
        st.close()
    running = start_web(ws)
    try:
        c = running.client("analyst")
        for lang in ("zh-CN", "en"):
            for path in ("/cases", "/audit", "/actions"):
                page = c.get(path, params={"lang": lang})
                assert page.status_code == 200, f"{path} ({lang}): {page.status_code}"
        first = c.get("/cases", params={"lang": "en"}).text
        assert 'id="next-page"' in first and ">Next<" in first and "case number 59" in first
        second = c.get("/cases", params={"offset": 50}).text
        assert "case number 9" in second and "case number 59" not in second
        assert 'id="next-page"' not in second
    finally:
        running.close()


def test_the_plan_section_is_reused_only_while_the_case_is_unchanged(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    plan_day = date(2026, 6, 1)  # the day the plan is drawn for: fixed, never the real date
    from rightsguard.domain.target_rows import parse_target_row
    from rightsguard.store import open_store
    from rightsguard.store.case_snapshot import case_snapshot
    from rightsguard.web.plans import PlanSections
    from rightsguard.workspace import init_workspace

    ws = init_workspace(tmp_path / "plans")
    st = open_store(ws)
    made: list[int] = []

    def render(plan, _history) -> str:  # type: ignore[no-untyped-def]
        made.append(len(plan.actions))
        return f"<section>{len(plan.actions)} actions, {plan.today}</section>"

    try:
        case = st.cases.new("plans")
        cache = PlanSections()
        first = cache.section(case_snapshot(st, case.id), "en", plan_day, 30, render)
        again = cache.section(case_snapshot(st, case.id), "en", plan_day, 30, render)
        assert again == first and cache.hits == 1 and len(made) == 1
        cache.section(case_snapshot(st, case.id), "zh-CN", plan_day, 30, render)
        assert len(made) == 2  # each language rendered once
        st.targets.add(parse_target_row({"url": "https://shop.example/x"}), case.id)
        second = cache.section(case_snapshot(st, case.id), "en", plan_day, 30, render)
        assert second != first and made[-1] != made[0]  # a new target: a new plan
        later = cache.section(case_snapshot(st, case.id), "en", date(2031, 1, 1), 30, render)
        assert "2031-01-01" in later and len(made) == 4  # the date moves clocks
        # The cache keeps at most its budget of characters, oldest dropped first.
        small = PlanSections(budget_chars=len(second) + 1)
        small.section(case_snapshot(st, case.id), "en", plan_day, 30, render)
        small.section(case_snapshot(st, case.id), "zh-CN", plan_day, 30, render)
        assert small.kept_chars <= len(second) + 1
        small.section(case_snapshot(st, case.id), "en", plan_day, 30, render)
        assert small.hits == 0 and len(made) == 7  # "en" had been dropped
    finally:
        st.close()


def test_a_big_case_page_lists_the_first_and_links_to_the_rest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert
    from webkit import make_web_workspace, start_web

    from rightsguard.store import open_store
    from rightsguard.store.models import CaseTargetRow, EventRow, TargetRow, utcnow
    from rightsguard.store.read.case_view import LISTED, TIMELINE

    ws = make_web_workspace(tmp_path / "big")
    st = open_store(ws)
    try:
        case = st.cases.new("a big case")
        other = st.cases.new("another case")
        now = utcnow()
        with st.transaction() as session:
            session.execute(
                insert(TargetRow),
                [
                    {
                        "id": 10_000 + n,
                        "url": f"https://shop{n}.example/",
                        "original_url": f"https://shop{n}.example/",
                        "host": f"shop{n}.example",
                        "kind": "url",
                        "control": "unknown",
                        "status": "suspected",
                        "created_at": now,
                    }
                    for n in range(LISTED + 5)
                ],
            )
            session.execute(
                insert(CaseTargetRow),
                [{"case_id": case.id, "target_id": 10_000 + n} for n in range(LISTED + 5)],
            )
            session.execute(
                insert(EventRow),
                [
                    {
                        "at": now,
                        "actor": "tester",
                        "verb": f"note.number-{n}",
                        "entity": "case",
                        "entity_id": case.id,
                        "case_id": case.id,
                    }
                    for n in range(TIMELINE + 10)
                ],
            )
    finally:
        st.close()
    running = start_web(ws)
    try:
        c = running.client("analyst")
        page = c.get(f"/cases/{case.id}", params={"lang": "en"}).text
        assert f"Targets ({LISTED + 5})" in page
        assert "shop0.example" in page and f"shop{LISTED - 1}.example" in page
        assert f"shop{LISTED}.example" not in page
        assert f'href="/targets?case_id={case.id}"' in page
        # The newest events, and the way to the rest in the audit trail.
        assert f"note.number-{TIMELINE + 9}" in page and "note.number-0<" not in page
        assert f'href="/audit?case_id={case.id}"' in page
        rest = c.get("/targets", params={"case_id": case.id, "q": f"shop{LISTED + 4}."}).text
        assert f"shop{LISTED + 4}.example" in rest
        assert "shop1.example" not in c.get("/targets", params={"case_id": other.id}).text
        audit = c.get("/audit", params={"case_id": case.id, "verb": "note.number-0"}).text
        assert "note.number-0<" in audit
        assert "note.number" not in c.get("/audit", params={"case_id": other.id}).text
        refused = c.get("/audit", params={"case_id": "x"})
        assert refused.status_code == 422 and "case_id" in refused.text
    finally:
        running.close()
