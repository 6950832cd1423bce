"""Case facts: what the playbook reads (schema version 1).

``parse_facts(obj)`` turns a JSON-like document into a :class:`CaseFacts` or
raises :class:`~rightsguard.domain.errors.InvalidValue` whose ``field`` is the
JSON path of the first bad value, e.g. ``targets[2].url``. The schema is
documented with examples in ``docs/facts.md``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from rightsguard.domain.enums import (
    ActionType,
    Control,
    Goal,
    ObservableKind,
    PartyRole,
    ProviderKind,
    RightKind,
    TargetKind,
    TargetStatus,
)
from rightsguard.domain.errors import InvalidValue

SCHEMA_VERSION = 1
MIN_YEAR = 1990
MAX_YEAR = 2080


class IcpStatus(StrEnum):
    """The state of a site's ICP filing (备案).

    ``none``: no ICP question arises (not served from mainland China, or not
    checked); ``valid``: a filing matching the operator; ``missing``: served
    from the mainland without any filing; ``false``: the number shown does not
    exist; ``mismatched``: the filing belongs to another operator or site.
    """

    NONE = "none"
    VALID = "valid"
    MISSING = "missing"
    FALSE = "false"
    MISMATCHED = "mismatched"


BAD_ICP = frozenset({IcpStatus.MISSING, IcpStatus.FALSE, IcpStatus.MISMATCHED})


class Breach(StrEnum):
    """Regulatory breaches outside IP law (the guide, II.5)."""

    LABELS_NOT_CHINESE = "labels_not_chinese"
    NO_CCC = "no_ccc"
    NO_LICENCE = "no_licence"


class Severity(StrEnum):
    MINOR = "minor"
    NEGLIGENT = "negligent"
    WILFUL = "wilful"
    UNKNOWN = "unknown"


class Scale(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    UNKNOWN = "unknown"


class Relevance(StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Outcome(StrEnum):
    """What happened after an action was sent."""

    PENDING = "pending"
    NO_REPLY = "no_reply"
    RECEIVED = "received"
    COMPLIED = "complied"
    CONTINUED = "continued"
    REMOVED = "removed"
    REJECTED = "rejected"
    COUNTER_NOTICED = "counter_noticed"


class Channel(StrEnum):
    """Notice channels, each with its own required contents and clocks."""

    CIVIL_CODE = "civil_code"
    ECOMMERCE = "ecommerce"
    NETWORK_DISSEMINATION = "network_dissemination"
    DMCA = "dmca"
    DSA = "dsa"
    PROVIDER_POLICY = "provider_policy"  # a foreign provider's own procedure, no statute named


class ComputerAct(StrEnum):
    """Acts against computer systems (Criminal Law Arts. 285-287)."""

    INTRUSION = "intrusion"
    ILLEGAL_ACCESS = "illegal_access"
    ILLEGAL_CONTROL = "illegal_control"
    TOOLS = "tools"
    DESTRUCTION = "destruction"


def _coerce_id(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("an id must be a string or an integer")
    if isinstance(value, int):
        return str(value)
    return value


def _check_year(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


Id = Annotated[
    str,
    BeforeValidator(_coerce_id),
    Field(min_length=1, max_length=100, pattern=r"^\S(.*\S)?$"),
]
FactDate = Annotated[date, AfterValidator(_check_year)]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("1e15"), allow_inf_nan=False)]
Country = Annotated[str, Field(min_length=2, max_length=3, pattern=r"^[A-Za-z]{2,3}$")]


def _check_datetime(value: datetime) -> datetime:
    _check_year(value.date())
    return value


FactDateTime = Annotated[datetime, AfterValidator(_check_datetime)]

_HOST_RE = re.compile(r"^[^\s/:@]+\.[^\s/:@.]+$")


def host_of(url: str) -> str:
    """The host name of ``url`` (a bare domain is accepted); ``ValueError`` if none."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or not _HOST_RE.match(host):
        raise ValueError(f"no host name in {url!r}")
    return host


def tld_of(host: str) -> str:
    """The top-level label of ``host``, IDNA-decoded (``xn--fiqs8s`` gives ``中国``)."""
    label = host.rstrip(".").rsplit(".", 1)[-1].lower()
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Holder(_Model):
    """The right holder the plan is made for."""

    name: str | None = None
    country: Country = "CN"
    language: str = Field(default="zh", pattern=r"^(zh|en)$")


class RightFact(_Model):
    id: Id
    kind: RightKind
    jurisdiction: str = Field(default="CN", min_length=2, max_length=4)
    name: str | None = None
    registration_number: str | None = None
    registered: bool = True
    registered_on: FactDate | None = None
    expires_on: FactDate | None = None

    def in_force(self, today: date) -> bool:
        return self.expires_on is None or self.expires_on >= today


