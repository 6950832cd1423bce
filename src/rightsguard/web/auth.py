"""Signing in, the session cookie, CSRF, and the role check every route makes.

Each route names one permission from ``domain.roles.PERMISSIONS`` with
``Depends(require("name"))``. The dependency:

* finds the session from the ``rg_session`` cookie (only its SHA-256 is stored);
* refuses anyone not signed in (pages redirect to the log-in page, the API
  answers 401) and any role the permission does not list (403);
* on every state-changing request (POST, PUT, PATCH, DELETE) demands the
  session's CSRF token, from the form field ``csrf`` or the ``X-CSRF-Token``
  header, compared in constant time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from rightsguard.domain.roles import PERMISSIONS, allowed
from rightsguard.store.users import SignedIn, constant_time_equal, session_user

COOKIE = "rg_session"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class NotSignedIn(Exception):
    pass


class Forbidden(Exception):
    def __init__(self, permission: str) -> None:
        super().__init__(permission)
        self.permission = permission


class BadCsrf(Exception):
    pass


@dataclass(frozen=True)
class Caller:
    """Who is asking: the signed-in user (or None) and the language of the answer."""

    signed: SignedIn | None
    lang: str

    @property
    def role(self) -> str | None:
        return self.signed.user.role if self.signed else None

    @property
    def username(self) -> str:
        return self.signed.user.username if self.signed else "anonymous"


def signed_in(request: Request) -> SignedIn | None:
    cached: SignedIn | bool | None = getattr(request.state, "signed", False)
    if cached is not False:
        return cached if isinstance(cached, SignedIn) else None
    token = request.cookies.get(COOKIE, "")
    found = session_user(request.app.state.rg.reader(), token) if token else None
    request.state.signed = found
    return found


async def _csrf_from(request: Request) -> str:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get("csrf")
        return value if isinstance(value, str) else ""
    return ""


class Require:
    """The dependency of one permission; the authorization test reads ``.permission``."""

    def __init__(self, permission: str) -> None:
        if permission not in PERMISSIONS:
            raise ValueError(f"unknown permission {permission!r}")
        self.permission = permission

    async def __call__(self, request: Request) -> Caller:
        signed = signed_in(request)
        lang = request.state.lang
        caller = Caller(signed, lang)
        if self.permission == "public":
            return caller
        if signed is None:
            raise NotSignedIn()
        if not allowed(self.permission, signed.user.role):
            raise Forbidden(self.permission)
        if request.method in UNSAFE:
            given = await _csrf_from(request)
            if not given or not constant_time_equal(given, signed.csrf):
                raise BadCsrf()
        return caller


_cache: dict[str, Require] = {}


def require(permission: str) -> Any:
    if permission not in _cache:
        _cache[permission] = Require(permission)
    return _cache[permission]
