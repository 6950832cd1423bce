"""What a domain-name complaint (UDRP, CNDRP) says beyond the notice parts: the
registrar and respondent as registration data (RDAP/WHOIS) show them, the panel and
language, other proceedings, mutual jurisdiction, the registration date (CNDRP takes
names registered less than three years ago, Art. 2), and bad faith argued from the
circumstances the case's facts hold (UDRP ¶4(b), CNDRP Art. 9). Pure functions.

Facts a user may give on the draft (``--fact KEY=VALUE``): ``panel_size`` (1 or 3),
``language``, ``other_proceedings``, ``mutual_jurisdiction`` (registrar|respondent),
and the circumstances ``offered_for_sale``, ``pattern``, ``competitor`` (any value
that is not empty, e.g. the price offered or the other names registered).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rightsguard.domain.errors import InvalidValue

#: the articles the complaints argue from, as the playbook's register names them
CITATIONS: tuple[tuple[str, str], ...] = (
    ("UDRP", "4(a)"),
    ("UDRP", "4(b)"),
    ("CNDRP", "2"),
    ("CNDRP", "8"),
    ("CNDRP", "9"),
)
PANEL_SIZES = ("1", "3")
JURISDICTIONS = ("registrar", "respondent")

#: per policy: circumstance id, the fact that shows it, and the clause in zh and en
CIRCUMSTANCES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "udrp": (
        (
            "4(b)(i)",
            "offered_for_sale",
            "被投诉人注册或取得争议域名，主要是为了向投诉人或其竞争对手出售、出租或以其他方式"
            "转让该域名，以获取高于其直接成本的对价（第4(b)(i)段）：{value}",
            "the Respondent registered or acquired the domain name primarily to sell, rent "
            "or otherwise transfer it to the Complainant or a competitor for more than its "
            "out-of-pocket costs (¶4(b)(i)): {value}",
        ),
        (
            "4(b)(ii)",
            "pattern",
            "被投诉人注册争议域名是为了阻止投诉人以相应域名反映其商标，且已有此类行为模式"
            "（第4(b)(ii)段）：{value}",
            "the Respondent registered it to prevent the Complainant from reflecting its "
            "mark in a domain name, and has engaged in a pattern of such conduct "
            "(¶4(b)(ii)): {value}",
        ),
        (
            "4(b)(iii)",
            "competitor",
            "被投诉人注册争议域名主要是为了扰乱竞争对手即投诉人的业务（第4(b)(iii)段）：{value}",
            "the Respondent registered it primarily to disrupt the business of a "
            "competitor, the Complainant (¶4(b)(iii)): {value}",
        ),
        (
            "4(b)(iv)",
            "site_in_use",
            "被投诉人使用争议域名，故意制造与投诉人商标的混淆，以吸引网络用户访问其网站牟利"
            "（第4(b)(iv)段）：该网站已固定，见证据{value}",
            "by using the domain name, the Respondent intentionally attempts to attract "
            "internet users to its site for commercial gain by creating a likelihood of "
            "confusion with the Complainant's mark (¶4(b)(iv)): the site is preserved in "
            "evidence {value}",
        ),
    ),
    "cndrp": (
        (
            "9(1)",
            "offered_for_sale",
            "注册或受让争议域名的目的是向投诉人或其竞争对手出售、出租或以其他方式转让该域名，"
            "以获取不正当利益（第九条第（一）项）：{value}",
            "the name was registered or acquired to sell, rent or otherwise transfer it to "
            "the Complainant or a competitor for unfair gain (Art. 9(1)): {value}",
        ),
        (
            "9(2)",
            "pattern",
            "多次将他人享有合法权益的名称或标志注册为自己的域名，以阻止他人以域名形式使用"
            "（第九条第（二）项）：{value}",
            "names or marks in which others have rights were registered as domain names "
            "more than once, to prevent them from using them as domain names (Art. 9(2)): "
            "{value}",
        ),
        (
            "9(3)",
            "competitor",
            "注册或受让争议域名是为了损害投诉人的声誉、破坏投诉人正常的业务活动"
            "（第九条第（三）项）：{value}",
            "the name was registered or acquired to damage the Complainant's reputation or "
            "disrupt its business (Art. 9(3)): {value}",
        ),
        (
            "9(3)",
            "site_in_use",
            "争议域名被用于混淆与投诉人之间的区别、误导公众（第九条第（三）项）：该网站已固定，"
            "见证据{value}",
            "the name is used to blur the distinction from the Complainant and mislead the "
            "public (Art. 9(3)): the site is preserved in evidence {value}",
        ),
    ),
}


def _one_of(facts: Mapping[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = str(facts.get(key) or default).strip()
    if value not in allowed:
        raise InvalidValue(f"--fact {key}", f"{value!r} is not one of {', '.join(allowed)}")
    return value


def bad_faith(policy: str, ctx: Mapping[str, Any], lang: str) -> list[dict[str, str]]:
    """The circumstances of bad faith the case's facts show, each with its clause."""
    facts = dict(ctx.get("facts") or {})
    if ctx.get("evidence") and any(t.get("kind") == "domain" for t in ctx.get("targets", [])):
        facts["site_in_use"] = "、".join(str(n) for n in range(1, len(ctx["evidence"]) + 1))
        if lang != "zh-CN":
            facts["site_in_use"] = ", ".join(facts["site_in_use"].split("、"))
    out = []
    for clause, key, zh, en in CIRCUMSTANCES[policy]:
        if facts.get(key):
            text = zh if lang == "zh-CN" else en
            out.append({"clause": clause, "fact": key, "text": text.format(value=facts[key])})
    return out


def registered_on(domains: list[Mapping[str, Any]]) -> str | None:
    """The earliest known registration date of the disputed names (ISO)."""
    days = sorted(str(d["created"])[:10] for d in domains if d.get("created"))
    return days[0] if days else None


def dispute_context(policy: str, ctx: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The parts of a UDRP/CNDRP complaint that come from the case and its facts."""
    facts = ctx.get("facts") or {}
    domains = list(ctx.get("domains") or [])
    created = registered_on(domains)
    today = date.fromisoformat(str(ctx["today"]))
    age_years = None
    if created:
        reg = date.fromisoformat(created)
        age_years = today.year - reg.year - ((today.month, today.day) < (reg.month, reg.day))
    return {
        "policy": policy,
        "registrars": sorted({d["registrar"] for d in domains if d.get("registrar")}),
        "respondents": [d for d in domains if d.get("registrant")],
        "registered_on": created,
        "age_years": age_years,
        "panel_size": _one_of(facts, "panel_size", PANEL_SIZES, "1"),
        "language": str(facts.get("language") or ("zh-CN" if policy == "cndrp" else lang)),
        "other_proceedings": facts.get("other_proceedings"),
        "mutual_jurisdiction": _one_of(facts, "mutual_jurisdiction", JURISDICTIONS, "registrar"),
        "bad_faith": bad_faith(policy, ctx, lang),
    }
