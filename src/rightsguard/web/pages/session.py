"""Signing in and out."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from rightsguard.store.users import authenticate, constant_time_equal, end_session, start_session
from rightsguard.web.auth import COOKIE, Caller, require
from rightsguard.web.context import render, rg

router = APIRouter(include_in_schema=False)
LOGIN_CSRF = "rg_login_csrf"


def _safe_next(target: str) -> str:
    """Only a path on this site: never an open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def set_session_cookie(request: Request, response: Response, token: str, hours: int) -> None:
    secure = request.url.scheme == "https" or bool(rg(request).ws.settings.web_secure_cookies)
    response.set_cookie(
        COOKIE,
        token,
        max_age=hours * 3600,
        httponly=True,
        secure=secure,
        samesite="lax",
        path="/",
    )


@router.get("/login")
def login_page(
    request: Request, caller: Annotated[Caller, Depends(require("public"))], next: str = "/"
) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, caller, "login.html", login_csrf=token, next=_safe_next(next))
    response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", max_age=3600)
    return response


@router.post("/login")
def login(
    request: Request,
    caller: Annotated[Caller, Depends(require("public"))],
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    ctx = rg(request)
    expected = request.cookies.get(LOGIN_CSRF, "")
    user = None
    if expected and csrf and constant_time_equal(expected, csrf):
        user = authenticate(ctx.store("web"), username, password)
    if user is None:
        token = secrets.token_urlsafe(24)
        response = render(
            request,
            caller,
            "login.html",
            status_code=401,
            failed=True,
            login_csrf=token,
            next=_safe_next(next),
        )
        response.set_cookie(LOGIN_CSRF, token, httponly=True, samesite="strict", max_age=3600)
        return response
    hours = int(ctx.ws.settings.web_session_hours)
    old = request.cookies.get(COOKIE)
    if old:
        end_session(ctx.store("web"), old)
    token, _ = start_session(ctx.store(f"web:{user.username}"), user, hours)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, token, hours)
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout")
def logout(request: Request, caller: Annotated[Caller, Depends(require("view"))]) -> Response:
    end_session(rg(request).store("web"), request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
