"""Settings (admin): the workspace's settings as resolved, and the accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from rightsguard.domain.roles import ROLES
from rightsguard.i18n import translate
from rightsguard.settings import SETTINGS, masked
from rightsguard.store.users import add_user, list_users, update_user
from rightsguard.web.auth import Caller, require
from rightsguard.web.context import render, rg
from rightsguard.web.pages.cases import back, flash_of
from rightsguard.web.settings_help import HELP_ZH
from rightsguard.web.value_words import value_label

router = APIRouter(include_in_schema=False)


@router.get("/settings")
def settings_page(
    request: Request, caller: Annotated[Caller, Depends(require("admin"))]
) -> Response:
    ctx = rg(request)
    values = [
        (
            s.name,
            masked(s.name, getattr(ctx.ws.settings, s.name)),
            ctx.ws.settings.source(s.name),
            HELP_ZH.get(s.name, s.help) if caller.lang == "zh-CN" else s.help,
        )
        for s in SETTINGS
    ]
    return render(
        request,
        caller,
        "settings.html",
        values=values,
        users=list_users(ctx.reader()),
        roles=ROLES,
        **flash_of(request),
    )


@router.post("/settings/users")
def settings_add_user(
    request: Request,
    caller: Annotated[Caller, Depends(require("admin"))],
    username: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=16)],
    password: Annotated[str, Form(max_length=1000)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=320)] = "",
    language: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """A new account, with the e-mail address and language its reminders go to (checked
    by the store before anything is written)."""
    user = add_user(
        rg(request).store(caller),
        username,
        role,
        password,
        display_name,
        email=email.strip(),
        language=language,
    )
    role = value_label(user.role, caller.lang)
    return back(
        "/settings", translate("flash.user_added", caller.lang, user=user.username, role=role)
    )


@router.post("/settings/users/{username}")
def settings_change_user(
    request: Request,
    username: str,
    caller: Annotated[Caller, Depends(require("admin"))],
    role: Annotated[str, Form(max_length=16)] = "",
    state: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    disabled = {"disable": True, "enable": False}.get(state)
    user = update_user(rg(request).store(caller), username, role=role or None, disabled=disabled)
    return back(
        "/settings", f"{user.username}: {user.role}{' (disabled)' if user.disabled else ''}"
    )
