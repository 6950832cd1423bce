"""Completely bilingual, after a button too (#20): the short message a page shows after
a form was sent (queued jobs, status changes, breaches, parties verified, merged and
split, triage, outcomes, replies, new users) and the error page of a refused request
are in Chinese for a Chinese interface, and in English for an English one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from langcheck import english_only, has_chinese
from webkit import Web, make_web_workspace, record_world, start_web

from rightsguard.domain.enums import ActionStatus
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store
from rightsguard.store.actions import ActionRepo
from rightsguard.store.parties import PartyDraft, PartyRepo


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    running = start_web(make_web_workspace(tmp_path_factory.mktemp("flash") / "ws"))
    yield running
    running.close()


def _client(web: Web, lang: str) -> httpx.Client:
    client = web.client("admin")
    client.cookies.set("rg_lang", lang)
    return client


def _world(web: Web, number: str, *, sent: bool = False) -> dict[str, int]:
    world = record_world(
        web, number, "极光假货", f"https://mall.gouwu-tianxia.cn/item/{number}.html"
    )
    with closing(open_store(web.ws)) as st:
        shops = [
            st.targets.add(parse_target_row({"url": f"https://s{number}-{i}.example.cn/"})).id
            for i in range(3)
        ]
        parties = PartyRepo(st).apply(
            [
                PartyDraft(
                    targets=(shops[0], shops[1]),
                    label="Chenxi Trading",
                    identity_known=True,
                    address_known=True,
                ),
                PartyDraft(targets=(shops[2],), label="Lone seller"),
            ]
        )
        if sent:  # the notice went out: an outcome or a reply can be recorded on it
            repo = ActionRepo(st)
            for status in (ActionStatus.APPROVED, ActionStatus.SENT):
                repo.change(world["action"], f"test.{status.value}", _same, status=status)
    world.update(big=parties[shops[0]], small=parties[shops[2]], shop=shops[1])
    return world


def _same(_row: object, _data: object) -> None:
    """No change to the action but its status."""


def _flashes(web: Web, client: httpx.Client, world: dict[str, int]) -> dict[str, str]:
    """Each form's message, by what was done."""
    token = web.csrf(client)
    t, c, a = world["target"], world["case"], world["action"]
    forms: dict[str, tuple[str, dict[str, object]]] = {
        "capture queued": (f"/targets/{t}/capture", {}),
        "identification queued": (f"/cases/{c}/identify", {}),
        "status not set by triage": (f"/targets/{t}/status", {"status": "removed"}),
        "status set": (f"/targets/{t}/status", {"status": "dismissed", "reason": "测试"}),
        "breach recorded": (f"/targets/{t}/breach", {"breach": "no_ccc", "note": "购买取证"}),
        "triage": ("/discovery/triage", {"decision": "confirm", "targets": [t]}),
        "party verified": (f"/parties/{world['big']}/verify", {"source": "营业执照"}),
        "party split": (
            f"/parties/{world['big']}/split",
            {"reason": "不同卖家", "targets": [world["shop"]]},
        ),
        "party merged": (
            f"/parties/{world['big']}/merge",
            {"reason": "同一注册人", "other": world["small"]},
        ),
        "outcome recorded": (f"/actions/{a}/record", {"outcome": "acknowledged"}),
        "user added": (
            "/settings/users",
            {
                "username": f"clerk{c}",
                "role": "liaison",
                "password": "Qz7!river-lantern-93",
                "email": "clerk@example.cn",
            },
        ),
    }
    said: dict[str, str] = {}
    for what, (path, form) in forms.items():
        answer = client.post(path, data={**form, "csrf": token})
        assert answer.status_code == 303, f"{what}: {answer.status_code} {answer.text[:300]}"
        query = parse_qs(urlsplit(answer.headers["location"]).query)
        said[what] = query.get("msg", [""])[0]
        assert said[what], f"{what}: no message"
    eml = b"From: ipr@gouwu-tianxia.cn\r\nSubject: Re: notice\r\n\r\nReceived, removed.\r\n"
    answer = client.post(
        f"/actions/{a}/reply",
        data={"csrf": token},
        files={"eml": ("reply.eml", eml, "message/rfc822")},
    )
    assert answer.status_code == 303, answer.text[:300]
    said["reply recorded"] = parse_qs(urlsplit(answer.headers["location"]).query)["msg"][0]
    return said


def test_messages_after_a_form_are_in_chinese_for_a_chinese_interface(web: Web) -> None:
    said = _flashes(web, _client(web, "zh-CN"), _world(web, "51230001", sent=True))
    english = {what: text for what, text in said.items() if english_only(text)}
    assert not english, english
    untranslated = {w: s for w, s in said.items() if not has_chinese(s)}
    assert not untranslated, untranslated


def test_the_same_messages_are_in_english_for_an_english_interface(web: Web) -> None:
    said = _flashes(web, _client(web, "en"), _world(web, "51230002", sent=True))
    chinese = {w: s for w, s in said.items() if has_chinese(s)}
    assert not chinese, chinese
    assert said["outcome recorded"] == "recorded: acknowledged"


@pytest.mark.parametrize(
    ("number", "path", "form"),
    [
        ("51240001", "/actions/{a}/send", {}),  # a draft is not sent before it is approved
        ("51240002", "/targets/{t}/breach", {"breach": "no_such_breach", "note": "x"}),
        ("51240003", "/targets/999999/capture", {}),
        ("51240004", "/cases/{c}/targets", {"urls": " "}),
    ],
)
def test_a_refused_request_is_explained_in_chinese(
    web: Web, number: str, path: str, form: dict[str, str]
) -> None:
    world = _world(web, number)
    client = _client(web, "zh-CN")
    where = path.format(a=world["action"], t=world["target"], c=world["case"])
    answer = client.post(where, data={**form, "csrf": web.csrf(client)})
    assert answer.status_code in (400, 404, 409, 422), answer.status_code
    page = answer.text
    shown = page[page.index('id="error"') :].split(">", 1)[1].split("</p>", 1)[0]
    assert has_chinese(shown), shown
    if path.endswith("/send"):  # a refusal with its own Chinese words, not only a lead
        assert "只有已批准的行动才能发送" in shown, shown
