"""Local accounts and signed-in sessions of the web workbench.

Passwords are kept only as argon2id hashes; a session cookie is kept only as its
SHA-256, so a copy of the database lets no one sign in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from rightsguard.domain.errors import Duplicate, InvalidValue, NotFound
from rightsguard.store.models import UserRow, WebSessionRow, utcnow

if TYPE_CHECKING:
    from rightsguard.store.base import Store

ROLES = ("analyst", "liaison", "counsel", "admin")
MIN_PASSWORD = 8
_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool

    @property
    def label(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True)
class SignedIn:
    user: User
    csrf: str
    expires_at: datetime


def _user(row: UserRow) -> User:
    return User(row.id, row.username, row.display_name, row.role, row.disabled)


def _check(username: str, role: str, password: str | None) -> None:
    if (
        not username
        or len(username) > 100
        or not username.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise InvalidValue("username", f"{username!r} must be 1–100 letters, digits, . - or _")
    if role not in ROLES:
        raise InvalidValue("role", f"{role!r} is not one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise InvalidValue("password", f"must have at least {MIN_PASSWORD} characters")


def add_user(store: Store, username: str, role: str, password: str, display_name: str = "") -> User:
    _check(username, role, password)
    with store.transaction() as session:
        if session.scalar(select(UserRow.id).where(UserRow.username == username)):
            raise Duplicate(f"user {username!r} already exists")
        row = UserRow(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=_hasher.hash(password),
            disabled=False,
        )
        session.add(row)
        session.flush()
        store.record(
            session, "user.added", "user", row.id, after={"username": username, "role": role}
        )
        return _user(row)


def list_users(store: Store) -> list[User]:
    with store.transaction() as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def get_user(store: Store, username: str) -> User:
    with store.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise NotFound("user", username)
        return _user(row)


def update_user(
    store: Store,
    username: str,
    *,
    role: str | None = None,
    password: str | None = None,
    disabled: bool | None = None,
) -> User:
    with store.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            raise NotFound("user", username)
        _check(username, role or row.role, password)
        before = {"role": row.role, "disabled": row.disabled}
        if role == row.role:
            role = None  # unchanged: the user's sessions go on
        if role is not None:
            row.role = role
        if password is not None:
            row.password_hash = _hasher.hash(password)
        if disabled is not None:
            row.disabled = disabled
        if role is not None or password is not None or disabled:
            # A changed role, password or a disabled account ends every session.
            session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
        store.record(
            session,
            "user.updated",
            "user",
            row.id,
            before=before,
            after={"role": row.role, "disabled": row.disabled, "password": password is not None},
        )
        return _user(row)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate(store: Store, username: str, password: str) -> User | None:
    """The user if the password is right and the account is enabled, else None."""
    with store.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        if row is None:
            _hasher.hash(password)  # the same work either way: no user-name oracle by timing
            return None
        try:
            _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if row.disabled:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        return _user(row)


def start_session(store: Store, user: User, hours: int) -> tuple[str, SignedIn]:
    """A new session (never one the browser brought: no fixation); returns the cookie."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = utcnow() + timedelta(hours=hours)
    with store.transaction() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at < utcnow()))
        session.add(
            WebSessionRow(
                token_sha256=_digest(token), user_id=user.id, csrf=csrf, expires_at=expires
            )
        )
    return token, SignedIn(user, csrf, expires)


def session_user(store: Store, token: str) -> SignedIn | None:
    if not token or len(token) > 200:
        return None
    with store.transaction() as session:
        found = session.execute(
            select(WebSessionRow, UserRow)
            .join(UserRow, UserRow.id == WebSessionRow.user_id)
            .where(WebSessionRow.token_sha256 == _digest(token))
        ).first()
        if found is None:
            return None
        ws_row, user_row = found
        if ws_row.expires_at < utcnow() or user_row.disabled:
            return None
        return SignedIn(_user(user_row), ws_row.csrf, ws_row.expires_at)


def end_session(store: Store, token: str) -> None:
    with store.transaction() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.token_sha256 == _digest(token)))


def constant_time_equal(a: str, b: str) -> bool:
    return secrets.compare_digest(a.encode(), b.encode())
