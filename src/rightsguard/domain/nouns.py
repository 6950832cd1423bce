"""The nouns of RightsGuard as plain immutable values.

The store maps its rows to these; every other layer reads them. They carry no
behaviour that needs I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rightsguard.domain.enums import (
    ActionStatus,
    ActionType,
    CaptureStatus,
    CaseStatus,
    Control,
    Goal,
    ObservableKind,
    PartyRole,
    ProviderKind,
    RightKind,
    TargetKind,
    TargetStatus,
)

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ProofDocument:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Right:
    id: int
    kind: RightKind
    name: str
    jurisdiction: str
    owner: str
    registration_number: str | None = None
    office: str | None = None
    classes: tuple[int, ...] = ()
    registered_on: date | None = None
    expires_on: date | None = None
    proofs: tuple[ProofDocument, ...] = ()
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Case:
    id: int
    title: str
    status: CaseStatus
    goals: tuple[Goal, ...] = ()
    right_ids: tuple[int, ...] = ()
    assignee: str | None = None
    notes: str = ""
    created_at: datetime | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Target:
    id: int
    url: str
    original_url: str
    host: str
    kind: TargetKind
    status: TargetStatus
    control: Control
    platform: str | None = None
    title: str | None = None
    note: str | None = None
    case_ids: tuple[int, ...] = ()
    party_id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Artefact:
    role: str
    sha256: str
    size: int
    media_type: str


@dataclass(frozen=True, slots=True)
class Capture:
    id: int
    target_id: int
    status: CaptureStatus
    mode: str
    started_at: datetime
    finished_at: datetime | None = None
    artefacts: tuple[Artefact, ...] = ()
    environment: JSON = field(default_factory=dict)
    partial_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Observable:
    id: int
    kind: ObservableKind
    value: str
    target_id: int | None
    source: str
    observed_at: datetime
    capture_id: int | None = None
    detail: JSON = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Party:
    id: int
    label: str
    role: PartyRole
    identity_known: bool = False
    address_known: bool = False
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Provider:
    id: int
    key: str
    name: str
    kind: ProviderKind
    channels: JSON = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Action:
    id: int
    case_id: int
    type: ActionType
    status: ActionStatus
    target_ids: tuple[int, ...] = ()
    party_id: int | None = None
    provider_id: int | None = None
    created_at: datetime | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Deadline:
    id: int
    case_id: int
    label: str
    due: datetime
    rule_id: str | None = None
    action_id: int | None = None
    consequence: str = ""
    done: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    at: datetime
    actor: str
    verb: str
    entity: str
    entity_id: int | None
    case_id: int | None = None
    before: JSON | None = None
    after: JSON | None = None
    reason: str | None = None
