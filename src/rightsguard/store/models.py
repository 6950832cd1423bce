"""SQLAlchemy 2 tables for the nouns of ARCHITECTURE.md.

Rows stay inside ``store``: repositories return the frozen values of
``rightsguard.domain.nouns``. Migrations in ``store/migrations`` create these
tables; change both together.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT on PostgreSQL, INTEGER (rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use UTC-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012
        datetime: UTCDateTime(),
        date: Date(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class RightRow(Base):
    __tablename__ = "rights"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(500))
    jurisdiction: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(500))
    registration_number: Mapped[str | None] = mapped_column(String(100))
    office: Mapped[str | None] = mapped_column(String(100))
    classes: Mapped[list[Any]] = mapped_column(default=list)
    registered_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    proofs: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (
        Index("uq_rights_registration", "kind", "jurisdiction", "registration_number", unique=True),
    )


class CaseRow(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    goals: Mapped[list[Any]] = mapped_column(default=list)
    assignee: Mapped[str | None] = mapped_column(String(200), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class CaseRightRow(Base):
    __tablename__ = "case_rights"
    case_id: Mapped[int] = mapped_column(
        Id, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    right_id: Mapped[int] = mapped_column(Id, ForeignKey("rights.id"), primary_key=True)


class PartyRow(Base):
    __tablename__ = "parties"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    label: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(32), default="unknown")
    identity_known: Mapped[bool] = mapped_column(Boolean, default=False)
    address_known: Mapped[bool] = mapped_column(Boolean, default=False)
    links: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TargetRow(Base):
    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    original_url: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="suspected", index=True)
    control: Mapped[str] = mapped_column(String(16), default="unknown")
    platform: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    party_id: Mapped[int | None] = mapped_column(Id, ForeignKey("parties.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: breaches outside IP law a person recorded (``target breach``): [{breach, note, by, at}]
    breaches: Mapped[list[Any]] = mapped_column(server_default="[]")


class CaseTargetRow(Base):
    __tablename__ = "case_targets"
    case_id: Mapped[int] = mapped_column(
        Id, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[int] = mapped_column(Id, ForeignKey("targets.id"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (Index("ix_case_targets_target", "target_id"),)


class CaptureRow(Base):
    __tablename__ = "captures"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    target_id: Mapped[int] = mapped_column(Id, ForeignKey("targets.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), default="pending")
    mode: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    finished_at: Mapped[datetime | None]
    artefacts: Mapped[list[Any]] = mapped_column(default=list)
    environment: Mapped[dict[str, Any]] = mapped_column(default=dict)
    partial_reason: Mapped[str | None] = mapped_column(Text)


class ObservableRow(Base):
    __tablename__ = "observables"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)
    target_id: Mapped[int | None] = mapped_column(Id, ForeignKey("targets.id"), index=True)
    capture_id: Mapped[int | None] = mapped_column(Id, ForeignKey("captures.id"))
    source: Mapped[str] = mapped_column(String(200))
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    __table_args__ = (Index("ix_observables_kind_value", "kind", "value"),)


class ProviderRow(Base):
    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    channels: Mapped[dict[str, Any]] = mapped_column(default=dict)


class ActionRow(Base):
    __tablename__ = "actions"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    case_id: Mapped[int] = mapped_column(Id, ForeignKey("cases.id"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    target_ids: Mapped[list[Any]] = mapped_column(default=list)
    party_id: Mapped[int | None] = mapped_column(Id, ForeignKey("parties.id"))
    provider_id: Mapped[int | None] = mapped_column(Id, ForeignKey("providers.id"))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class DeadlineRow(Base):
    __tablename__ = "deadlines"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    case_id: Mapped[int] = mapped_column(Id, ForeignKey("cases.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(Id, ForeignKey("actions.id"))
    label: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(index=True)
    rule_id: Mapped[str | None] = mapped_column(String(100))
    consequence: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    verb: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Id)
    case_id: Mapped[int | None] = mapped_column(Id, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        Index("ix_events_entity", "entity", "entity_id"),
        Index("ix_events_verb", "verb"),
    )


class LedgerEntryRow(Base):
    """One leaf of the transparency ledger; ``idx`` is its position, never reused."""

    __tablename__ = "ledger_entries"
    idx: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    kind: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str] = mapped_column(String(200), index=True)
    payload: Mapped[str] = mapped_column(Text)  # the canonical JSON that was hashed
    at: Mapped[datetime] = mapped_column(default=utcnow)


class LedgerHeadRow(Base):
    """A signed tree head (checkpoint), optionally with an RFC 3161 token."""

    __tablename__ = "ledger_heads"
    size: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=False)
    root: Mapped[bytes] = mapped_column(LargeBinary(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))
    tsa_token: Mapped[bytes | None] = mapped_column(LargeBinary)


class EvidenceItemRow(Base):
    """A file added by hand: test purchase, receipt, chat log, photo, letter."""

    __tablename__ = "evidence_items"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    case_id: Mapped[int] = mapped_column(Id, ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(24), default="awaiting_timestamp")
    tsa_token: Mapped[bytes | None] = mapped_column(LargeBinary)
    tsa_time: Mapped[datetime | None]
    tsa_error: Mapped[str | None] = mapped_column(Text)
    ledger_idx: Mapped[int | None] = mapped_column(Id)


class JobRow(Base):
    """A unit of background work for the inline runner (the Celery runner keeps
    the same rows as its record of what was asked and what came of it)."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    queue: Mapped[str] = mapped_column(String(40), default="default")
    args: Mapped[dict[str, Any]] = mapped_column(default=dict)
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(200))
    locked_until: Mapped[datetime | None]
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    __table_args__ = (Index("ix_jobs_claim", "status", "queue", "run_after"),)


class ProfileRow(Base):
    """Named settings kept in the database, e.g. the right holder's identity."""

    __tablename__ = "profiles"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecheckRow(Base):
    """One look at a target after the fact: is it still there, gone, changed?"""

    __tablename__ = "rechecks"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    target_id: Mapped[int] = mapped_column(Id, ForeignKey("targets.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(16))
    http_status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    """A local account of the web workbench; the password is an argon2 hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Where reminders and the daily digest go, and in which language ("": none set).
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")
    language: Mapped[str] = mapped_column(String(8), default="", server_default="")


class ReminderSentRow(Base):
    """One reminder or digest item e-mailed to a user on a day: kept so that the same
    item is never sent to the same person twice on one day."""

    __tablename__ = "reminders_sent"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (
        UniqueConstraint("username", "kind", "item", "day", name="uq_reminders_sent_once"),
    )


class LoginFailureRow(Base):
    """A failed sign-in to the workbench, kept while it counts towards a lock-out."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True, default="")
    at: Mapped[datetime] = mapped_column(index=True, default=utcnow)


class WebSessionRow(Base):
    """A signed-in browser: only the SHA-256 of its cookie is kept."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class SavedFilterRow(Base):
    """A named filter of a list page (targets, actions), kept per user."""

    __tablename__ = "saved_filters"
    id: Mapped[int] = mapped_column(Id, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    list: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("username", "list", "name", name="uq_saved_filters_name"),)