class IcpFiling(_Model):
    status: IcpStatus = IcpStatus.NONE
    number: str | None = Field(default=None, max_length=80)


class TargetFact(_Model):
    id: Id
    kind: TargetKind = TargetKind.URL
    url: str | None = Field(default=None, max_length=4000)
    tld: str | None = Field(default=None, max_length=63)
    host: str | None = None
    platform: str | None = None
    control: Control = Control.UNKNOWN
    status: TargetStatus = TargetStatus.SUSPECTED
    relevance: Relevance = Relevance.NORMAL
    party_id: Id | None = None
    provider_ids: list[Id] = Field(default_factory=list)
    domain_registered_on: FactDate | None = None
    domain_similar_to_mark: bool | None = None
    icp: IcpFiling = Field(default_factory=IcpFiling)
    operator_province: str | None = None
    host_country: Country | None = None
    breaches: list[Breach] = Field(default_factory=list)
    first_seen: FactDate | None = None

    @field_validator("url")
    @classmethod
    def _url_has_host(cls, value: str | None) -> str | None:
        if value is not None:
            host_of(value)
        return value

    @field_validator("tld")
    @classmethod
    def _normal_tld(cls, value: str | None) -> str | None:
        if value is None:
            return None
        label = value.strip().lstrip(".").lower()
        if not label or "." in label or " " in label:
            raise ValueError("must be one label, e.g. 'cn' or 'com'")
        return tld_of("x." + label)

    @model_validator(mode="after")
    def _derive(self) -> TargetFact:
        if self.url is not None:
            host = host_of(self.url)
            if self.host is None:
                self.host = host
            if self.tld is None:
                self.tld = tld_of(host)
        return self


class CaptureFact(_Model):
    target_id: Id
    at: FactDateTime
    complete: bool = True


class ObservableFact(_Model):
    kind: ObservableKind
    value: str = Field(min_length=1, max_length=2000)
    target_id: Id | None = None


class PartyFact(_Model):
    id: Id
    role: PartyRole = PartyRole.UNKNOWN
    name: str | None = None
    identity_known: bool = False
    address_known: bool = False
    verified: bool = False
    country: Country | None = None
    province: str | None = None
    city: str | None = None
    target_ids: list[Id] = Field(default_factory=list)


class ProviderFact(_Model):
    id: Id
    kind: ProviderKind
    name: str = Field(min_length=1)
    country: Country | None = None
    channel: Channel | None = None
    procedure: str | None = None
    ecommerce: bool | None = None
    repeat_infringer_policy: bool | None = None
    target_ids: list[Id] = Field(default_factory=list)


class HistoryItem(_Model):
    """An action already taken."""

    id: Id
    type: ActionType
    target_ids: list[Id] = Field(default_factory=list)
    recipient_party_id: Id | None = None
    provider_id: Id | None = None
    channel: Channel | None = None
    sent_on: FactDate
    received_on: FactDate | None = None
    reminder_on: FactDate | None = None  # the recipient's written demand to sue reached us
    reminder_sent_on: FactDate | None = None  # ... and when the recipient dispatched it
    counter_notice_on: FactDate | None = Field(
        default=None,
        title="Counter-notice reached the holder on / 反通知到达权利人之日",
        description=(
            "The day the counter-notice or seller's declaration, forwarded by the provider, "
            "reached the holder; the E-Commerce Law's 15 days (Art. 43) run from it. / "
            "服务商转送的反通知或不侵权声明到达权利人之日；电子商务法第43条的十五日自此起算。"
        ),
    )
    counter_notice_received_by_host_on: FactDate | None = Field(
        default=None,
        title="Provider received the counter notice on / 服务商收到反通知的日期",
        description=(
            "The day the service provider (its designated agent) received the counter notice; "
            "under 17 USC 512(g)(2)(C) the 10 to 14 business days before put-back run from it, "
            "not from when the holder heard of it. / 服务商（其指定代理人）收到反通知的日期；"
            "依美国法典第17编第512(g)(2)(C)条，恢复前的10至14个工作日自此起算，而非自权利人"
            "得知之日起算。"
        ),
    )
    outcome: Outcome = Outcome.PENDING
    outcome_on: FactDate | None = None

    @property
    def counter_noticed(self) -> bool:
        """A counter-notice came in: its receipt by the provider or its arrival is known."""
        return (
            self.counter_notice_on is not None
            or self.counter_notice_received_by_host_on is not None
        )


