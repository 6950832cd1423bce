"""The plan's shape: what ``make_plan`` returns (JSON-serialisable)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rightsguard.domain.enums import ActionType
from rightsguard.playbook.clocks import Clock
from rightsguard.playbook.criminal import Indicator
from rightsguard.playbook.elements import Element
from rightsguard.playbook.gates import Block, Check
from rightsguard.playbook.text import Text

PLAN_SCHEMA_VERSION = 1


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Factor(_Out):
    level: Level
    note: Text


class Rationale(_Out):
    """The guide's yardsticks for a route."""

    cost: Factor
    speed: Factor
    effectiveness: Factor
    deterrence: Factor
    reach: Factor
    legal_risk: Factor


class Venue(_Out):
    kind: str  # party | provider | authority | court | dispute_provider | police | vendor
    name: Text
    ref: str | None = None
    reason: Text | None = None
    alternatives: list[Text] = Field(default_factory=list)


class Note(_Out):
    rule_id: str
    level: str = "info"  # info | warn
    text: Text


class PlannedAction(_Out):
    key: str
    rank: int
    type: ActionType
    title: Text
    target_ids: list[str]
    recipient_party_id: str | None = None
    provider_id: str | None = None
    channel: str | None = None
    venue: Venue | None = None
    rationale: Rationale
    score: float
    ready: bool
    requires_counsel: bool = False
    preconditions: list[Check]
    clocks: list[Clock] = Field(default_factory=list)
    elements: list[Element] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    rule_ids: list[str] = Field(default_factory=list)
    details: dict[str, Any] = Field(default_factory=dict)
    window_passed: bool = False  # a clock bounding this action has expired


class BlockedAction(_Out):
    key: str
    type: ActionType
    title: Text
    target_ids: list[str]
    recipient_party_id: str | None = None
    provider_id: str | None = None
    blocks: list[Block]
    alternative: Text | None = None


class CaptureItem(_Out):
    target_id: str
    priority: int  # 1 = first
    rule_id: str
    reason: Text


class Step(_Out):
    text: Text
    rule_id: str
    action_keys: list[str] = Field(default_factory=list)
    level: str = "info"  # info | warn (a clock about to end)
    clock_id: str | None = None


class Plan(_Out):
    schema_version: int = PLAN_SCHEMA_VERSION
    today: date
    actions: list[PlannedAction]
    blocked: list[BlockedAction]
    next_steps: list[Step]
    capture_priority: list[CaptureItem]
    clocks: list[Clock]
    indicators: list[Indicator]
    notes: list[Note]
    rules_applied: list[str]
    disclaimer: Text
