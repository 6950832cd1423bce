"""Criminal indicators: figures that suggest a police report is worth discussing.

The amounts for Criminal Law Arts. 213, 214, 217 and 218 come from secondary sources
on Fa Shi [2025] No. 5; the online-dissemination figures for Art. 217 (works, clicks,
members, business volume; two of them at half; five times for "particularly serious")
come from the 2011 SPC/SPP/MPS opinions as secondary sources quote them. None has been
read in the primary text of Fa Shi [2025] No. 5, so every threshold is ``unverified``
and every indicator says so. An aggravated figure that needs a prior penalty asks for
that fact instead of assuming it. The plan shows indicators for counsel, never
conclusions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from rightsguard.domain.enums import RightKind
from rightsguard.playbook.facts import CaseFacts, Nature
from rightsguard.playbook.text import Text, t


@dataclass(frozen=True, slots=True)
class Threshold:
    article: str  # Criminal Law article
    metric: str  # a Nature field: illegal_gains, business_volume, works_disseminated ...
    amount: Decimal
    aggravated: bool = False  # two or more marks, or a penalty within 2 years before
    particularly_serious: bool = False
    online: bool = False  # the 2011 opinions' figures for dissemination online for profit
    unverified: bool = True


_D = Decimal
THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("213", "illegal_gains", _D(30_000)),
    Threshold("213", "business_volume", _D(50_000)),
    Threshold("213", "illegal_gains", _D(20_000), aggravated=True),
    Threshold("213", "business_volume", _D(30_000), aggravated=True),
    Threshold("213", "illegal_gains", _D(300_000), particularly_serious=True),
    Threshold("213", "business_volume", _D(500_000), particularly_serious=True),
    Threshold("214", "sales_amount", _D(50_000)),
    Threshold("214", "illegal_gains", _D(30_000)),
    Threshold("217", "illegal_gains", _D(30_000)),
    Threshold("218", "illegal_gains", _D(50_000)),
)

#: Criminal Law Art. 217, dissemination of others' works online for profit ("other
#: serious circumstances"): 2011 opinions, as quoted by secondary sources.
ONLINE_217: tuple[Threshold, ...] = (
    Threshold("217", "business_volume", _D(50_000), online=True),
    Threshold("217", "works_disseminated", _D(500), online=True),
    Threshold("217", "clicks", _D(50_000), online=True),
    Threshold("217", "registered_members", _D(1_000), online=True),
)
PARTICULARLY_SERIOUS_FACTOR = 5

_TRADEMARK_ARTICLES = {"213", "214"}
_COPYRIGHT_ARTICLES = {"217", "218"}

_METRIC = {
    "illegal_gains": t("违法所得", "illegal gains"),
    "business_volume": t("非法经营额", "illegal business volume"),
    "sales_amount": t("销售金额", "sales amount"),
    "works_disseminated": t("传播他人作品数量", "works of others disseminated"),
    "clicks": t("实际被点击数", "actual clicks"),
    "registered_members": t("注册会员人数", "registered members"),
}
_UNIT = {
    "works_disseminated": t("件", "works"),
    "clicks": t("次", "clicks"),
    "registered_members": t("人", "members"),
}
_RMB = t("元", "RMB")

_UNVERIFIED = t(
    "未经核实：尚未对照法释〔2025〕5号原文",
    "unverified: not yet read in the primary text of Fa Shi [2025] No. 5",
)
_FOR_COUNSEL = t("仅供律师判断，不是结论。", "an indicator for counsel, not a conclusion.")


class Indicator(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule_id: str
    article: str
    text: Text
    unverified: bool = True
    asks: str | None = None  # the fact (JSON path) this asks for; None for an indicator


def _value(nature: Nature, metric: str) -> Decimal | None:
    raw = getattr(nature, metric)
    return None if raw is None else Decimal(raw)


def _figure(metric: str, amount: Decimal) -> Text:
    unit = _UNIT.get(metric)
    if unit is None:
        return t(f"{amount}{_RMB.zh}", f"{_RMB.en} {amount}")
    return t(f"{amount}{unit.zh}", f"{amount} {unit.en}")


def _indicator(article: str, zh: str, en: str) -> Indicator:
    return Indicator(
        rule_id="police.ip-crime-indicators",
        article=f"Criminal Law Art. {article}",
        text=t(
            f"{zh}（{_UNVERIFIED.zh}）：{_FOR_COUNSEL.zh}",
            f"{en} ({_UNVERIFIED.en}): {_FOR_COUNSEL.en}",
        ),
    )


def _amount_indicator(th: Threshold, value: Decimal) -> Indicator:
    label, figure = _METRIC[th.metric], _figure(th.metric, th.amount)
    got = _figure(th.metric, value)
    level_zh = "情节特别严重" if th.particularly_serious else "入罪"
    level_en = "particularly serious" if th.particularly_serious else "criminal"
    return _indicator(
        th.article,
        f"{label.zh}{got.zh}，达到二手资料所载刑法第{th.article}条{level_zh}参考数额（{figure.zh}）",
        f"{label.en} {got.en} reach the {level_en} figure secondary sources give for "
        f"Criminal Law Art. {th.article} ({figure.en})",
    )


def _online_217(nature: Nature) -> Indicator | None:
    """Art. 217 online: any figure reached (five times: particularly serious), or two or
    more figures each at half."""
    values = [(th, _value(nature, th.metric)) for th in ONLINE_217]
    known = [(th, v) for th, v in values if v is not None]
    source_zh = "2011年“两高一部”意见所载网络传播"
    source_en = "online-dissemination figure of the 2011 SPC/SPP/MPS opinions"
    for factor, level_zh, level_en in (
        (PARTICULARLY_SERIOUS_FACTOR, "其他特别严重情节", "particularly serious"),
        (1, "其他严重情节", "serious"),
    ):
        for th, v in known:
            figure = _figure(th.metric, th.amount * factor)
            if v >= th.amount * factor:
                label, got = _METRIC[th.metric], _figure(th.metric, v)
                return _indicator(
                    "217",
                    f"以营利为目的通过信息网络传播他人作品，{label.zh}{got.zh}，达到{source_zh}"
                    f"“{level_zh}”参考标准（{figure.zh}，刑法第217条）",
                    f"works of others disseminated online for profit: {label.en} {got.en} "
                    f"reach the {level_en} {source_en} ({figure.en}, Criminal Law Art. 217)",
                )
    halves = [(th, v) for th, v in known if v >= th.amount / 2]
    if len(halves) >= 2:
        names_zh = "、".join(_METRIC[th.metric].zh for th, _ in halves)
        names_en = ", ".join(_METRIC[th.metric].en for th, _ in halves)
        return _indicator(
            "217",
            f"以营利为目的通过信息网络传播他人作品，{names_zh}均达到{source_zh}参考标准的一半以上"
            "（两项以上各达一半即为“其他严重情节”，刑法第217条）",
            f"works of others disseminated online for profit: {names_en} each reach half "
            "their online-dissemination figures in the 2011 SPC/SPP/MPS opinions (two or more "
            "at half count as serious, Criminal Law Art. 217)",
        )
    return None


def _ask_prior_penalty(th: Threshold, value: Decimal) -> Indicator:
    label, figure = _METRIC[th.metric], _figure(th.metric, th.amount)
    got = _figure(th.metric, value)
    return Indicator(
        rule_id="police.ip-crime-indicators",
        article=f"Criminal Law Art. {th.article}",
        asks="nature.prior_penalty_within_2_years",
        text=t(
            f"{label.zh}{got.zh}低于一般参考数额，但侵权人若在二年内因侵犯知识产权受过刑事处罚或者"
            f"行政处罚后再次实施，参考数额降为{figure.zh}（{_UNVERIFIED.zh}）：请查明并记录"
            "nature.prior_penalty_within_2_years。",
            f"{label.en} {got.en} stay below the usual figure, but if the infringer received "
            "a criminal or administrative penalty for IP infringement within two years before "
            f"doing it again, the figure drops to {figure.en} ({_UNVERIFIED.en}): find out and "
            "record nature.prior_penalty_within_2_years.",
        ),
    )


def criminal_indicators(facts: CaseFacts) -> list[Indicator]:
    """Indicators of possible crimes for counsel to weigh, and the facts they still need."""
    nature = facts.nature
    kinds = {r.kind for r in facts.rights}
    articles: set[str] = set()
    if RightKind.TRADEMARK in kinds:
        articles |= _TRADEMARK_ARTICLES
    if RightKind.COPYRIGHT in kinds:
        articles |= _COPYRIGHT_ARTICLES
    two_marks = (nature.marks_count or 0) >= 2
    prior = nature.prior_penalty_within_2_years
    out: list[Indicator] = []
    seen: set[str] = set()
    asked: list[Indicator] = []
    for th in sorted(THRESHOLDS, key=lambda x: (x.article, -x.amount)):
        if th.article not in articles or th.article in seen:
            continue
        value = _value(nature, th.metric)
        if value is None or value < th.amount:
            continue
        if th.aggravated and not (two_marks or prior):
            if prior is None and not asked:
                asked.append(_ask_prior_penalty(th, value))
            continue
        seen.add(th.article)
        out.append(_amount_indicator(th, value))
    if "217" in articles and "217" not in seen:
        online = _online_217(nature)
        if online is not None:
            seen.add("217")
            out.append(online)
    out += [q for q in asked if not any(i.article == q.article for i in out)]
    if nature.computer_acts:
        acts = ", ".join(a.value for a in nature.computer_acts)
        out.append(
            Indicator(
                rule_id="police.computer-crimes",
                article="Criminal Law Arts. 285-287",
                text=t(
                    f"存在针对计算机信息系统的行为（{acts}）：可能涉及刑法第285–287条，请律师评估。",
                    f"Acts against computer systems ({acts}) may fall under Criminal Law "
                    "Arts. 285-287: for counsel to assess.",
                ),
                unverified=False,
            )
        )
    return out
