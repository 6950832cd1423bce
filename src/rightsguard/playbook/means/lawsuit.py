"""II.7 Civil litigation: causes of action, court choice and the limitation clock."""

from __future__ import annotations

from rightsguard.domain.enums import ActionType, PartyRole, RightKind
from rightsguard.playbook import predicates as p
from rightsguard.playbook.clocks import Basis, Clock, add_years, make_clock
from rightsguard.playbook.damages import punitive_text
from rightsguard.playbook.facts import CaseFacts, PartyFact
from rightsguard.playbook.means.common import TITLES, Candidate, note
from rightsguard.playbook.output import Venue
from rightsguard.playbook.text import Text, t
from rightsguard.playbook.venues import INTERNET_COURTS, IP_COURTS, city_key, province

A = ActionType


def causes_of_action(facts: CaseFacts) -> list[Text]:
    kinds = {r.kind for r in facts.rights}
    out: list[Text] = []
    if RightKind.TRADEMARK in kinds:
        out.append(t("侵害商标权纠纷", "trademark infringement"))
    if RightKind.COPYRIGHT in kinds:
        out.append(
            t(
                "侵害著作权纠纷（含信息网络传播权）",
                "copyright infringement (incl. network dissemination)",
            )
        )
    if RightKind.PATENT in kinds:
        out.append(t("侵害专利权纠纷", "patent infringement"))
    if RightKind.TRADE_NAME in kinds:
        out.append(t("侵害企业名称（商号）权纠纷", "trade-name infringement"))
    if kinds & {RightKind.TRADEMARK, RightKind.TRADE_NAME}:
        out.append(t("不正当竞争纠纷", "unfair competition"))
    if p.domain_targets(facts):
        out.append(t("网络域名权属、侵权纠纷", "domain-name ownership and infringement dispute"))
    if RightKind.DOMAIN_NAME in kinds:
        out.append(t("网络域名合同纠纷", "domain-name contract dispute"))
    if RightKind.PERSONALITY in kinds:
        out.append(
            t(
                "网络侵权责任纠纷（姓名、肖像、名誉、荣誉、隐私）",
                "network infringement (name, portrait, reputation, honour, privacy)",
            )
        )
    elif facts.targets:
        out.append(t("网络侵权责任纠纷", "network infringement dispute"))
    return out


def choose_court(facts: CaseFacts, party: PartyFact | None) -> Venue:
    kinds = {r.kind for r in facts.rights}
    city = city_key(party.city if party else None)
    prov = province(party.province if party else None)
    if city is None and prov is not None and prov.key in ("beijing", "shanghai"):
        city = prov.key
    caveat = t("管辖以律师核实为准", "counsel to confirm jurisdiction")
    if RightKind.PATENT in kinds:
        for court in IP_COURTS:
            if prov is not None and court.province == prov.key:
                return Venue(
                    kind="court",
                    name=court.name,
                    ref=court.key,
                    reason=t(
                        "专利等技术类案件：知识产权法院", "patent and technical cases: the IP court"
                    ),
                    alternatives=[caveat],
                )
    online_kinds = {RightKind.COPYRIGHT, RightKind.PERSONALITY, RightKind.DOMAIN_NAME}
    if (kinds & online_kinds or p.domain_targets(facts)) and city is not None:
        for court in INTERNET_COURTS:
            if court.city == city:
                return Venue(
                    kind="court",
                    name=court.name,
                    ref=court.key,
                    reason=t(
                        "涉网著作权、域名或人格权案件：所在地互联网法院",
                        "online copyright, domain or personality case: the local Internet Court",
                    ),
                    alternatives=[caveat],
                )
    where = prov.zh if prov else "被告住所地或侵权行为地"
    where_en = prov.en if prov else "the defendant's domicile or where the infringement took place"
    return Venue(
        kind="court",
        name=t(f"{where}有管辖权的法院", f"the competent court in {where_en}"),
        reason=t("一般地域管辖", "ordinary territorial jurisdiction"),
        alternatives=[caveat],
    )


def limitation_clock(facts: CaseFacts) -> Clock | None:
    seen = [x.first_seen for x in facts.targets if x.first_seen is not None]
    start = facts.nature.known_since or (min(seen) if seen else None)
    if start is None:
        return None
    return make_clock(
        id="suit.limitation",
        label=t("诉讼时效", "limitation period"),
        start=start,
        due=add_years(start, 3),
        rule_id="suit.limitation",
        basis=Basis.CN_DAYS,
        today=facts.today,
        consequence=t(
            "被告可提出时效抗辩；持续侵权仍可就近三年主张",
            "the defendant may plead limitation; for continuing infringement claims "
            "for recent conduct may remain",
        ),
    )


def lawsuits(facts: CaseFacts) -> list[Candidate]:
    if not facts.rights:
        return []
    primaries = [pa for pa in facts.parties if pa.role == PartyRole.PRIMARY_INFRINGER]
    groups: list[tuple[PartyFact | None, list[str]]] = [
        (pa, [x.id for x in facts.targets_of(pa.id)]) for pa in primaries
    ] or [(None, [x.id for x in facts.targets])]
    out = []
    for party, tids in groups:
        if not tids:
            continue
        cand = Candidate(
            A.LAWSUIT,
            f"lawsuit:{party.id if party else 'unknown'}",
            TITLES[A.LAWSUIT],
            tids,
            recipient=party.id if party else None,
            venue=choose_court(facts, party),
            rule_ids=["suit.causes", "suit.courts"],
            details={"causes": [c.model_dump() for c in causes_of_action(facts)]},
        )
        if p.serious(facts):
            cand.rule_ids.append("suit.when")
        if p.wilful(facts):
            cand.rule_ids.append("suit.punitive")
            cand.bonus += 1.0
            basis = punitive_text(facts)
            cand.notes.append(
                note(
                    "suit.punitive",
                    f"故意侵权：主张惩罚性赔偿（1–5倍），依据{basis.zh}。",
                    f"Wilful: claim punitive damages (1-5x) under {basis.en}.",
                )
            )
        if p.continued_after_letter(facts):
            cand.rule_ids.append("cd.wilful-after-receipt")
            cand.bonus += 1.5
        if p.repeat(facts):
            cand.rule_ids.append("repeat.litigate")
            cand.bonus += 1.5
        if p.has_kind(facts, RightKind.PERSONALITY):
            cand.rule_ids.append("suit.personality")
        clock = limitation_clock(facts)
        if clock is not None:
            cand.clocks.append(clock)
            cand.rule_ids.append("suit.limitation")
        out.append(cand)
    return out
