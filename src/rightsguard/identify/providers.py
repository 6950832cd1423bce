"""The provider directory and "who can act on this URL, and how".

``Directory.load(workspace_file=..., sandbox=False)`` reads the shipped
``data/providers.toml``, then (sandbox runs only) ``data/providers-sandbox.toml``,
then the user's file (``<workspace>/providers.toml``), merging entries by ``key``
(a later table replaces the fields it names). ``providers_for(url, ...)`` ranks
the providers that can act on a URL by likely effect, each with its reason.
"""

from __future__ import annotations

import builtins
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rightsguard.domain.enums import ObservableKind, ProviderKind
from rightsguard.domain.errors import InvalidValue, NotFound, UnreadableFile
from rightsguard.identify import cn
from rightsguard.identify.facts import Fact
from rightsguard.identify.pagefacts import ShopPattern
from rightsguard.identify.registration import Registration

PROVIDERS_FILE = "providers.toml"


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    name: str
    kind: ProviderKind
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def channels(self) -> dict[str, Any]:
        channels = self.data.get("channels")
        return dict(channels) if isinstance(channels, dict) else {}

    def list(self, name: str) -> list[str]:
        value = self.data.get(name)
        return [str(v) for v in value] if isinstance(value, list) else []

    @property
    def stored_channels(self) -> dict[str, Any]:
        """What the ``providers`` table keeps: channels plus the notice rules."""
        keep = (
            "name_zh",
            "languages",
            "notice_requires",
            "max_urls_per_notice",
            "unverified",
            "notes",
            "domains",
            "tlds",
            "province",
        )
        return {**self.channels, **{k: self.data[k] for k in keep if k in self.data}}