class Nature(_Model):
    """The infringement's nature, scale and amounts (RMB)."""

    severity: Severity = Severity.UNKNOWN
    scale: Scale = Scale.UNKNOWN
    illegal_gains: Money | None = None
    business_volume: Money | None = None
    sales_amount: Money | None = None
    marks_count: int | None = Field(default=None, ge=0, le=10_000)
    repeat_within_2_years: bool = False
    prior_penalty_within_2_years: bool | None = Field(
        default=None,
        title="Penalised within 2 years / 二年内受过处罚",
        description=(
            "Whether the infringer received a criminal or administrative penalty for "
            "infringing IP within the two years before it did it again; a prior penalty "
            "lowers the criminal figures (Fa Shi [2025] No. 5). Unknown when absent: the plan "
            "asks. / 侵权人是否在二年内因侵犯知识产权受过刑事处罚或者行政处罚后再次实施；"
            "受过处罚的，入罪数额标准降低（法释〔2025〕5号）。未填写即为未知，计划会询问。"
        ),
    )
    works_disseminated: int | None = Field(
        default=None,
        ge=0,
        le=10**12,
        title="Works disseminated online / 通过信息网络传播的他人作品数量",
        description=(
            "How many works of others were disseminated online for profit (works, films, "
            "recordings ...). / 以营利为目的通过信息网络传播的他人作品数量（件、部）。"
        ),
    )
    clicks: int | None = Field(
        default=None,
        ge=0,
        le=10**15,
        title="Actual clicks / 实际被点击数",
        description=(
            "Total actual clicks on the works disseminated. / 所传播作品的实际被点击数合计。"
        ),
    )
    registered_members: int | None = Field(
        default=None,
        ge=0,
        le=10**12,
        title="Registered members / 注册会员人数",
        description=(
            "Registered members when the works are disseminated by membership. / "
            "以会员制方式传播时的注册会员人数。"
        ),
    )
    parallel_import: bool = False
    complex: bool = False
    novel_or_typical: bool = False
    computer_acts: list[ComputerAct] = Field(default_factory=list)
    known_since: FactDate | None = None


class Organisation(_Model):
    """The holder's internal set-up (the guide, III.2)."""

    online_team: bool | None = None
    monitoring: bool | None = None
    provider_liaison: bool | None = None


class Settings(_Model):
    capture_max_age_days: int = Field(default=30, ge=1, le=3650)
    follow_up_days: int = Field(default=14, ge=1, le=365)


class CaseFacts(_Model):
    """Everything the playbook knows about one case."""

    schema_version: int = SCHEMA_VERSION
    today: FactDate
    holder: Holder = Field(default_factory=Holder)
    rights: list[RightFact] = Field(default_factory=list)
    targets: list[TargetFact] = Field(default_factory=list)
    captures: list[CaptureFact] = Field(default_factory=list)
    observables: list[ObservableFact] = Field(default_factory=list)
    parties: list[PartyFact] = Field(default_factory=list)
    providers: list[ProviderFact] = Field(default_factory=list)
    history: list[HistoryItem] = Field(default_factory=list)
    nature: Nature = Field(default_factory=Nature)
    goals: list[Goal] = Field(default_factory=list)
    organisation: Organisation = Field(default_factory=Organisation)
    settings: Settings = Field(default_factory=Settings)

    # ---- look-ups used by the rules -------------------------------------------------

    # Indexes for large cases, rebuilt whenever the list they index is another
    # list (model_copy with an update gives new lists).
    _targets_by_id: tuple[int, dict[str, TargetFact]] | None = PrivateAttr(default=None)
    _captures_by_target: tuple[int, dict[str, list[CaptureFact]]] | None = PrivateAttr(default=None)

    def target(self, target_id: str) -> TargetFact | None:
        cached = self._targets_by_id
        if cached is None or cached[0] != id(self.targets):
            cached = (id(self.targets), {x.id: x for x in self.targets})
            self._targets_by_id = cached
        return cached[1].get(target_id)

    def party(self, party_id: str | None) -> PartyFact | None:
        return next((x for x in self.parties if x.id == party_id), None)

    def provider(self, provider_id: str | None) -> ProviderFact | None:
        return next((x for x in self.providers if x.id == provider_id), None)

    def party_of(self, target_id: str) -> PartyFact | None:
        target = self.target(target_id)
        if target is not None and target.party_id is not None:
            return self.party(target.party_id)
        return next((p for p in self.parties if target_id in p.target_ids), None)

    def targets_of(self, party_id: str) -> list[TargetFact]:
        party = self.party(party_id)
        linked = set(party.target_ids) if party else set()
        return [x for x in self.targets if x.party_id == party_id or x.id in linked]

    def providers_for(self, target_id: str) -> list[ProviderFact]:
        target = self.target(target_id)
        ids = set(target.provider_ids) if target else set()
        platform = (target.platform or "").lower() if target else ""
        return [
            p
            for p in self.providers
            if p.id in ids
            or target_id in p.target_ids
            or (platform and platform in {p.id.lower(), p.name.lower()})
        ]

    def latest_capture(self, target_id: str) -> CaptureFact | None:
        cached = self._captures_by_target
        if cached is None or cached[0] != id(self.captures):
            index: dict[str, list[CaptureFact]] = {}
            for c in self.captures:
                if c.complete:
                    index.setdefault(c.target_id, []).append(c)
            cached = (id(self.captures), index)
            self._captures_by_target = cached
        return max(cached[1].get(target_id, []), key=lambda c: c.at.date(), default=None)

    def rights_in_force(self) -> list[RightFact]:
        return [r for r in self.rights if r.in_force(self.today)]


