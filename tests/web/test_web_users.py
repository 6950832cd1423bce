"""Accounts made on the settings page carry the e-mail address and language their
reminders go to; a bad address is refused before anything is written (#20)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from webkit import Web, make_web_workspace, start_web

from rightsguard.store import open_store
from rightsguard.store.users import list_users


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    running = start_web(make_web_workspace(tmp_path_factory.mktemp("users") / "ws"))
    yield running
    running.close()


def _users(web: Web) -> dict[str, tuple[str, str]]:
    st = open_store(web.ws)
    try:
        return {u.username: (u.email, u.language) for u in list_users(st)}
    finally:
        st.close()


def test_the_add_user_form_takes_an_email_and_a_language(web: Web) -> None:
    admin = web.client("admin")
    page = admin.get("/settings").text
    assert 'name="email"' in page and 'name="language"' in page
    form = {"username": "paralegal", "role": "liaison", "password": "Qz7!river-lantern-93"}
    bad = admin.post(
        "/settings/users", data={**form, "email": "li at example.cn", "csrf": web.csrf(admin)}
    )
    assert bad.status_code == 400 and "email" in bad.text
    assert "paralegal" not in _users(web)  # nothing written
    made = admin.post(
        "/settings/users",
        data={**form, "email": "li@例子.中国", "language": "en", "csrf": web.csrf(admin)},
    )
    assert made.status_code == 303, made.text
    assert _users(web)["paralegal"] == ("li@例子.中国", "en")
