"""Small SVG charts, drawn on the server: horizontal bars, a histogram, weekly columns.

Each builder returns the text of one ``<svg>`` element that stands alone: sizes,
colours and fonts are presentation attributes (no ``style``, no script), so the
same chart shows in the workbench under its Content-Security-Policy, in a saved
HTML report, and in the PDF that WeasyPrint draws. Every label and title is
escaped; characters that XML forbids are dropped. An empty series draws a frame
with ``empty`` written in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "Noto Sans CJK SC, Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
INK = "#1d2430"
MUTE = "#667085"
LINE = "#d9dee7"
BAR = "#1f5fbf"
GOOD = "#137a3d"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # a share in [0, 1] for rate charts, else a count
    note: str = ""  # shown after the value, e.g. "12/30"


def esc(text: object) -> str:
    """Text safe inside an SVG element or a double-quoted attribute."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


def _clip(text: str, limit: int) -> str:
    """At most ``limit`` columns, counting a CJK character as two."""
    out: list[str] = []
    used = 0
    for ch in text:
        width = 2 if ord(ch) > 0x2E7F else 1
        if used + width > limit:
            return "".join(out) + "…"
        out.append(ch)
        used += width
    return text


def _open(chart_id: str, title: str, width: int, height: int) -> list[str]:
    cid = esc(re.sub(r"[^A-Za-z0-9_-]", "", chart_id) or "chart")
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{cid}-t" '
        f'font-family="{esc(FONT)}" font-size="12" fill="{INK}">',
        f'<title id="{cid}-t">{esc(title)}</title>',
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#ffffff" '
        f'stroke="{LINE}"/>',
        f'<text x="10" y="20" font-size="13" font-weight="bold">{esc(_clip(title, 80))}</text>',
    ]


def _empty(parts: list[str], width: int, height: int, empty: str) -> str:
    parts.append(
        f'<text x="{width // 2}" y="{height // 2 + 10}" text-anchor="middle" '
        f'fill="{MUTE}">{esc(empty)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    chart_id: str = "bars",
    percent: bool = True,
    empty: str = "no data",
    width: int = 560,
    max_bars: int = 12,
) -> str:
    """Horizontal bars, one a row: label, bar, value (as a percentage if ``percent``)."""
    shown = list(bars)[:max_bars]
    row, top, label_w = 24, 34, 170
    height = top + max(1, len(shown)) * row + 12
    parts = _open(chart_id, title, width, height)
    if not shown:
        return _empty(parts, width, height, empty)
    area = width - label_w - 110
    scale = 1.0 if percent else max(max(b.value for b in shown), 1e-9)
    for i, b in enumerate(shown):
        y = top + i * row
        frac = max(0.0, min(1.0, b.value / scale))
        value = f"{b.value * 100:.0f}%" if percent else f"{b.value:g}"
        if b.note:
            value += f"  ({b.note})"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(_clip(b.label, 26))}'
            "</text>"
        )
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{area}" height="16" fill="#eef1f6"/>')
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{area * frac:.1f}" height="16" '
            f'fill="{GOOD if percent else BAR}"/>'
        )
        parts.append(f'<text x="{label_w + area + 6}" y="{y + 15}">{esc(value)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _columns(
    items: Sequence[tuple[str, int]],
    *,
    title: str,
    chart_id: str,
    empty: str,
    width: int,
    line: bool,
) -> str:
    height, top, bottom, left = 220, 40, 36, 12
    parts = _open(chart_id, title, width, height)
    if not items or not any(n for _, n in items):
        return _empty(parts, width, height, empty)
    plot_h = height - top - bottom
    step = (width - 2 * left) / len(items)
    peak = max(n for _, n in items)
    base = height - bottom
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="{MUTE}"/>')
    tops = []
    for i, (label, n) in enumerate(items):
        h = plot_h * n / peak if peak else 0
        x = left + i * step
        cx = x + step / 2
        tops.append((cx, base - h))
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{BAR}"><title>{esc(label)}: {n}</title></rect>'
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" '
            f'font-size="11">{n}</text>'
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{base + 14}" text-anchor="middle" font-size="10" '
            f'fill="{MUTE}">{esc(_clip(label, max(4, int(step / 6))))}</text>'
        )
    if line and len(tops) > 1:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in tops)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{GOOD}" stroke-width="2"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def histogram(
    buckets: Sequence[tuple[str, int]],
    *,
    title: str,
    chart_id: str = "histogram",
    empty: str = "no data",
    width: int = 560,
) -> str:
    """Columns of counts, one per bucket, labelled under the axis."""
    return _columns(buckets, title=title, chart_id=chart_id, empty=empty, width=width, line=False)


def weekly_columns(
    weeks: Sequence[tuple[str, int]],
    *,
    title: str,
    chart_id: str = "weekly",
    empty: str = "no data",
    width: int = 560,
) -> str:
    """One column per week with a line through their tops, oldest first."""
    return _columns(weeks, title=title, chart_id=chart_id, empty=empty, width=width, line=True)
