"""Saved filters on the targets and actions lists, per user (#20)."""

from __future__ import annotations

import re

from webkit import Web


def _saved(html: str) -> list[tuple[str, str]]:
    block = html.split('id="saved-filters"', 1)[1].split("</div>", 1)[0]
    return [
        (unquote, name) for unquote, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)
    ]


def test_a_user_keeps_filters_of_the_lists_for_themselves(web: Web) -> None:
    analyst, liaison = web.client("analyst"), web.client("liaison")
    shown = analyst.get("/targets", params={"status": "confirmed", "q": "gouwu", "offset": 50})
    query = shown.request.url.query.decode()
    saved = analyst.post(
        "/filters",
        data={
            "list": "targets",
            "name": "购物天下 已确认",
            "query": query,
            "csrf": web.csrf(analyst),
        },
    )
    assert saved.status_code == 303
    # back to the list with the filter (the page offset is not part of it)
    assert saved.headers["location"].startswith("/targets?status=confirmed&q=gouwu&msg=")
    listed = _saved(analyst.get("/targets").text)
    assert listed == [("/targets?status=confirmed&amp;q=gouwu", "购物天下 已确认")]
    assert _saved(liaison.get("/targets").text) == []  # another user sees none of them
    # actions keep only the status; a list that has no filters is refused
    csrf = web.csrf(analyst)
    analyst.post(
        "/filters",
        data={"list": "actions", "name": "drafts", "query": "status=draft&x=1", "csrf": csrf},
    )
    assert _saved(analyst.get("/actions").text) == [("/actions?status=draft", "drafts")]
    bad = analyst.post("/filters", data={"list": "audit", "name": "x", "query": "", "csrf": csrf})
    assert bad.status_code == 400
    # deleting: one's own only
    found = re.search(r'action="/filters/(\d+)/delete"', analyst.get("/actions").text)
    assert found
    other = liaison.post(f"/filters/{found.group(1)}/delete", data={"csrf": web.csrf(liaison)})
    assert other.status_code == 404
    gone = analyst.post(f"/filters/{found.group(1)}/delete", data={"csrf": csrf})
    assert gone.status_code == 303 and _saved(analyst.get("/actions").text) == []
