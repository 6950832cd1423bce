"""The figures as people read them: charts and labels in zh-CN or en.

Shared by the dashboard page and the reports, so both show the same charts.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from rightsguard.i18n import translate
from rightsguard.report.charts import Bar, bar_chart, histogram, weekly_columns
from rightsguard.store.read.metrics_math import Bucket, Figures, Rate

CHANNEL_KEYS = {
    "email": "dash.channel.email",
    "webform": "dash.channel.webform",
    "post": "dash.channel.post",
}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def days(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return f"{value:.1f} {translate('dash.days', lang)}"


def bucket_label(b: Bucket, lang: str) -> str:
    unit = "天" if lang == "zh-CN" else "d"
    lo = f"{b.lo_days:g}"
    if b.hi_days is None:
        return f"≥{lo}{unit}"
    if b.lo_days == 0:
        return f"<{b.hi_days:g}{unit}"
    return f"{lo}–{b.hi_days:g}{unit}"


def channel_label(key: str, lang: str) -> str:
    return translate(CHANNEL_KEYS[key], lang) if key in CHANNEL_KEYS else key


def _rate_bars(rates: list[Rate], name: Callable[[str], str] = str) -> list[Bar]:
    return [Bar(name(r.key), r.rate or 0.0, f"{r.removed}/{r.sent}") for r in rates]


def charts(f: Figures, lang: str, prefix: str = "c") -> dict[str, Markup]:
    """Every chart of the figures, as SVG markup safe to place in a page."""

    def t(key: str) -> str:
        return translate(key, lang)

    empty = t("dash.no_data")
    takedown = f"{t('dash.takedown')} · "
    return {
        "by_provider": Markup(
            bar_chart(
                _rate_bars(f.takedown.by_provider),
                title=takedown + t("dash.by_provider"),
                chart_id=f"{prefix}-provider",
                empty=empty,
            )
        ),
        "by_channel": Markup(
            bar_chart(
                _rate_bars(f.takedown.by_channel, lambda k: channel_label(k, lang)),
                title=takedown + t("dash.by_channel"),
                chart_id=f"{prefix}-channel",
                empty=empty,
            )
        ),
        "by_kind": Markup(
            bar_chart(
                _rate_bars(f.takedown.by_kind),
                title=takedown + t("dash.by_kind"),
                chart_id=f"{prefix}-kind",
                empty=empty,
            )
        ),
        "time_to_takedown": Markup(
            histogram(
                [(bucket_label(b, lang), b.count) for b in f.time_to_takedown.buckets],
                title=f"{t('dash.ttt')} ({t('dash.median')} "
                f"{days(f.time_to_takedown.median_days, lang)})",
                chart_id=f"{prefix}-ttt",
                empty=empty,
            )
        ),
        "captures": Markup(
            weekly_columns(
                [(w.week[-3:], w.count) for w in f.captures_by_week],
                title=t("dash.captures"),
                chart_id=f"{prefix}-captures",
                empty=empty,
            )
        ),
    }
