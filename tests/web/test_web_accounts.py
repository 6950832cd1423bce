"""Accounts: failed sign-ins are audited and lock a user name (or an address) out for a
while; common or guessable passwords are refused; request bodies are capped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from webkit import Web, make_web_workspace, password_of, start_web

from rightsguard.domain.errors import InvalidValue, Throttled
from rightsguard.store import open_store
from rightsguard.store.users import SignInPolicy, add_user, authenticate, password_problem


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    ws = make_web_workspace(
        tmp_path_factory.mktemp("accounts") / "ws",
        {"login_max_failures": 3, "login_lockout_minutes": 10, "web_max_body_bytes": 20_000},
    )
    running = start_web(ws)
    yield running
    running.close()


def _try(client: httpx.Client, username: str, password: str) -> httpx.Response:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf": token.group(1), "next": "/"},
    )


def test_failed_sign_ins_lock_the_name_out_and_are_audited(strict: Web) -> None:
    c = strict.client(None)
    for _ in range(3):
        assert _try(c, "counsel", "wrong-guess-1").status_code == 401
    locked = _try(c, "counsel", password_of("counsel"))  # even the right password now
    assert locked.status_code == 429 and 'id="login-throttled"' in locked.text
    assert 0 < int(locked.headers["Retry-After"]) <= 600
    api = c.post("/api/v1/login", json={"username": "counsel", "password": "x"})
    assert api.status_code == 429 and api.json()["error"] == "throttled"
    assert "try again in 10 minutes" in api.json()["message"]
    # another user name from the same address is not locked out (3 < 4 × 3)
    assert _try(c, "analyst", password_of("analyst")).status_code == 303
    st = open_store(strict.ws)
    try:
        failed = [
            e for e in st.events.list(entity="user", limit=100) if e.verb == "user.sign_in_failed"
        ]
    finally:
        st.close()
    reasons = sorted(e.reason or "" for e in failed if (e.after or {}).get("username") == "counsel")
    assert reasons == ["locked out", "locked out", *["wrong password"] * 3]
    assert all((e.after or {}).get("address") == "127.0.0.1" for e in failed)


def test_unknown_names_count_too_and_an_address_is_locked_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = make_web_workspace(tmp_path / "ws")
    st = open_store(ws)
    policy = SignInPolicy(max_failures=2, max_address_failures=4, lockout=timedelta(minutes=5))
    try:
        for name in ("nobody", "nobody"):
            assert authenticate(st, name, "x", address="10.0.0.9", policy=policy) is None
        with pytest.raises(Throttled, match="try again in 5 minutes"):
            authenticate(st, "nobody", "x", address="10.0.0.9", policy=policy)
        for name in ("ghost", "ghost"):
            assert authenticate(st, name, "x", address="10.0.0.9", policy=policy) is None
        # four failures from the address, over every name: the address is out
        with pytest.raises(Throttled):
            authenticate(st, "admin", password_of("admin"), address="10.0.0.9", policy=policy)
        user = authenticate(st, "admin", password_of("admin"), address="10.0.0.7", policy=policy)
        assert user is not None and user.username == "admin"
    finally:
        st.close()


def test_a_right_password_clears_the_names_failures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = make_web_workspace(tmp_path / "ws")
    st = open_store(ws)
    policy = SignInPolicy(max_failures=2)
    try:
        assert authenticate(st, "analyst", "nope", policy=policy) is None
        assert authenticate(st, "analyst", password_of("analyst"), policy=policy) is not None
        assert authenticate(st, "analyst", "nope", policy=policy) is None
        assert authenticate(st, "analyst", password_of("analyst"), policy=policy) is not None
        events = [e.verb for e in st.events.list(entity="user", limit=10)]
        assert events.count("user.signed_in") == 2 and events.count("user.sign_in_failed") == 2
    finally:
        st.close()


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short1", "at least 8 characters"),
        ("password1", "most common passwords"),
        ("iloveyou2", "most common passwords"),
        ("Analyst2026", "too easy to guess"),  # the user name and a year
        ("qwertyuiop[]", "too easy to guess"),
        ("aaaaaaaaaaaa", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    problem = password_problem(password, "analyst")
    assert problem is not None and why in problem


def test_a_good_password_is_taken_and_the_policy_applies_to_new_accounts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert password_problem("Kestrel-harbour-58", "analyst") is None
    ws = make_web_workspace(tmp_path / "ws")
    st = open_store(ws)
    try:
        with pytest.raises(InvalidValue, match="password: is one of the most common"):
            add_user(st, "newcomer", "analyst", "password123")
        assert add_user(st, "newcomer", "analyst", "Kestrel-harbour-58").username == "newcomer"
    finally:
        st.close()


def test_request_bodies_over_the_cap_are_refused(strict: Web) -> None:
    c = strict.client("admin")
    headers = {"X-CSRF-Token": strict.csrf(c)}
    declared = c.post("/api/v1/cases", content=b"x" * 30_000, headers=headers)
    assert declared.status_code == 413 and "20000 bytes" in declared.text

    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b"y" * 1000

    streamed = c.post("/api/v1/cases", content=chunks(), headers=headers)
    assert streamed.status_code == 413
    small = c.post("/api/v1/cases", json={"title": "fits"}, headers=headers)
    assert small.status_code in (200, 201), small.text


def test_the_settings_page_shows_no_secret(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = make_web_workspace(
        tmp_path / "ws",
        {
            "broker_url": "redis://:s3cret-broker@127.0.0.1:1/0",
            "smtp_url": "smtp://mailer:s3cret-mail@127.0.0.1:1/?password=s3cret-query",
            "tsa_password": "s3cret-tsa",
        },
    )
    running = start_web(ws)
    try:
        page = running.client("admin").get("/settings")
        assert page.status_code == 200 and "redis://:••••@127.0.0.1:1/0" in page.text
        assert "s3cret" not in page.text
    finally:
        running.close()
