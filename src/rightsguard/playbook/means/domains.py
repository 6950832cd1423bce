"""II.6 Domain-name disputes (CNDRP, UDRP, ccTLD policies) with their clocks."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType, Goal
from rightsguard.playbook import predicates as p
from rightsguard.playbook.clocks import (
    Basis,
    add_calendar_days,
    add_days,
    add_us_business_days,
    make_clock,
)
from rightsguard.playbook.facts import CaseFacts, TargetFact
from rightsguard.playbook.means.common import TITLES, Candidate, note
from rightsguard.playbook.output import Venue
from rightsguard.playbook.text import t
from rightsguard.playbook.venues import (
    CNDRP,
    CNDRP_PROVIDERS,
    UDRP,
    choose_cndrp_provider,
    choose_udrp_provider,
    domain_policy,
    hkiac_cndrp_fee,
)

A = ActionType


def _chinese_respondent(facts: CaseFacts, x: TargetFact) -> bool:
    party = facts.party_of(x.id)
    return bool(x.operator_province) or (
        party is not None
        and (
            (party.country or "").upper() in {"CN", "HK", "MO", "TW"} or party.province is not None
        )
    )


def domain_disputes(facts: CaseFacts) -> list[Candidate]:
    out = []
    today = facts.today
    repeat = p.repeat(facts)
    for x in p.domain_targets(facts):
        policy = domain_policy(x.tld)
        cand = Candidate(
            A.DOMAIN_DISPUTE,
            f"domain_dispute:{x.id}",
            TITLES[A.DOMAIN_DISPUTE],
            [x.id],
            rule_ids=["domain.transfer-cure"],
            details={"domain": x.host, "tld": x.tld, "policy": policy.key if policy else "unknown"},
        )
        if Goal.TRANSFER_DOMAIN in facts.goals:
            cand.bonus += 0.5
        if repeat:
            cand.bonus += 2.0
            cand.rule_ids.append("repeat.domain-transfer")
        if policy is CNDRP:
            prov, why = choose_cndrp_provider(
                holder_country=facts.holder.country, language=facts.holder.language
            )
            other = [q.name for q in CNDRP_PROVIDERS if q.key != prov.key]
            cand.venue = Venue(
                kind="dispute_provider",
                name=prov.name,
                ref=prov.key,
                reason=why,
                alternatives=other,
            )
            cand.channel = "cndrp"
            cand.rule_ids += [
                "domain.cndrp-venue",
                "domain.cndrp-age",
                "domain.cndrp-elements",
                "domain.cndrp-clocks",
            ]
            cand.details["elements"] = [
                "confusingly_similar",
                "no_rights",
                "bad_faith_registration_or_use",
            ]
            cand.alternative = t(
                "注册满三年：提起网络域名权属、侵权纠纷诉讼。",
                "Registered three or more years ago: sue over domain ownership and infringement.",
            )
            respond = add_days(today, 20)
            decide = add_days(respond, 14)
            cand.clocks += [
                make_clock(
                    id=f"domain.response:{x.id}",
                    label=t("被投诉人答辩期", "response due"),
                    start=today,
                    due=respond,
                    rule_id="domain.cndrp-clocks",
                    basis=Basis.CN_DAYS,
                    today=today,
                    projected=True,
                    unverified=True,
                    consequence=t(
                        "逾期未答辩，专家组依投诉材料裁决",
                        "the panel decides on the complaint alone",
                    ),
                ),
                make_clock(
                    id=f"domain.decision:{x.id}",
                    label=t("专家组裁决", "panel decision"),
                    start=respond,
                    due=decide,
                    rule_id="domain.cndrp-clocks",
                    basis=Basis.CN_DAYS,
                    today=today,
                    projected=True,
                    unverified=True,
                    consequence=t(
                        "裁决公布后进入执行等待期", "once published, the implementation wait starts"
                    ),
                ),
                make_clock(
                    id=f"domain.implementation:{x.id}",
                    label=t("注册服务机构执行裁决", "registrar implements"),
                    start=decide,
                    due=add_calendar_days(decide, 10),
                    rule_id="domain.cndrp-clocks",
                    basis=Basis.CN_FULL_DAYS,
                    today=today,
                    projected=True,
                    unverified=True,
                    consequence=t(
                        "满10日未收到法院或仲裁受理证明即注销或转移",
                        "cancelled or transferred unless a court or arbitral "
                        "case is shown within 10 full days",
                    ),
                ),
            ]
            if prov.key == "hkiac":
                cand.rule_ids.append("domain.hkiac-fees")
                cand.details["fee_rmb"] = hkiac_cndrp_fee(1, 1)
                cand.clocks += [
                    make_clock(
                        id=f"domain.fee:{x.id}",
                        label=t("缴纳HKIAC费用", "pay HKIAC fees"),
                        start=today,
                        due=add_calendar_days(today, 3),
                        rule_id="domain.hkiac-fees",
                        basis=Basis.CALENDAR_DAYS,
                        today=today,
                        projected=True,
                        consequence=t(
                            "第8日仍未缴费视为撤回投诉",
                            "unpaid by day 8 the complaint is withdrawn",
                        ),
                    ),
                ]
        elif policy is UDRP:
            prov, why = choose_udrp_provider(
                holder_country=facts.holder.country,
                language=facts.holder.language,
                respondent_chinese=_chinese_respondent(facts, x),
                low_cost=p.minor(facts),
            )
            cand.venue = Venue(kind="dispute_provider", name=prov.name, ref=prov.key, reason=why)
            cand.channel = "udrp"
            cand.details["fee"] = prov.fee.en if prov.fee else None
            cand.details["elements"] = [
                "confusingly_similar",
                "no_rights",
                "bad_faith_registration_and_use",
            ]
            cand.rule_ids += ["domain.udrp-venue", "domain.udrp-elements", "domain.udrp-clocks"]
            respond = add_calendar_days(today, 20)
            decide = add_calendar_days(respond, 14)
            cand.clocks += [
                make_clock(
                    id=f"domain.response:{x.id}",
                    label=t("被投诉人答辩期", "response due"),
                    start=today,
                    due=respond,
                    rule_id="domain.udrp-clocks",
                    basis=Basis.CALENDAR_DAYS,
                    today=today,
                    projected=True,
                    consequence=t(
                        "逾期未答辩，专家组依投诉材料裁决",
                        "the panel decides on the complaint alone",
                    ),
                ),
                make_clock(
                    id=f"domain.decision:{x.id}",
                    label=t("专家组裁决", "panel decision"),
                    start=respond,
                    due=decide,
                    rule_id="domain.udrp-clocks",
                    basis=Basis.CALENDAR_DAYS,
                    today=today,
                    projected=True,
                    consequence=t("裁决转交注册商", "the decision goes to the registrar"),
                ),
                make_clock(
                    id=f"domain.implementation:{x.id}",
                    label=t(
                        "注册商执行（美国工作日近似）",
                        "registrar implements (US business days as proxy)",
                    ),
                    start=decide,
                    due=add_us_business_days(decide, 10),
                    rule_id="domain.udrp-clocks",
                    basis=Basis.US_BUSINESS_DAYS,
                    today=today,
                    projected=True,
                    consequence=t(
                        "除非被投诉人起诉，域名转移或注销",
                        "transferred or cancelled unless the respondent sues",
                    ),
                ),
            ]
        else:
            cand.rule_ids.append("domain.cctld-policy")
            cand.channel = policy.key if policy else "unknown"
            if policy is not None:
                cand.venue = Venue(
                    kind="dispute_provider", name=policy.venue or policy.name, reason=policy.name
                )
            else:
                cand.notes.append(
                    note(
                        "domain.cctld-policy",
                        f".{x.tld}的争议政策未知：向注册局查询。",
                        f"The .{x.tld} dispute policy is unknown: ask the registry.",
                        "warn",
                    )
                )
        out.append(cand)
    return out
