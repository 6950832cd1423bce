"""Signing in and out."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from rightsguard.domain.errors import Throttled
from rightsguard.store.users import (
    SignedIn,
    SignInPolicy,
    User,
    authenticate,
    constant_time_equal,
    end_session,
    start_session,
)
from rightsguard.web.auth import COOKIE, Caller, require
from rightsguard.web.context import render, rg

router = APIRouter(include_in_schema=False)
LOGIN_CSRF = "rg_login_csrf"


def _safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def open_session(request: Request, user: User) -> tuple[str, SignedIn]:
    """Sign ``user`` in: end the session the browser brought (if any) and start a
    fresh one (never adopt the old: no fixation); its cookie token and state."""
    ctx = rg(request)
    old = request.cookies.get(COOKIE)
    if old:
        end_session(ctx.store("web"), old)
    hours = int(ctx.ws.settings.web_session_hours)
    return start_session(ctx.store(f"web:{user.username}"), user, hours)


def sign_in(request: Request, username: str, password: str) -> User | None:
    """Check a sign-in from this request's address under the workspace's lock-out
    settings; ``Throttled`` while the name or the address is locked out."""
    ctx = rg(request)
    settings = ctx.ws.settings
    failures = int(settings.login_max_failures)
    policy = SignInPolicy(
        max_failures=failures,
        lockout=timedelta(minutes=int(settings.login_lockout_minutes)),
        max_address_failures=4 * failures,
    )
    address = request.client.host if request.client else ""
    return authenticate(ctx.store("web"), username, password, address=address, policy=policy)


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    settings = rg(request).ws.settings
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(settings.web_session_hours) * 3600,
        httponly=True,
        secure=request.url.scheme == "https" or bool(settings.web_secure_cookies),
        samesite="lax",
        path="/",
    )


def _login_form(
    request: Request,
    caller: Caller,
    next: str,
    *,
    failed: bool = False,
    throttled: Throttled | None = None,
) -> Response:
    """The log-in form with a fresh token of its own (log-in CSRF: double submit)."""
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        caller,
        "login.html",
        status_code=429 if throttled else 401 if failed else 200,
        failed=failed,
        wait_minutes=max(1, throttled.retry_after // 60) if throttled else None,
        login_csrf=token,
        next=_safe_next(next),
    )
    if throttled is not None:
        response.headers["Retry-After"] = str(throttled.retry_after)
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.get("/login")
def login_page(
    request: Request, caller: Annotated[Caller, Depends(require("public"))], next: str = "/"
) -> Response:
    return _login_form(request, caller, next)


@router.post("/login")
def login(
    request: Request,
    caller: Annotated[Caller, Depends(require("public"))],
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF, "")
    user = None
    if expected and csrf and constant_time_equal(expected, csrf):
        try:
            user = sign_in(request, username, password)
        except Throttled as exc:
            return _login_form(request, caller, next, throttled=exc)
    if user is None:
        return _login_form(request, caller, next, failed=True)
    token, _ = open_session(request, user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, token)
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
def logout(request: Request, caller: Annotated[Caller, Depends(require("view"))]) -> Response:
    end_session(rg(request).store("web"), request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
