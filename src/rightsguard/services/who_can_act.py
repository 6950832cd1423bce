"""Who can act on a target: the provider directory's suggestion, from what
identification stored (no network).

The platform the URL is listed on, the host or CDN behind its IP addresses and the
registrar of its domain, ranked as ``identify.providers.providers_for`` ranks them,
each with the channel to reach it and the address on that channel. The workbench
shows them on the target and draft pages and pre-fills a draft's recipient from the
chosen one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rightsguard.actions.bulk import ProviderInfo as NoticeProvider
from rightsguard.domain.enums import ObservableKind, ProviderKind
from rightsguard.domain.nouns import Observable
from rightsguard.identify.facts import Fact
from rightsguard.identify.providers import PROVIDERS_FILE, Directory, Entry, providers_for
from rightsguard.identify.registration import Registration
from rightsguard.store import Store
from rightsguard.workspace import Workspace

#: The kinds that can take a listing or a site down: what the brief calls "who can act".
ACTING_KINDS = (
    ProviderKind.PLATFORM.value,
    ProviderKind.HOST.value,
    ProviderKind.CDN.value,
    ProviderKind.REGISTRAR.value,
)
#: Channels in the order a notice prefers them.
CHANNEL_ORDER = ("email", "form", "portal", "postal")


@dataclass(frozen=True)
class Suggestion:
    key: str
    name: str
    name_zh: str
    kind: str
    reason: str
    channel: str  # email | form | portal | postal | "" (none known)
    address: str
    document: str  # the notice that fits the provider's law and role
    language: str  # the first language it accepts

    @property
    def email(self) -> str:
        return self.address if self.channel == "email" else ""

    @property
    def postal(self) -> str:
        return self.address if self.channel == "postal" else ""


def _facts(observables: Sequence[Observable]) -> list[Fact]:
    return [Fact(o.kind, o.value, o.source, dict(o.detail or {})) for o in observables]


def _registration(observables: Sequence[Observable]) -> Registration | None:
    for o in observables:
        detail = o.detail or {}
        if o.kind is ObservableKind.REGISTRAR and detail.get("owner") != "platform":
            return Registration(registrar=o.value, abuse_email=str(detail.get("abuse_email") or ""))
    return None


def _networks(observables: Sequence[Observable]) -> list[Registration]:
    """The network behind each IP of the target (its owner and abuse contact)."""
    out: dict[str, Registration] = {}
    for o in observables:
        detail = o.detail or {}
        owner = str(detail.get("network_owner") or "")
        if o.kind is ObservableKind.IP and owner and detail.get("owner") != "platform":
            out.setdefault(
                owner,
                Registration(
                    object="ip",
                    owner=owner,
                    network=str(detail.get("network") or ""),
                    country=str(detail.get("country") or ""),
                    abuse_email=str(detail.get("abuse_email") or ""),
                ),
            )
    return list(out.values())


def _channel(channels: dict[str, object]) -> tuple[str, str]:
    for name in CHANNEL_ORDER:
        value = channels.get(name)
        if isinstance(value, str) and value:
            return name, value
    return "", ""


def _suggestion(
    directory: Directory, key: str, name: str, kind: str, reason: str, channels: dict[str, object]
) -> Suggestion:
    entry: Entry | None = directory.entries.get(key)
    channel, address = _channel(channels)
    langs = entry.list("languages") if entry else []
    country = str(entry.data.get("country") or "") if entry else ""
    notice = NoticeProvider(key, name, kind, None, tuple(langs), country=country or None)
    return Suggestion(
        key=key,
        name=name,
        name_zh=str(entry.data.get("name_zh") or "") if entry else "",
        kind=kind,
        reason=reason,
        channel=channel,
        address=address,
        document=notice.document,
        language=(langs[0] if langs and langs[0] in ("zh-CN", "en") else "zh-CN"),
    )


def directory_of(ws: Workspace, *, sandbox: bool) -> Directory:
    return Directory.load(ws.root / PROVIDERS_FILE, sandbox=sandbox)


def who_can_act(st: Store, directory: Directory, target_id: int) -> list[Suggestion]:
    """The platform, host, CDN and registrar that can act on the target, most likely
    effective first (empty until the target is identified, but for a known platform)."""
    target = st.targets.get(target_id)
    observables = st.observables.list(target_id=target_id, limit=2000)
    recommendations = providers_for(
        target.url,
        directory,
        facts=_facts(observables),
        registration=_registration(observables),
        networks=_networks(observables),
    )
    return [
        _suggestion(directory, r.provider_key, r.name, r.kind, r.reason, dict(r.channels))
        for r in recommendations
        if r.kind in ACTING_KINDS
    ]
