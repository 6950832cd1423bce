"""API sign-in: the same session cookie as the pages; the answer carries the CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from rightsguard.store.users import end_session
from rightsguard.web.auth import COOKIE, Caller, require
from rightsguard.web.context import rg
from rightsguard.web.pages.session import open_session, set_session_cookie, sign_in

router = APIRouter(tags=["session"])


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class Me(BaseModel):
    username: str
    display_name: str
    role: str
    csrf: str = Field(description="Send as X-CSRF-Token on every POST.")


class Problem(BaseModel):
    error: str
    message: str


@router.post(
    "/login", response_model=Me, responses={401: {"model": Problem}, 429: {"model": Problem}}
)
def api_login(
    request: Request, body: Credentials, caller: Annotated[Caller, Depends(require("public"))]
) -> Response:
    """Sign in with a JSON body (a cross-site form cannot send one, so no CSRF token is
    needed here); the session cookie is set and the CSRF token returned."""
    user = sign_in(request, body.username, body.password)  # Throttled: 429
    if user is None:
        return JSONResponse(
            {"error": "not_signed_in", "message": "wrong user name or password"}, status_code=401
        )
    token, signed = open_session(request, user)
    response = JSONResponse(
        Me(
            username=user.username, display_name=user.display_name, role=user.role, csrf=signed.csrf
        ).model_dump()
    )
    set_session_cookie(request, response, token)
    return response


@router.get("/me", response_model=Me, responses={401: {"model": Problem}})
def api_me(caller: Annotated[Caller, Depends(require("view"))]) -> Me:
    """Who is signed in, and the CSRF token of this session."""
    assert caller.signed is not None
    u = caller.signed.user
    return Me(
        username=u.username, display_name=u.display_name, role=u.role, csrf=caller.signed.csrf
    )


@router.post("/logout", status_code=204, responses={401: {"model": Problem}})
def api_logout(request: Request, caller: Annotated[Caller, Depends(require("view"))]) -> Response:
    """End this session."""
    end_session(rg(request).store("web"), request.cookies.get(COOKIE, ""))
    response = Response(status_code=204)
    response.delete_cookie(COOKIE)
    return response