def _read_toml(path: Path | Any) -> list[dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise UnreadableFile(path, f"not valid TOML: {exc}") from None
    items = data.get("provider", [])
    if not isinstance(items, list):
        raise UnreadableFile(path, "[[provider]] tables expected")
    return [i for i in items if isinstance(i, dict)]


def _entry(raw: dict[str, Any], origin: str) -> Entry:
    key = str(raw.get("key", "")).strip()
    if not key:
        raise InvalidValue("provider", f"an entry in {origin} has no key")
    try:
        kind = ProviderKind(str(raw.get("kind", "")))
    except ValueError:
        choices = ", ".join(k.value for k in ProviderKind)
        raise InvalidValue("provider", f"{key}: kind must be one of {choices}") from None
    return Entry(key, str(raw.get("name") or key), kind, dict(raw))


class Directory:
    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries: dict[str, Entry] = {e.key: e for e in entries}
        self._patterns: list[ShopPattern] | None = None

    @classmethod
    def load(
        cls,
        workspace_file: Path | None = None,
        *,
        sandbox: bool = False,
        extra: Sequence[Path] = (),
    ) -> Directory:
        data = resources.files("rightsguard.identify").joinpath("data")
        layers: list[tuple[str, list[dict[str, Any]]]] = [
            ("shipped providers.toml", _read_toml(data.joinpath(PROVIDERS_FILE)))
        ]
        if sandbox:
            layers.append(("sandbox overlay", _read_toml(data.joinpath("providers-sandbox.toml"))))
        for path in extra:
            layers.append((str(path), _read_toml(path)))
        if workspace_file is not None and workspace_file.is_file():
            layers.append((str(workspace_file), _read_toml(workspace_file)))
        merged: dict[str, dict[str, Any]] = {}
        for _origin, items in layers:
            for raw in items:
                key = str(raw.get("key", ""))
                base = merged.get(key, {})
                merged[key] = {**base, **raw}
        return cls(_entry(raw, "providers") for raw in merged.values())

    def get(self, key: str) -> Entry:
        try:
            return self.entries[key]
        except KeyError:
            raise NotFound("provider", key) from None

    def list(self, kind: ProviderKind | None = None) -> list[Entry]:
        return [e for e in self.entries.values() if kind is None or e.kind is kind]

    def for_host(self, host: str) -> Entry | None:
        """The platform operating ``host`` (longest domain match)."""
        host = host.lower().rstrip(".")
        best: tuple[int, Entry] | None = None
        for entry in self.entries.values():
            for domain in entry.list("domains"):
                if (host == domain or host.endswith("." + domain)) and (
                    best is None or len(domain) > best[0]
                ):
                    best = (len(domain), entry)
        return best[1] if best else None

    def match_owner(self, text: str, kinds: Sequence[ProviderKind]) -> Entry | None:
        low = text.lower()
        if not low:
            return None
        for entry in self.entries.values():
            if entry.kind in kinds and any(m.lower() in low for m in entry.list("owner_match")):
                return entry
        return None

    def by_cdn(self, sign: str) -> Entry | None:
        return next((e for e in self.entries.values() if e.data.get("cdn") == sign), None)

    def for_tld(self, tld: str, kind: ProviderKind) -> builtins.list[Entry]:
        out = []
        for entry in self.entries.values():
            tlds = entry.list("tlds")
            if entry.kind is kind and (tld in tlds or "*" in tlds):
                out.append(entry)
        return out

    def shop_patterns(self) -> builtins.list[ShopPattern]:
        if self._patterns is None:
            pats = []
            for entry in self.entries.values():
                for item in entry.data.get("patterns", []) or []:
                    try:
                        regex = re.compile(str(item["regex"]))
                    except (KeyError, TypeError, re.error):
                        continue
                    pats.append(ShopPattern(entry.key, str(item.get("kind", "shop")), regex))
            self._patterns = pats
        return self._patterns


@dataclass(frozen=True, slots=True)
class Recommendation:
    rank: int
    provider_key: str
    name: str
    kind: str
    reason: str
    channels: dict[str, Any] = field(default_factory=dict)
    unverified: tuple[str, ...] = ()


def _rec(rank: int, entry: Entry, reason: str) -> Recommendation:
    return Recommendation(
        rank,
        entry.key,
        entry.name,
        entry.kind.value,
        reason,
        entry.channels,
        tuple(entry.list("unverified")),
    )


def _adhoc(rank: int, key: str, name: str, kind: str, reason: str, email: str) -> Recommendation:
    return Recommendation(rank, key, name, kind, reason, {"email": email} if email else {})


def providers_for(
    url: str,
    directory: Directory,
    *,
    facts: Sequence[Fact] = (),
    registration: Registration | None = None,
    networks: Sequence[Registration] = (),
    cdn_signs: Sequence[str] = (),
    today: date | None = None,
) -> list[Recommendation]:
    """Who can act on ``url``, most likely effective first, each with the reason."""
    host = (urlsplit(url if "//" in url else f"http://{url}").hostname or "").lower()
    tld = host.rsplit(".", 1)[-1] if host else ""
    out: list[Recommendation] = []
    seen: set[str] = set()

    def add(rec: Recommendation) -> None:
        if rec.provider_key not in seen:
            seen.add(rec.provider_key)
            out.append(rec)

    platform = directory.for_host(host)
    if platform is not None and platform.kind is ProviderKind.PLATFORM:
        shop = next(
            (
                f
                for f in facts
                if f.kind is ObservableKind.SHOP_ID and f.detail.get("platform") == platform.key
            ),
            None,
        )
        what = f" ({shop.value.split(':', 1)[1]})" if shop else ""
        add(
            _rec(
                1,
                platform,
                f"the listing is on {platform.name}{what}: its IP-protection "
                "channel can remove it (E-Commerce Law Arts. 42-45)",
            )
        )
    # ICP filing -> provincial communications administration
    icps = [
        f
        for f in facts
        if f.kind is ObservableKind.ICP_NUMBER and f.detail.get("owner") != "platform"
    ]
    if platform is None:
        for fact in icps:
            key = str(fact.detail.get("authority_key", ""))
            if key in directory.entries:
                add(
                    _rec(
                        2,
                        directory.get(key),
                        f"the site shows ICP filing {fact.detail.get('raw', fact.value)}, filed in "
                        f"{fact.detail.get('province')}: a false, missing or mismatched filing is "
                        "for this administration",
                    )
                )
        if not icps and tld in ("cn", "中国"):
            province = _province_hint(facts)
            if province is not None and province.provider_key in directory.entries:
                add(
                    _rec(
                        2,
                        directory.get(province.provider_key),
                        f"the .cn site shows no ICP filing; its operator appears to be in "
                        f"{province.name_en} (from its USCC or public-security filing)",
                    )
                )
    # host and CDN
    for sign in cdn_signs:
        entry = directory.by_cdn(sign)
        if entry is not None:
            add(_rec(3, entry, f"response headers show the site is served through {entry.name}"))
    for net in networks:
        entry = directory.match_owner(net.owner, (ProviderKind.HOST, ProviderKind.CDN))
        where = f"{net.network} ({net.country})" if net.network else net.owner
        if entry is not None:
            add(_rec(3, entry, f"the site's IP is in {where}, operated by {net.owner}"))
        elif net.owner:
            add(
                _adhoc(
                    4,
                    f"net:{net.handle or net.owner}",
                    net.owner,
                    "host",
                    f"the site's IP is in {where}; abuse contact from RIR RDAP",
                    net.abuse_email,
                )
            )
    # registrar and registry
    if registration is not None and platform is None:
        entry = directory.match_owner(registration.registrar, (ProviderKind.REGISTRAR,))
        if entry is not None:
            add(_rec(5, entry, f"registrar of record of the domain ({registration.registrar})"))
        elif registration.registrar:
            add(
                _adhoc(
                    5,
                    f"registrar:{registration.registrar}",
                    registration.registrar,
                    "registrar",
                    "registrar of record of the domain; abuse contact from registration data",
                    registration.abuse_email,
                )
            )
    if platform is None:
        for entry in directory.for_tld(tld, ProviderKind.REGISTRY):
            add(_rec(6, entry, f"registry of .{tld}"))
    # market regulation, where the operator is known
    uscc = next(
        (f for f in facts if f.kind is ObservableKind.USCC and f.detail.get("owner") != "platform"),
        None,
    )
    if uscc is not None and "amr-local" in directory.entries:
        prov = cn.uscc_province(uscc.value)
        add(
            _rec(
                7,
                directory.get("amr-local"),
                f"the operator's USCC {uscc.value} names its registration area"
                + (f" ({prov.name_en})" if prov else "")
                + "; an operator of its own site answers to the AMR of its domicile"
                + " (SAMR Provisions on Administrative Penalty Procedures Art. 9(1))",
            )
        )
    # domain disputes
    if platform is None and tld:
        age = registration.age_days(today) if registration is not None else None
        if tld in ("cn", "中国"):
            if age is None or age < 3 * 365:
                for key in ("cietac-odrc", "hkiac"):
                    if key in directory.entries:
                        when = (
                            "registration date unknown"
                            if age is None
                            else f"registered {age} days ago"
                        )
                        add(
                            _rec(
                                8,
                                directory.get(key),
                                f"CNDRP dispute over the .cn domain ({when}; "
                                "only domains under 3 years)",
                            )
                        )
        else:
            for entry in directory.for_tld(tld, ProviderKind.DISPUTE_PROVIDER):
                if "UDRP" in entry.list("policies"):
                    add(
                        _rec(
                            8,
                            entry,
                            "UDRP dispute over the domain (registered and used in bad faith)",
                        )
                    )
    for key in ("baidu-search", "google-search", "bing"):
        if key in directory.entries:
            add(_rec(9, directory.get(key), "delist the URL from search results"))
    out.sort(key=lambda r: r.rank)
    return out


def _province_hint(facts: Sequence[Fact]) -> cn.Province | None:
    for fact in facts:
        if fact.detail.get("owner") == "platform":
            continue
        if fact.kind is ObservableKind.USCC:
            return cn.uscc_province(fact.value)
        if fact.kind is ObservableKind.PSB_NUMBER:
            return cn.BY_CODE.get(fact.value[:2])
    return None
