"""Bulk notices: a case's targets grouped by the provider that can remove them,
into the fewest notices each provider's URL limit and language allow.

``plan_bulk_notices`` is pure: it takes each target's provider (found by
``providers_for_targets`` from the directory and what identification stored)
and returns the batches; the CLI previews them, and drafts them on request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rightsguard.domain.enums import ProviderKind
from rightsguard.identify.providers import Entry
from rightsguard.playbook.predicates import EU_COUNTRIES

if TYPE_CHECKING:
    from rightsguard.identify.providers import Directory
    from rightsguard.store import Store

DEFAULT_URL_LIMIT = 50


@dataclass(frozen=True)
class ProviderInfo:
    key: str
    name: str
    kind: str
    email: str | None
    languages: tuple[str, ...] = ("zh-CN",)
    max_urls: int = DEFAULT_URL_LIMIT
    country: str | None = None

    @property
    def document(self) -> str:
        """The notice that fits this provider's law and role (a copyright claimed)."""
        return self.document_for(copyright_claimed=True)

    def document_for(self, *, copyright_claimed: bool) -> str:
        """The notice that fits this provider's law and role: a DMCA notice only where a
        copyright is claimed (the playbook's notice.dmca); otherwise the general notice."""
        if self.kind == ProviderKind.PLATFORM.value and (self.country in (None, "CN")):
            return "notice.ecommerce"
        if self.country == "US" and copyright_claimed:
            return "notice.dmca"
        if self.country in EU_COUNTRIES:
            return "notice.dsa"
        return "notice.civil_code"


@dataclass(frozen=True)
class NoticeBatch:
    provider: ProviderInfo
    lang: str
    target_ids: tuple[int, ...]
    document: str = ""


@dataclass
class BulkPlan:
    batches: list[NoticeBatch] = field(default_factory=list)
    unassigned: list[tuple[int, str]] = field(default_factory=list)

    @property
    def urls(self) -> int:
        return sum(len(b.target_ids) for b in self.batches)


def plan_bulk_notices(
    assignments: Mapping[int, ProviderInfo],
    *,
    preferred_lang: str = "zh-CN",
    copyright_claimed: bool = True,
) -> list[NoticeBatch]:
    """Fewest notices per provider: chunks of at most its URL limit, in a language
    it accepts (the preferred one when it can), each of the document that fits the
    provider and the rights claimed."""
    by_provider: dict[str, list[int]] = defaultdict(list)
    info: dict[str, ProviderInfo] = {}
    for target_id, provider in sorted(assignments.items()):
        by_provider[provider.key].append(target_id)
        info[provider.key] = provider
    batches = []
    for key in sorted(by_provider):
        provider = info[key]
        langs = provider.languages or (preferred_lang,)
        lang = preferred_lang if preferred_lang in langs else langs[0]
        lang = lang if lang in ("zh-CN", "en") else "en"
        limit = max(1, provider.max_urls)
        ids = by_provider[key]
        for start in range(0, len(ids), limit):
            chunk = tuple(ids[start : start + limit])
            document = provider.document_for(copyright_claimed=copyright_claimed)
            batches.append(NoticeBatch(provider, lang, chunk, document))
    return batches


def _info(entry: object) -> ProviderInfo:
    assert isinstance(entry, Entry)
    langs = tuple(entry.list("languages")) or ("zh-CN",)
    limit = entry.data.get("max_urls_per_notice")
    return ProviderInfo(
        entry.key,
        entry.name,
        entry.kind.value,
        entry.channels.get("email"),
        langs,
        int(limit) if isinstance(limit, int) and limit > 0 else DEFAULT_URL_LIMIT,
        str(entry.data["country"]) if entry.data.get("country") else None,
    )


def providers_for_targets(
    store: Store, directory: Directory, target_ids: Sequence[int]
) -> tuple[dict[int, ProviderInfo], list[tuple[int, str]]]:
    """The provider to notify for each target: the platform it is listed on, else
    the host or CDN that identification found behind its IP."""
    found: dict[int, ProviderInfo] = {}
    missing: list[tuple[int, str]] = []
    owners: dict[int, list[str]] = defaultdict(list)
    for target_id, observables in store.observables.for_targets(list(target_ids)).items():
        for obs in observables:
            owner = (obs.detail or {}).get("network_owner")
            if obs.kind.value == "ip" and owner:
                owners[target_id].append(str(owner))
    for target_id in target_ids:
        target = store.targets.get(target_id)
        entry = directory.for_host(target.host)
        if entry is not None and entry.kind is not ProviderKind.PLATFORM:
            entry = None
        if entry is None:
            for owner in owners.get(target_id, []):
                entry = directory.match_owner(owner, [ProviderKind.HOST, ProviderKind.CDN])
                if entry is not None:
                    break
        if entry is None:
            missing.append((target_id, "no platform or host known: run rightsguard identify"))
        elif not entry.channels.get("email"):
            missing.append((target_id, f"{entry.name} has no e-mail channel: use its web form"))
        else:
            found[target_id] = _info(entry)
    return found, missing
