"""A party's graph: its targets, the observables that link them, and why (pure).

Targets sit in the left column, linking observables in the right one, both in
a stable order (target id; observable kind and value), so the same party
always draws the same picture. Each edge carries its link's kind, strength and
reason. The template draws it as inline SVG; every label is escaped there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MAX_NODES = 60
ROW = 34
TOP = 30
LEFT_X = 20
RIGHT_X = 560
NODE_W = 300
NODE_H = 24
LABEL_CHARS = 42


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    x: int
    y: int
    kind: str  # "target" or "observable"
    href: str = ""


@dataclass(frozen=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int
    label: str
    reason: str
    strength: str

    @property
    def label_x(self) -> int:
        return self.x2 - (self.x2 - self.x1) * 3 // 10

    @property
    def label_y(self) -> int:
        return self.y2 - (self.y2 - self.y1) * 3 // 10 - 3


@dataclass(frozen=True)
class Graph:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    hidden_targets: int
    hidden_links: int


def short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ids(value: Any) -> list[int]:
    if not isinstance(value, list):
        return []
    return [int(v) for v in value if isinstance(v, int) or (isinstance(v, str) and v.isdigit())]


def party_graph(targets: Mapping[int, str], links: Iterable[Mapping[str, Any]]) -> Graph:
    """Nodes and edges of a party: ``targets`` maps id to URL, ``links`` are its
    ``{"type": "link", "kind", "value", "strength", "targets", "text"}`` entries."""
    shown_targets = sorted(targets)[:MAX_NODES]
    rows = {tid: i for i, tid in enumerate(shown_targets)}
    nodes = [
        Node(
            f"t{tid}",
            short(f"#{tid} {targets[tid]}"),
            LEFT_X,
            TOP + rows[tid] * ROW,
            "target",
            f"/targets/{tid}",
        )
        for tid in shown_targets
    ]
    ordered = sorted(
        (dict(link) for link in links),
        key=lambda e: (str(e.get("kind", "")), str(e.get("value", ""))),
    )
    useful = [e for e in ordered if any(t in rows for t in _ids(e.get("targets")))]
    shown_links = useful[:MAX_NODES]
    edges = []
    for i, link in enumerate(shown_links):
        y = TOP + i * ROW
        kind = str(link.get("kind", "link"))
        strength = "weak" if link.get("strength") == "weak" else "strong"
        nodes.append(
            Node(f"o{i}", short(f"{kind}: {link.get('value', '')}"), RIGHT_X, y, "observable")
        )
        for tid in _ids(link.get("targets")):
            if tid not in rows:
                continue
            edges.append(
                Edge(
                    LEFT_X + NODE_W,
                    TOP + rows[tid] * ROW + NODE_H // 2,
                    RIGHT_X,
                    y + NODE_H // 2,
                    f"{kind} · {strength}",
                    str(link.get("text", "")),
                    strength,
                )
            )
    height = TOP * 2 + max(len(shown_targets), len(shown_links), 1) * ROW
    return Graph(
        width=RIGHT_X + NODE_W + LEFT_X,
        height=height,
        nodes=tuple(nodes),
        edges=tuple(edges),
        hidden_targets=len(targets) - len(shown_targets),
        hidden_links=len(useful) - len(shown_links),
    )
