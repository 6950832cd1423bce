"""Criminal indicators: figures that suggest a police report is worth discussing.

Every threshold here comes from secondary sources on Fa Shi [2025] No. 5 and is
marked unverified. The plan shows an indicator for counsel, never a conclusion.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from rightsguard.domain.enums import RightKind
from rightsguard.playbook.facts import CaseFacts
from rightsguard.playbook.text import Text, t


@dataclass(frozen=True, slots=True)
class Threshold:
    article: str  # Criminal Law article
    metric: str  # "illegal_gains" | "business_volume" | "sales_amount"
    amount: Decimal
    aggravated: bool = False  # applies with two or more marks or a repeat within 2 years
    particularly_serious: bool = False
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

_TRADEMARK_ARTICLES = {"213", "214"}
_COPYRIGHT_ARTICLES = {"217", "218"}

_METRIC = {
    "illegal_gains": t("违法所得", "illegal gains"),
    "business_volume": t("非法经营额", "illegal business volume"),
    "sales_amount": t("销售金额", "sales amount"),
}


class Indicator(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule_id: str
    article: str
    text: Text
    unverified: bool = True


def criminal_indicators(facts: CaseFacts) -> list[Indicator]:
    """Indicators of possible crimes for counsel to weigh."""
    nature = facts.nature
    kinds = {r.kind for r in facts.rights}
    articles: set[str] = set()
    if RightKind.TRADEMARK in kinds:
        articles |= _TRADEMARK_ARTICLES
    if RightKind.COPYRIGHT in kinds:
        articles |= _COPYRIGHT_ARTICLES
    aggravated = (nature.marks_count or 0) >= 2 or nature.repeat_within_2_years
    out: list[Indicator] = []
    seen: set[str] = set()
    for th in sorted(THRESHOLDS, key=lambda x: (x.article, -x.amount)):
        if th.article not in articles or th.article in seen:
            continue
        if th.aggravated and not aggravated:
            continue
        value = getattr(nature, th.metric)
        if value is None or value < th.amount:
            continue
        seen.add(th.article)
        label = _METRIC[th.metric]
        level_zh = "情节特别严重" if th.particularly_serious else "入罪"
        level_en = "particularly serious" if th.particularly_serious else "criminal"
        out.append(
            Indicator(
                rule_id="police.ip-crime-indicators",
                article=f"Criminal Law Art. {th.article}",
                text=t(
                    f"{label.zh}{value}元，达到二手资料所载刑法第{th.article}条{level_zh}参考数额"
                    f"（{th.amount}元，未经核实）：仅供律师判断，不是结论。",
                    f"{label.en} RMB {value} reach the {level_en} figure secondary sources give "
                    f"for Criminal Law Art. {th.article} (RMB {th.amount}, unverified): an "
                    "indicator for counsel, not a conclusion.",
                ),
            )
        )
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