# ---- parsing ------------------------------------------------------------------------


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "facts"


def _clean_message(message: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


def _unique(items: list[Any], name: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise InvalidValue(f"{name}[{i}].id", f"duplicate id {item.id!r}")
        seen.add(item.id)


def _check_references(facts: CaseFacts) -> None:
    for name in ("rights", "targets", "parties", "providers", "history"):
        _unique(getattr(facts, name), name)
    targets = {x.id for x in facts.targets}
    parties = {x.id for x in facts.parties}
    providers = {x.id for x in facts.providers}

    def need(ids: set[str], value: str | None, path: str, kind: str) -> None:
        if value is not None and value not in ids:
            raise InvalidValue(path, f"no {kind} with id {value!r}")

    for i, tg in enumerate(facts.targets):
        need(parties, tg.party_id, f"targets[{i}].party_id", "party")
        for j, pid in enumerate(tg.provider_ids):
            need(providers, pid, f"targets[{i}].provider_ids[{j}]", "provider")
    for i, cap in enumerate(facts.captures):
        need(targets, cap.target_id, f"captures[{i}].target_id", "target")
    for i, obs in enumerate(facts.observables):
        need(targets, obs.target_id, f"observables[{i}].target_id", "target")
    for i, pa in enumerate(facts.parties):
        for j, tid in enumerate(pa.target_ids):
            need(targets, tid, f"parties[{i}].target_ids[{j}]", "target")
    for i, pr in enumerate(facts.providers):
        for j, tid in enumerate(pr.target_ids):
            need(targets, tid, f"providers[{i}].target_ids[{j}]", "target")
    for i, h in enumerate(facts.history):
        for j, tid in enumerate(h.target_ids):
            need(targets, tid, f"history[{i}].target_ids[{j}]", "target")
        need(parties, h.recipient_party_id, f"history[{i}].recipient_party_id", "party")
        need(providers, h.provider_id, f"history[{i}].provider_id", "provider")
        for field in (
            "received_on",
            "reminder_on",
            "reminder_sent_on",
            "counter_notice_on",
            "counter_notice_received_by_host_on",
            "outcome_on",
        ):
            value = getattr(h, field)
            if value is not None and value < h.sent_on:
                raise InvalidValue(f"history[{i}].{field}", "is before sent_on")
        host, ours = h.counter_notice_received_by_host_on, h.counter_notice_on
        if host is not None and ours is not None and host > ours:
            raise InvalidValue(
                f"history[{i}].counter_notice_received_by_host_on",
                "is after counter_notice_on (the provider forwards what it has received)",
            )


def parse_facts(obj: object, *, today: date | None = None) -> CaseFacts:
    """Validate a JSON-like document as :class:`CaseFacts`.

    ``today`` fills the ``today`` field when the document has none. Raises
    ``InvalidValue`` naming the JSON path of the first bad field.
    """
    if not isinstance(obj, dict):
        raise InvalidValue("facts", "must be a JSON object")
    data: dict[str, Any] = dict(obj)
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise InvalidValue(
            "schema_version", f"unsupported version {version!r} (this build reads {SCHEMA_VERSION})"
        )
    if "today" not in data:
        if today is None:
            raise InvalidValue("today", "missing (give it in the facts or as an argument)")
        data["today"] = today.isoformat()
    try:
        facts = CaseFacts.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise InvalidValue(_path(tuple(first["loc"])), _clean_message(first["msg"])) from None
    _check_references(facts)
    return facts


def facts_json_schema() -> dict[str, Any]:
    """The JSON Schema of a facts document; each date field says which day it takes."""
    return CaseFacts.model_json_schema()
