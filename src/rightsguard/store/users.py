"""Local accounts and signed-in sessions of the web workbench.

Passwords are kept only as argon2id hashes; a session cookie is kept only as its
SHA-256, so a copy of the database lets no one sign in.

A new password must be at least 8 characters, not one of the 30,000 most common
passwords (zxcvbn's list, from leaked password sets), and not guessable by zxcvbn's
estimate, which counts the user name as known to an attacker (score 2 of 4 at
least): NIST SP 800-63B §5.1.1.2 asks for this check against known-compromised and
common values. Failed
sign-ins are counted per user name and per address: past ``max_failures`` within
the window the name (or address) is locked out for ``lockout`` (every failure and
every refusal is an audit event), which is what the guideline's rate limiting
(§5.2.2) asks of a verifier.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from rightsguard.domain.email_address import check_email
from rightsguard.domain.errors import Duplicate, InvalidValue, NotFound, Throttled
from rightsguard.domain.roles import ROLES
from rightsguard.store.models import LoginFailureRow, UserRow, WebSessionRow, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rightsguard.store.base import Store

MIN_PASSWORD = 8
#: zxcvbn's estimate (0 = too guessable … 4 = very unguessable) a new password must reach.
MIN_PASSWORD_SCORE = 2
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
_hasher = PasswordHasher()


@dataclass(frozen=True)
class SignInPolicy:
    """How many failed sign-ins lock a user name (or an address) out, and for how long."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)
    #: failures from one address over every user name (guessing one password for many)
    max_address_failures: int = 20


def password_problem(password: str, username: str = "") -> str | None:
    """Why ``password`` may not be used, or None."""
    if len(password) < MIN_PASSWORD:
        return f"must have at least {MIN_PASSWORD} characters"
    lowered = password.lower()
    if lowered in _COMMON:
        return "is one of the most common passwords; choose another"
    score = zxcvbn(password[:100], user_inputs=[username] if username else [])["score"]
    if score < MIN_PASSWORD_SCORE:
        return (
            "is too easy to guess (a common word, name, date or keyboard pattern); "
            "make it longer or less predictable"
        )
    return None


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    email: str = ""
    language: str = ""

    @property
    def label(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True)
class SignedIn:
    user: User
    csrf: str
    expires_at: datetime


def _user(row: UserRow) -> User:
    return User(
        row.id, row.username, row.display_name, row.role, row.disabled, row.email, row.language
    )


def _check_contact(email: str | None, language: str | None) -> None:
    if email:
        check_email(email, "email")
    if language and language not in ("zh-CN", "en"):
        raise InvalidValue("language", f"{language!r}: zh-CN or en")


def _check(username: str, role: str, password: str | None) -> None:
    if (
        not username
        or len(username) > 100
        or not username.replace("-", "").replace("_", "").replace(".", "").isalnum()
    ):
        raise InvalidValue("username", f"{username!r} must be 1–100 letters, digits, . - or _")
    if role not in ROLES:
        raise InvalidValue("role", f"{role!r} is not one of {', '.join(ROLES)}")
    if password is not None:
        problem = password_problem(password, username)
        if problem is not None:
            raise InvalidValue("password", problem)


def add_user(
    store: Store,
    username: str,
    role: str,
    password: str,
    display_name: str = "",
    *,
    email: str = "",
    language: str = "",
) -> User:
    _check(username, role, password)
    _check_contact(email, language)
    with store.transaction() as session:
        if session.scalar(select(UserRow.id).where(UserRow.username == username)):
            raise Duplicate(f"user {username!r} already exists")
        row = UserRow(
            username=username,
            display_name=display_name,
            role=role,
            password_hash=_hasher.hash(password),
            disabled=False,
            email=email,
            language=language,
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
    email: str | None = None,
    language: str | None = None,
) -> User:
    _check_contact(email, language)
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
        if email is not None:
            row.email = email
        if language is not None:
            row.language = language
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


def authenticate(
    store: Store,
    username: str,
    password: str,
    *,
    address: str = "",
    policy: SignInPolicy | None = None,
) -> User | None:
    """The user if the password is right and the account is enabled, else None (and the
    failure counted and audited). Raises ``Throttled`` while the user name or the
    address is locked out, without looking at the password."""
    policy = policy or SignInPolicy()
    address = address[:64]
    with store.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        now = utcnow()
        wait = _locked_for(session, username, address, now, policy)
        if wait is not None:
            _hasher.hash(password)  # the same work either way: no oracle by timing
            _audit_failure(store, session, row, username, address, "locked out")
    if wait is not None:  # raised once the refusal's audit event is committed
        minutes = max(1, round(wait.total_seconds() / 60))
        raise Throttled(
            f"too many failed sign-ins for this user name or from this address; "
            f"try again in {minutes} minute{'s' if minutes != 1 else ''}",
            retry_after=int(wait.total_seconds()) + 1,
        )
    with store.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == username))
        why = None
        if row is None:
            _hasher.hash(password)  # the same work either way: no user-name oracle by timing
            why = "unknown user name"
        else:
            try:
                _hasher.verify(row.password_hash, password)
            except (VerificationError, InvalidHashError):
                why = "wrong password"
            if why is None and row.disabled:
                why = "account disabled"
        if why is not None:
            session.add(LoginFailureRow(username=username[:100], address=address, at=now))
            _audit_failure(store, session, row, username, address, why)
            return None
        assert row is not None
        session.execute(delete(LoginFailureRow).where(LoginFailureRow.username == username))
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        store.record(session, "user.signed_in", "user", row.id, after={"address": address})
        return _user(row)


def _locked_for(
    session: Session, username: str, address: str, now: datetime, policy: SignInPolicy
) -> timedelta | None:
    """How long the user name or the address stays locked out, or None."""
    since = now - policy.window
    session.execute(
        delete(LoginFailureRow).where(LoginFailureRow.at < now - policy.window - policy.lockout)
    )
    waits = []
    for column, value, limit in (
        (LoginFailureRow.username, username, policy.max_failures),
        (LoginFailureRow.address, address, policy.max_address_failures),
    ):
        if not value:
            continue
        count, last = session.execute(
            select(func.count(), func.max(LoginFailureRow.at)).where(
                column == value, LoginFailureRow.at >= since
            )
        ).one()
        if count >= limit and last is not None:
            until = _aware(last) + policy.lockout
            if until > now:
                waits.append(until - now)
    return max(waits) if waits else None


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _audit_failure(
    store: Store, session: Session, row: UserRow | None, username: str, address: str, why: str
) -> None:
    store.record(
        session,
        "user.sign_in_failed",
        "user",
        row.id if row is not None else None,
        after={"username": username[:100], "address": address},
        reason=why,
    )


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
