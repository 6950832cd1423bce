"""The provider directory as the workbench shows it (pure but for ``load``).

The shipped directory (plus the workspace's ``providers.toml`` and, with the
sandbox, its overlay) merged with the providers stored in the database by
identification runs; searchable by key, name, Chinese name and domain.
Channel values become links only when they are http(s) URLs or plain e-mail
addresses, so a directory entry can never smuggle a ``javascript:`` link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rightsguard.domain.nouns import Provider
from rightsguard.identify.providers import PROVIDERS_FILE, Directory, Entry
from rightsguard.workspace import Workspace

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Channel:
    name: str
    value: str
    href: str = ""


@dataclass(frozen=True)
class ProviderInfo:
    key: str
    name: str
    name_zh: str
    kind: str
    channels: tuple[Channel, ...]
    domains: tuple[str, ...] = ()
    notes: str = ""
    stored_id: int | None = None
    in_directory: bool = True
    notice_requires: tuple[str, ...] = field(default_factory=tuple)


def channel(name: str, value: Any) -> Channel:
    text = (
        value
        if isinstance(value, str)
        else ", ".join(str(v) for v in value)
        if isinstance(value, list)
        else str(value)
    )
    href = ""
    if isinstance(value, str) and value.startswith(("https://", "http://")):
        href = value
    elif isinstance(value, str) and _EMAIL.match(value):
        href = f"mailto:{value}"
    return Channel(name, text, href)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _info(
    key: str, name: str, kind: str, data: dict[str, Any], channels: dict[str, Any]
) -> dict[str, Any]:
    return {
        "key": key,
        "name": name,
        "name_zh": str(data.get("name_zh") or ""),
        "kind": kind,
        "channels": tuple(channel(k, v) for k, v in sorted(channels.items())),
        "domains": _strings(data.get("domains")),
        "notes": str(data.get("notes") or ""),
        "notice_requires": _strings(data.get("notice_requires")),
    }


def merge(entries: Iterable[Entry], stored: Sequence[Provider]) -> list[ProviderInfo]:
    """Directory entries and stored providers, one per key, sorted by kind and key."""
    stored_by_key = {p.key: p for p in stored}
    out = {
        e.key: ProviderInfo(
            **_info(e.key, e.name, e.kind.value, e.data, e.channels),
            stored_id=stored_by_key[e.key].id if e.key in stored_by_key else None,
        )
        for e in entries
    }
    for p in stored:
        if p.key not in out:
            channels = {
                k: v for k, v in p.channels.items() if k in ("portal", "email", "form", "postal")
            }
            out[p.key] = ProviderInfo(
                **_info(p.key, p.name, p.kind.value, p.channels, channels),
                stored_id=p.id,
                in_directory=False,
            )
    return sorted(out.values(), key=lambda i: (i.kind, i.key))


def search(items: Iterable[ProviderInfo], q: str = "", kind: str = "") -> list[ProviderInfo]:
    needle = q.strip().lower()

    def hit(i: ProviderInfo) -> bool:
        if kind and i.kind != kind:
            return False
        if not needle:
            return True
        hay = " ".join((i.key, i.name, i.name_zh, *i.domains)).lower()
        return needle in hay

    return [i for i in items if hit(i)]


def load(ws: Workspace, stored: Sequence[Provider], *, sandbox: bool) -> list[ProviderInfo]:
    directory = Directory.load(ws.root / PROVIDERS_FILE, sandbox=sandbox)
    return merge(directory.list(), stored)
