"""``Fact``: one typed finding with its provenance, before it is stored as an Observable."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rightsguard.domain.enums import ObservableKind


@dataclass(frozen=True, slots=True)
class Fact:
    """``kind``/``value`` normalised for matching; ``detail`` says where and how it was found.

    ``detail`` keys used across the layer: ``source_url``, ``location`` (e.g.
    ``{"section": "footer", "in": "text", "offset": 1234}``), ``raw`` (as shown),
    ``subtype`` (e.g. ``baidu_tongji``), ``evidence_sha256`` (the raw reply kept in the
    blob store), ``owner`` (``"platform"`` when the fact belongs to a marketplace's own
    page furniture rather than to the seller).
    """

    kind: ObservableKind
    value: str
    source: str
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.value)


def dedupe(facts: list[Fact]) -> list[Fact]:
    """Keep the first fact of each (kind, value, subtype)."""
    seen: set[tuple[str, str, object]] = set()
    out = []
    for fact in facts:
        key = (fact.kind.value, fact.value, fact.detail.get("subtype"))
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out
