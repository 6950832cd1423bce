"""The short path of issue #20 without a browser: who can act on a target (from the
provider directory and what identification stored) and the draft form pre-filled
from the chosen provider."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

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


def _jobs_of(location: str) -> list[int]:
    found = re.search(r"[?&]jobs=([\d,]+)", location)
    assert found, location
    return [int(x) for x in found.group(1).split(",")]


def test_a_pasted_link_becomes_a_confirmed_target_with_its_jobs_queued(web: Web) -> None:
    from rightsguard.store.models import JobRow

    analyst = web.client("analyst")
    url = "https://mall.gouwu-tianxia.cn/item/2002.html"
    answer = analyst.post("/paste", data={"url": url, "csrf": web.csrf(analyst)})
    assert answer.status_code == 303
    where = answer.headers["location"]
    target_id = int(re.search(r"/targets/(\d+)", where).group(1))  # type: ignore[union-attr]
    jobs = _jobs_of(where)
    st = open_store(web.ws)
    try:
        target = st.targets.get(target_id)
        assert target.status.value == "confirmed" and target.url == url
        case = st.cases.get(target.case_ids[0])
        assert case.title == "mall.gouwu-tianxia.cn" and case.assignee == "analyst"
        with st.transaction() as session:
            rows = session.query(JobRow).filter(JobRow.id.in_(jobs)).all()
            assert sorted(r.name for r in rows) == ["capture.once", "identify.targets"]
            assert all(r.args["target_ids"] == [target_id] for r in rows)
    finally:
        st.close()
    # the same link again: the same target and case, nothing added twice
    again = analyst.post("/paste", data={"url": url, "csrf": web.csrf(analyst)})
    assert f"/targets/{target_id}?jobs=" in again.headers["location"]
    st = open_store(web.ws)
    try:
        assert st.targets.get(target_id).case_ids == target.case_ids
    finally:
        st.close()
    # a liaison may not open cases; a bad link is refused, nothing added
    liaison = web.client("liaison")
    assert liaison.post("/paste", data={"url": url, "csrf": web.csrf(liaison)}).status_code == 403
    bad = analyst.post("/paste", data={"url": "not a link at all", "csrf": web.csrf(analyst)})
    assert bad.status_code == 400 and "url" in bad.text


def test_job_progress_polls_until_every_job_ends_then_refreshes_the_page(web: Web) -> None:
    from rightsguard.store.models import JobRow

    analyst = web.client("analyst")
    url = "https://mall.gouwu-tianxia.cn/item/3003.html"
    where = analyst.post("/paste", data={"url": url, "csrf": web.csrf(analyst)}).headers["location"]
    jobs = _jobs_of(where)
    page = analyst.get(where)
    assert 'id="job-progress"' in page.text and 'hx-get="/jobs/progress?ids=' in page.text
    ids = ",".join(map(str, jobs))
    htmx = {"HX-Request": "true"}
    running = analyst.get("/jobs/progress", params={"ids": ids}, headers=htmx)
    assert 'hx-trigger="every 1s"' in running.text and 'data-finished="no"' in running.text
    assert "HX-Refresh" not in running.headers
    assert "取证" in running.text and "capture.once" not in running.text  # in the UI's words
    st = open_store(web.ws)
    try:
        with st.transaction() as session:
            for row in session.query(JobRow).filter(JobRow.id.in_(jobs)):
                row.status = "done"
    finally:
        st.close()
    ended = analyst.get("/jobs/progress", params={"ids": ids}, headers=htmx)
    assert 'data-finished="yes"' in ended.text and "every 1s" not in ended.text
    assert ended.headers["HX-Refresh"] == "true"  # the page shows the results
    first = analyst.get("/jobs/progress", params={"ids": ids, "poll": 0}, headers=htmx)
    assert "HX-Refresh" not in first.headers  # the refreshed page does not loop
    assert analyst.get("/jobs/progress", params={"ids": "1,x"}).status_code == 400
    assert analyst.get("/jobs/progress", params={"ids": ""}).status_code == 400


def test_notification_area_counts_what_waits_for_each_role(web: Web) -> None:
    from rightsguard.domain.enums import ActionType, TargetStatus

    st = open_store(web.ws)
    try:
        case = st.cases.new("notes")
        ready = st.targets.add(parse_target_row({"url": "https://ready.example.cn/"}), case.id)
        st.targets.set_status(ready.id, TargetStatus.CONFIRMED, reason="seen")
        st.observables.replace_for_target(ready.id, [(ObservableKind.IP, "203.0.113.5", "dns", {})])
        with st.transaction() as session:
            st.actions.create(session, case.id, ActionType.CEASE_AND_DESIST, [], {"title": "L"})
    finally:
        st.close()

    def counts(role: str) -> dict[str, int]:
        html = web.client(role).get("/notifications").text
        return {k: int(n) for k, n in re.findall(r'id="note-(\w+)"[^>]*><b>(\d+)</b>', html)}

    assert counts("counsel").get("to_approve", 0) >= 1
    assert "ready" not in counts("counsel")
    liaison = counts("liaison")
    assert liaison.get("ready", 0) >= 1 and "to_approve" not in liaison  # a letter: counsel's
    assert set(counts("analyst")) <= {"due"}
    page = web.client("counsel").get("/queue").text
    assert 'id="notes"' in page and 'hx-get="/notifications"' in page
    assert 'id="queue-ready"' not in page
    ready_list = web.client("liaison").get("/queue").text.split('id="queue-ready"', 1)[1]
    assert f'href="/targets/{ready.id}"' in ready_list.split("</ul>", 1)[0]
    assert web.client(None).get("/notifications").status_code in (303, 401)


def test_bulk_work_on_ticked_targets_is_one_job_each_by_permission(
    web: Web, world: dict[str, int]
) -> None:
    from rightsguard.jobs.core import JobContext
    from rightsguard.jobs.tasks import draft_notices_task
    from rightsguard.store.models import JobRow

    analyst, liaison = web.client("analyst"), web.client("liaison")
    ticked = [world["listing"], world["site"]]
    nothing = analyst.post("/targets/bulk", data={"do": "capture", "csrf": web.csrf(analyst)})
    assert nothing.status_code == 303 and "jobs=" not in nothing.headers["location"]
    assert "kind=bad" in nothing.headers["location"]  # "nothing was ticked", never "all"
    form = {"target_ids": ticked, "back_to": "/targets?q=gouwu&jobs=1&msg=old"}
    captured = analyst.post(
        "/targets/bulk", data={**form, "do": "capture", "csrf": web.csrf(analyst)}
    )
    where = captured.headers["location"]
    assert where.startswith("/targets?q=gouwu&jobs=") and "msg=old" not in where
    assert (
        liaison.post(
            "/targets/bulk", data={**form, "do": "capture", "csrf": web.csrf(liaison)}
        ).status_code
        == 403
    )
    assert (
        analyst.post(
            "/targets/bulk", data={**form, "do": "draft", "csrf": web.csrf(analyst)}
        ).status_code
        == 403
    )
    drafted = liaison.post("/targets/bulk", data={**form, "do": "draft", "csrf": web.csrf(liaison)})
    (capture_job,) = _jobs_of(where)
    (draft_job,) = _jobs_of(drafted.headers["location"])
    st = open_store(web.ws)
    try:
        with st.transaction() as session:
            capture = session.get(JobRow, capture_job)
            draft = session.get(JobRow, draft_job)
            assert capture is not None and draft is not None
            assert capture.name == "capture.once" and capture.args["target_ids"] == sorted(ticked)
            assert draft.name == "draft.notices"
            assert (draft.args["role"], draft.args["actor"]) == ("liaison", "web:liaison")
            args = dict(draft.args)
        result = draft_notices_task(JobContext(web.ws, st, draft_job, 1), **args)
    finally:
        st.close()
    # the listing goes to its platform (a notice drafted, or refused with the reason);
    # the site's host was found by identification: a notice to it too
    assert len(result["done"]) + len(result["refused"]) == 2, result
    assert all(why for _, why in result["refused"])
    st = open_store(web.ws)
    try:
        for action_id in result["done"]:
            _, data = st.actions.get(action_id)
            assert data["drafted_by"] == "web:liaison"  # four eyes: the person, not the worker
            assert data["recipient"]["email"] in (
                "ipr@gouwu-tianxia.cn",
                "abuse@nanfeng-cloud.test",
            )
    finally:
        st.close()


def test_bulk_approve_and_send_in_the_queue_obey_roles_and_four_eyes(web: Web) -> None:
    from rightsguard.domain.enums import ActionType

    st = open_store(web.ws)
    try:
        case = st.cases.new("queue bulk")
        with st.transaction() as session:

            def draft(kind: ActionType, title: str) -> int:
                data = {
                    "kind": "notice.civil_code"
                    if kind is ActionType.PROVIDER_NOTICE
                    else "cease_and_desist",
                    "title": title,
                    "lang": "en",
                    "drafted_by": "web:liaison",
                    "recipient": {"name": "Host Ltd", "email": "abuse@host.test"},
                    "approvals": [],
                }
                return st.actions.create(session, case.id, kind, [], data).id

            own = draft(ActionType.PROVIDER_NOTICE, "own notice")
            letter = draft(ActionType.CEASE_AND_DESIST, "a letter")
            other = draft(ActionType.PROVIDER_NOTICE, "someone's notice")
        with st.transaction() as session:
            from rightsguard.store.models import ActionRow

            row = session.get(ActionRow, other)
            assert row is not None
            row.data = {**row.data, "drafted_by": "web:counsel"}
    finally:
        st.close()
    liaison, counsel = web.client("liaison"), web.client("counsel")
    page = counsel.get("/queue").text
    row = page.split(f'data-action="{letter}"', 1)[1].split("</tr>", 1)[0]
    assert "queue bulk" in row and "Host Ltd" in row and ">en<" in row and "0 " in row
    answer = liaison.post(
        "/queue/approve",
        data={"action_ids": [own, letter, other], "csrf": web.csrf(liaison)},
    )
    flash = answer.headers["location"]
    assert "kind=warn" in flash
    st = open_store(web.ws)
    try:
        status = {i: st.actions.get(i)[0].status.value for i in (own, letter, other)}
    finally:
        st.close()
    # own draft: four eyes; the letter: counsel's; the other liaison may approve
    assert status == {own: "draft", letter: "draft", other: "approved"}
    done = counsel.post(
        "/queue/approve", data={"action_ids": [own, letter], "csrf": web.csrf(counsel)}
    )
    assert "kind=ok" in done.headers["location"]
    # sending: the case has no right in force, so its gates hold each one back; each
    # refusal is reported with the reason
    sent = counsel.post("/queue/send", data={"action_ids": [own, other], "csrf": web.csrf(counsel)})
    told = unquote(sent.headers["location"])
    assert "kind=warn" in told and f"#{own}: blocked by rule" in told and f"#{other}:" in told
    none = counsel.post("/queue/send", data={"csrf": web.csrf(counsel)})
    assert "kind=bad" in none.headers["location"]
    assert web.client("analyst").post("/queue/approve", data={"csrf": "x"}).status_code == 403
