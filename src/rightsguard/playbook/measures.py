"""Candidate actions, one builder per means of enforcement (the guide, II.1-II.9)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rightsguard.domain.enums import (
    ActionType,
    Goal,
    PartyRole,
    ProviderKind,
    RightKind,
    TargetKind,
)
from rightsguard.playbook import predicates as p
from rightsguard.playbook.clocks import (
    Basis,
    Clock,
    add_calendar_days,
    add_days,
    add_us_business_days,
    make_clock,
)
from rightsguard.playbook.elements import Element, required_elements
from rightsguard.playbook.facts import (
    BAD_ICP,
    Breach,
    CaseFacts,
    Channel,
    PartyFact,
    ProviderFact,
    TargetFact,
)
from rightsguard.playbook.gates import Check, icp_venue
from rightsguard.playbook.output import Factor, Level, Note, Rationale, Venue
from rightsguard.playbook.text import Text, t
from rightsguard.playbook.venues import (
    CNDRP,
    CNDRP_PROVIDERS,
    INTERNET_COURTS,
    IP_COURTS,
    UDRP,
    choose_cndrp_provider,
    choose_udrp_provider,
    city_key,
    communications_administration,
    domain_policy,
    hkiac_cndrp_fee,
    market_regulator,
    province,
)

A = ActionType
L, M, H = Level.LOW, Level.MEDIUM, Level.HIGH


@dataclass
class Candidate:
    type: ActionType
    key: str
    title: Text
    target_ids: list[str]
    recipient: str | None = None
    provider: str | None = None
    channel: str | None = None
    venue: Venue | None = None
    extra: list[Check] = field(default_factory=list)
    clocks: list[Clock] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    elements: list[Element] = field(default_factory=list)
    bonus: float = 0.0
    alternative: Text | None = None
    requires_counsel: bool = False


def _f(level: Level, zh: str, en: str) -> Factor:
    return Factor(level=level, note=t(zh, en))


PROFILES: dict[ActionType, Rationale] = {
    A.CEASE_AND_DESIST: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(H, "几天内可发出", "out within days"),
        effectiveness=_f(L, "超过六成侵权人不理会", "over 60% of infringers ignore it"),
        deterrence=_f(L, "无处罚", "no penalty"),
        reach=_f(M, "只要知道地址即可", "anywhere with an address"),
        legal_risk=_f(
            M,
            "收件人错误有商业诋毁风险；可能引来确认不侵权之诉",
            "defamation risk if misdirected; may invite a non-infringement action",
        ),
    ),
    A.PROVIDER_NOTICE: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(H, "通常数天内处理", "usually handled within days"),
        effectiveness=_f(H, "删除效果好，但侵权可能再现", "removes well, but repeats happen"),
        deterrence=_f(L, "没有实质处罚", "no real penalty"),
        reach=_f(H, "多数国家有类似机制", "works in most countries"),
        legal_risk=_f(L, "错误通知须担责", "liability for a wrongful notice"),
    ),
    A.DISCLOSURE_REQUEST: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(M, "取决于服务商", "depends on the provider"),
        effectiveness=_f(M, "常能得到实名信息", "often yields real-name data"),
        deterrence=_f(L, "无", "none"),
        reach=_f(M, "视服务商而定", "varies by provider"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.MARKET_REGULATION_COMPLAINT: Rationale(
        cost=_f(L, "无官方费用", "no official fee"),
        speed=_f(M, "数周", "weeks"),
        effectiveness=_f(M, "对网络案件态度审慎", "regulators are cautious online"),
        deterrence=_f(H, "罚款可达违法经营额五倍", "fines up to 5x the business volume"),
        reach=_f(L, "仅限中国境内", "mainland China only"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.ICP_COMPLAINT: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(H, "比知识产权执法部门更快", "faster than IP enforcers"),
        effectiveness=_f(H, "可关闭网站、删除链接", "can shut the site and delete links"),
        deterrence=_f(M, "罚款并关站", "fines and closure"),
        reach=_f(L, "仅限中国境内网站", "mainland sites only"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.OTHER_AUTHORITY_COMPLAINT: Rationale(
        cost=_f(L, "成本低", "cheap"),
        speed=_f(M, "数周", "weeks"),
        effectiveness=_f(M, "可下架、禁售、罚款", "goods pulled, sales banned, fines"),
        deterrence=_f(M, "行政处罚", "administrative penalties"),
        reach=_f(L, "仅限中国境内", "mainland China only"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.DOMAIN_DISPUTE: Rationale(
        cost=_f(M, "数千至上万元", "thousands of RMB/USD"),
        speed=_f(M, "约两个月", "about two months"),
        effectiveness=_f(H, "撤销或转移域名，除去侵权基础", "removes the domain, the root"),
        deterrence=_f(M, "失去域名", "the domain is lost"),
        reach=_f(H, "gTLD全球适用", "global for gTLDs"),
        legal_risk=_f(L, "低", "low"),
    ),
    A.LAWSUIT: Rationale(
        cost=_f(H, "律师费和诉讼费较高", "fees and court costs are high"),
        speed=_f(L, "数月至数年", "months to years"),
        effectiveness=_f(H, "禁令、赔偿、消除影响", "injunction, damages, removal of effects"),
        deterrence=_f(H, "提高侵权成本，警示他人", "raises costs and warns others"),
        reach=_f(L, "须有管辖法院", "needs a competent court"),
        legal_risk=_f(M, "证据要求高", "high evidence standard"),
    ),
    A.POLICE_REPORT: Rationale(
        cost=_f(L, "无官方费用", "no official fee"),
        speed=_f(L, "立案与侦查较慢", "slow to open and investigate"),
        effectiveness=_f(M, "视立案而定", "depends on a case being opened"),
        deterrence=_f(H, "刑事责任", "criminal liability"),
        reach=_f(L, "仅限中国境内", "mainland China only"),
        legal_risk=_f(H, "报案不实有风险；须律师判断", "risky if unfounded; counsel decides"),
    ),
    A.TECHNICAL_MEASURE: Rationale(
        cost=_f(M, "需专业服务商", "needs a vendor"),
        speed=_f(H, "立即生效", "immediate"),
        effectiveness=_f(M, "可绕过", "can be circumvented"),
        deterrence=_f(L, "无", "none"),
        reach=_f(M, "取决于技术", "depends on the technique"),
        legal_risk=_f(
            H, "缺乏公共监督，可能本身违法", "no public oversight; may itself be unlawful"
        ),
    ),
    A.COUNTER_NOTICE_REPLY: Rationale(
        cost=_f(M, "需投诉或起诉", "needs a complaint or suit"),
        speed=_f(H, "有法定期限", "a legal deadline runs"),
        effectiveness=_f(H, "阻止恢复", "stops the restoration"),
        deterrence=_f(M, "表明决心", "shows resolve"),
        reach=_f(M, "视渠道而定", "per channel"),
        legal_risk=_f(L, "低", "low"),
    ),
}

TITLES: dict[ActionType, Text] = {
    A.CEASE_AND_DESIST: t("发送警告函", "Send a cease-and-desist letter"),
    A.PROVIDER_NOTICE: t("向网络服务提供者发送通知", "Notify the service provider"),
    A.COUNTER_NOTICE_REPLY: t(
        "回应反通知（投诉或起诉）", "Answer the counter-notice (complain or sue)"
    ),
    A.DISCLOSURE_REQUEST: t(
        "请求服务提供者披露侵权人信息", "Ask the provider to disclose the infringer"
    ),
    A.MARKET_REGULATION_COMPLAINT: t("向市场监管部门投诉", "Complain to market regulation (AMR)"),
    A.ICP_COMPLAINT: t(
        "向通信管理局举报备案问题", "Report the ICP filing to the communications administration"
    ),
    A.OTHER_AUTHORITY_COMPLAINT: t("向其他主管部门投诉", "Complain to another competent authority"),
    A.DOMAIN_DISPUTE: t("提起域名争议", "File a domain-name dispute"),
    A.LAWSUIT: t("提起民事诉讼", "Bring a civil lawsuit"),
    A.POLICE_REPORT: t("评估向公安机关报案", "Consider a police report"),
    A.TECHNICAL_MEASURE: t("采取技术措施", "Use a technical measure"),
}


def _note(rule_id: str, zh: str, en: str, level: str = "info") -> Note:
    return Note(rule_id=rule_id, level=level, text=t(zh, en))


# ---- II.1 cease and desist ------------------------------------------------------------


def cease_and_desist(facts: CaseFacts) -> list[Candidate]:
    out = []
    today = facts.today
    for party in facts.parties:
        targets = [x.id for x in facts.targets_of(party.id)]
        if party.role in (PartyRole.INTERMEDIARY,):
            continue
        cand = Candidate(
            A.CEASE_AND_DESIST,
            f"cease_and_desist:{party.id}",
            TITLES[A.CEASE_AND_DESIST],
            targets,
            recipient=party.id,
            venue=Venue(
                kind="party",
                name=t(party.name or f"当事人{party.id}", party.name or f"party {party.id}"),
                ref=party.id,
            ),
            rule_ids=["cd.identity-address", "cd.primary-only", "cd.alerts-infringer"],
        )
        if party.role != PartyRole.PRIMARY_INFRINGER and party.role != PartyRole.UNKNOWN:
            cand.alternative = t(
                "改为向主要侵权人发函，或向平台通知",
                "write to the main infringer instead, or notify the platform",
            )
            out.append(cand)
            continue
        cand.clocks.append(
            make_clock(
                id=f"cd.follow-up:{party.id}",
                label=t("复查侵权是否停止", "check whether it stopped"),
                start=today,
                due=add_days(today, facts.settings.follow_up_days),
                rule_id="cd.follow-up",
                basis=Basis.CN_DAYS,
                today=today,
                projected=True,
                consequence=t(
                    "仍在侵权则认定为故意并升级（诉讼、行政投诉）",
                    "if it continues, treat it as wilful and escalate (suit, complaints)",
                ),
            )
        )
        cand.notes.append(
            _note(
                "cd.non-infringement-declaration",
                "发函后对方可书面催告起诉；专利：收到催告1个月内或催告发出2个月内须撤回或起诉。",
                "After the letter the recipient may demand a suit; patents: withdraw or sue within "
                "1 month of receiving that demand or 2 months of its dispatch.",
            )
        )
        if p.minor(facts):
            cand.bonus += 1.0
            cand.rule_ids.append("cd.minor-cheap")
        if p.serious(facts):
            cand.bonus -= 1.5
            cand.rule_ids.append("cd.not-precondition")
            cand.notes.append(
                _note(
                    "cd.not-precondition",
                    "发函不是前置程序：本案可直接起诉或投诉。",
                    "A letter is not required first: this case can go straight to court or "
                    "a regulator.",
                )
            )
        if any(
            h.type == A.CEASE_AND_DESIST and h.recipient_party_id == party.id for h in facts.history
        ):
            cand.bonus -= 4.0
            cand.notes.append(
                _note(
                    "cd.follow-up",
                    "已发过警告函：不宜重复发函。",
                    "A letter was already sent: do not repeat it.",
                    "warn",
                )
            )
        out.append(cand)
    return out


# ---- II.2 provider notices --------------------------------------------------------------


def choose_channel(
    facts: CaseFacts, provider: ProviderFact, targets: list[TargetFact]
) -> tuple[Channel, Text]:
    if provider.channel is not None:
        return provider.channel, t("服务提供者指定的渠道", "the provider's own channel")
    country = (provider.country or "").upper()
    kinds = {r.kind for r in facts.rights}
    if country == "US" and RightKind.COPYRIGHT in kinds:
        return Channel.DMCA, t("美国服务商、版权：DMCA", "US provider, copyright: DMCA")
    if country in p.EU_COUNTRIES:
        return Channel.DSA, t("欧盟服务商：DSA第16条", "EU provider: DSA Art. 16")
    ecommerce = provider.ecommerce
    if ecommerce is None:
        ecommerce = provider.kind == ProviderKind.PLATFORM and any(
            x.kind in (TargetKind.SHOP, TargetKind.LISTING) for x in targets
        )
    if ecommerce:
        return Channel.ECOMMERCE, t(
            "电子商务平台：电子商务法", "e-commerce platform: E-Commerce Law"
        )
    if country and country != "CN":
        return Channel.PROVIDER_POLICY, t(
            "境外服务商：按其自身投诉规则", "foreign provider: its own complaint procedure"
        )
    if kinds == {RightKind.COPYRIGHT}:
        return Channel.NETWORK_DISSEMINATION, t(
            "作品网络传播：信息网络传播权条例",
            "works online: the network-dissemination Regulations",
        )
    return Channel.CIVIL_CODE, t("一般网络服务：民法典", "general network service: Civil Code")


def provider_notices(facts: CaseFacts) -> list[Candidate]:
    out = []
    by_provider: dict[str, list[TargetFact]] = {}
    orphans: list[TargetFact] = []
    for x in facts.targets:
        provs = [
            pr
            for pr in facts.providers_for(x.id)
            if pr.kind not in (ProviderKind.AUTHORITY, ProviderKind.DISPUTE_PROVIDER)
        ]
        if not provs:
            orphans.append(x)
        for pr in provs[:1]:  # the closest provider: the first one named
            by_provider.setdefault(pr.id, []).append(x)
    repeat = p.repeat(facts)
    for pid, targets in by_provider.items():
        provider = facts.provider(pid)
        assert provider is not None
        channel, why = choose_channel(facts, provider, targets)
        cand = Candidate(
            A.PROVIDER_NOTICE,
            f"provider_notice:{pid}",
            TITLES[A.PROVIDER_NOTICE],
            [x.id for x in targets],
            provider=pid,
            channel=channel.value,
            venue=Venue(kind="provider", name=t(provider.name, provider.name), ref=pid, reason=why),
            elements=required_elements(channel),
            rule_ids=[
                "notice.contents",
                "notice.channel",
                "notice.provider-procedure",
                "notice.keep-records",
                "notice.removal-only",
                "notice.wrongful-liability",
            ],
        )
        cand.clocks.append(
            make_clock(
                id=f"notice.verify-removal:{pid}",
                label=t("复查是否删除", "check the removal"),
                start=facts.today,
                due=add_days(facts.today, 7),
                rule_id="notice.verify-removal",
                basis=Basis.CN_DAYS,
                today=facts.today,
                projected=True,
                consequence=t(
                    "未删除则催办或改用其他途径；删除后持续监控再现",
                    "if not removed, chase or switch route; once removed, watch for repeats",
                ),
            )
        )
        cand.notes.append(
            _note(
                "notice.removal-only",
                "删除不能阻止再犯：同时考虑有威慑力的措施。",
                "Removal will not stop repeats: add a deterrent route.",
                "warn",
            )
        )
        if channel == Channel.DMCA:
            cand.rule_ids.append("notice.dmca")
        if channel == Channel.DSA:
            cand.rule_ids.append("notice.dsa")
        if (provider.country or "CN").upper() != "CN":
            cand.rule_ids.append("notice.reach")
        if p.has_patent(facts) or facts.nature.parallel_import:
            cand.rule_ids.append("notice.doubtful-cases")
            cand.notes.append(
                _note(
                    "notice.doubtful-cases",
                    "侵权不明显时平台会犹豫：附上比对材料。",
                    "Providers hesitate when infringement is not obvious: attach a comparison.",
                    "warn",
                )
            )
        back = {x.id for x in p.reappeared(facts)}
        done = {
            tid
            for h in facts.history
            if h.type == A.PROVIDER_NOTICE and h.provider_id == pid
            for tid in h.target_ids
        }
        if {x.id for x in targets} <= (done - back):
            cand.bonus -= 3.0
            cand.notes.append(
                _note(
                    "notice.keep-records",
                    "已向该服务商通知过这些目标：跟进原通知，勿重复。",
                    "These targets were already notified to this provider: "
                    "follow up the earlier notice instead of repeating it.",
                    "warn",
                )
            )
        if repeat:
            cand.bonus += 1.0
            cand.rule_ids.append("repeat.provider-mechanism")
            cand.notes.append(
                _note(
                    "repeat.provider-mechanism",
                    "同时请求适用重复侵权人政策或建立快速处理机制。",
                    "Also ask for the repeat-infringer policy or a fast lane."
                    + (
                        ""
                        if provider.repeat_infringer_policy is not False
                        else " (this provider reports none: negotiate one)"
                    ),
                )
            )
        out.append(cand)
    if orphans:
        out.append(
            Candidate(
                A.PROVIDER_NOTICE,
                "provider_notice:unknown",
                TITLES[A.PROVIDER_NOTICE],
                [x.id for x in orphans],
                rule_ids=["notice.provider-procedure", "strategy.know-terrain"],
            )
        )
    return out


def disclosure_requests(facts: CaseFacts) -> list[Candidate]:
    if not p.identity_unknown(facts):
        return []
    out = []
    for pr in facts.providers:
        if pr.kind in (ProviderKind.AUTHORITY, ProviderKind.DISPUTE_PROVIDER):
            continue
        served = [x.id for x in facts.targets if pr in facts.providers_for(x.id)]
        if not served:
            continue
        out.append(
            Candidate(
                A.DISCLOSURE_REQUEST,
                f"disclosure_request:{pr.id}",
                TITLES[A.DISCLOSURE_REQUEST],
                served,
                provider=pr.id,
                venue=Venue(kind="provider", name=t(pr.name, pr.name), ref=pr.id),
                rule_ids=["identify.disclosure-request", "identify.real-name"],
                bonus=2.0,
            )
        )
    return out


def counter_notice_replies(facts: CaseFacts) -> list[Candidate]:
    out = []
    for h in facts.history:
        if h.counter_notice_on is None:
            continue
        provider = facts.provider(h.provider_id)
        channel = h.channel or (provider.channel if provider else None)
        if channel is None and provider is not None:
            channel = choose_channel(
                facts, provider, [x for x in facts.targets if x.id in h.target_ids]
            )[0]
        clocks = counter_notice_clocks(facts, h.id, channel, h.counter_notice_on)
        cand = Candidate(
            A.COUNTER_NOTICE_REPLY,
            f"counter_notice_reply:{h.id}",
            TITLES[A.COUNTER_NOTICE_REPLY],
            list(h.target_ids),
            provider=h.provider_id,
            channel=channel.value if channel else None,
            clocks=clocks,
            bonus=3.0,
            venue=Venue(
                kind="court", name=t("有管辖权的法院或主管部门", "the competent court or authority")
            ),
            rule_ids=sorted({c.rule_id for c in clocks}),
        )
        if channel == Channel.NETWORK_DISSEMINATION:
            cand.notes.append(
                _note(
                    "notice.counter-copyright",
                    "依条例服务商应立即恢复，且不得就此再次通知；如何与电商法15日衔接尚未核实。",
                    "Under the Regulations the provider restores at once and may not be notified "
                    "again; how this meets the E-Commerce Law's 15 days is unverified.",
                    "warn",
                )
            )
            cand.rule_ids.append("notice.counter-copyright")
        out.append(cand)
    return out


def counter_notice_clocks(
    facts: CaseFacts, ref: str, channel: Channel | None, start: date
) -> list[Clock]:
    today = facts.today
    if channel == Channel.ECOMMERCE:
        due = add_days(start, 15)
        from rightsguard.playbook.clocks import add_cn_working_days

        return [
            make_clock(
                id=f"notice.counter-ecommerce:{ref}",
                label=t("告知平台已投诉或起诉", "tell the platform a complaint or suit is filed"),
                start=start,
                due=due,
                due_latest=add_cn_working_days(due, 20),
                rule_id="notice.counter-ecommerce",
                basis=Basis.CN_DAYS,
                today=today,
                consequence=t(
                    "平台恢复链接（公证认证时间可顺延，最多20个工作日）",
                    "the platform restores the listing (notarisation time may extend it, "
                    "by 20 working days at most)",
                ),
            )
        ]
    if channel == Channel.DMCA:
        return [
            make_clock(
                id=f"notice.counter-dmca:{ref}",
                label=t("通知服务商已起诉", "tell the provider a lawsuit is filed"),
                start=start,
                due=add_us_business_days(start, 10),
                due_latest=add_us_business_days(start, 14),
                rule_id="notice.counter-dmca",
                basis=Basis.US_BUSINESS_DAYS,
                today=today,
                consequence=t(
                    "服务商在第10至14个工作日之间恢复内容",
                    "the provider restores the material between business days 10 and 14",
                ),
            )
        ]
    if channel in (Channel.CIVIL_CODE, None):
        return [
            make_clock(
                id=f"notice.counter-civil-code:{ref}",
                label=t(
                    "合理期限内投诉或起诉（内部目标）",
                    "complain or sue within a reasonable period (internal target)",
                ),
                start=start,
                due=add_days(start, 15),
                rule_id="notice.counter-civil-code",
                basis=Basis.GUIDANCE,
                today=today,
                guidance_only=True,
                consequence=t("服务商终止所采取的措施", "the provider ends the measures it took"),
            )
        ]
    return []


# ---- II.3 - II.5 administrative complaints ------------------------------------------------


def _place(
    facts: CaseFacts, party: PartyFact | None, target: TargetFact | None
) -> tuple[str | None, str | None]:
    prov = (party.province if party else None) or (target.operator_province if target else None)
    return prov, (party.city if party else None)


def market_regulation(facts: CaseFacts) -> list[Candidate]:
    if not p.has_cn_trademark(facts):
        return []
    out = []
    parties = [pa for pa in facts.parties if pa.role == PartyRole.PRIMARY_INFRINGER]
    for pa in parties:
        targets = facts.targets_of(pa.id)
        prov, city = _place(facts, pa, targets[0] if targets else None)
        cand = Candidate(
            A.MARKET_REGULATION_COMPLAINT,
            f"market_regulation_complaint:{pa.id}",
            TITLES[A.MARKET_REGULATION_COMPLAINT],
            [x.id for x in targets],
            recipient=pa.id,
            venue=Venue(
                kind="authority",
                name=market_regulator(province(prov), city),
                reason=t(
                    "商标法第60条：侵权人所在地", "Trademark Law Art. 60: where the infringer is"
                ),
            ),
            rule_ids=["amr.trademark", "amr.identity-address", "amr.cautious-online"],
        )
        cand.notes.append(
            _note(
                "amr.cautious-online",
                "监管部门对网络案件态度审慎：材料要充分。",
                "Regulators are cautious with online cases: build a full file.",
                "warn",
            )
        )
        out.append(cand)
    return out


def icp_complaints(facts: CaseFacts) -> list[Candidate]:
    out = []
    for x in facts.targets:
        if x.icp.status not in BAD_ICP:
            continue
        venue = icp_venue(x, facts.party_of(x.id))
        v = None
        if venue is not None:
            prov = province(venue[0])
            assert prov is not None
            v = Venue(
                kind="authority",
                name=communications_administration(prov),
                ref=prov.key,
                reason=venue[1],
            )
        out.append(
            Candidate(
                A.ICP_COMPLAINT,
                f"icp_complaint:{x.id}",
                TITLES[A.ICP_COMPLAINT],
                [x.id],
                venue=v,
                rule_ids=["icp.bad-filing", "icp.venue"],
                details={"icp_status": x.icp.status.value, "icp_number": x.icp.number},
            )
        )
    return out


_BREACH_RULE = {
    Breach.LABELS_NOT_CHINESE: "other.labels-not-chinese",
    Breach.NO_CCC: "other.no-ccc",
    Breach.NO_LICENCE: "other.no-licence",
}


def other_authorities(facts: CaseFacts) -> list[Candidate]:
    out = []
    for x in facts.targets:
        for b in x.breaches:
            party = facts.party_of(x.id)
            prov, city = _place(facts, party, x)
            if b == Breach.NO_LICENCE:
                name = t("核发该许可的主管部门", "the authority that issues the licence")
            else:
                name = market_regulator(province(prov), city)
            cand = Candidate(
                A.OTHER_AUTHORITY_COMPLAINT,
                f"other_authority_complaint:{x.id}:{b.value}",
                TITLES[A.OTHER_AUTHORITY_COMPLAINT],
                [x.id],
                recipient=party.id if party else None,
                venue=Venue(kind="authority", name=name),
                rule_ids=["other.indirect-route", _BREACH_RULE[b]],
                details={"breach": b.value},
            )
            if b != Breach.LABELS_NOT_CHINESE:
                cand.notes.append(
                    _note(
                        _BREACH_RULE[b],
                        "法律依据未经核实：请律师确认。",
                        "Legal basis unverified: counsel to confirm.",
                        "warn",
                    )
                )
            out.append(cand)
    return out


# ---- II.6 domain disputes ----------------------------------------------------------------


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
                    _note(
                        "domain.cctld-policy",
                        f".{x.tld}的争议政策未知：向注册局查询。",
                        f"The .{x.tld} dispute policy is unknown: ask the registry.",
                        "warn",
                    )
                )
        out.append(cand)
    return out


# ---- II.7 litigation ---------------------------------------------------------------------


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
    from rightsguard.playbook.clocks import add_years

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
            cand.notes.append(
                _note(
                    "suit.punitive",
                    "故意侵权：主张惩罚性赔偿（1–5倍）。",
                    "Wilful: claim punitive damages (1-5x).",
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


# ---- II.8 police, II.9 technical -----------------------------------------------------------


def police_reports(facts: CaseFacts, indicators: int) -> list[Candidate]:
    if not indicators:
        return []
    return [
        Candidate(
            A.POLICE_REPORT,
            "police_report",
            TITLES[A.POLICE_REPORT],
            [x.id for x in facts.targets],
            venue=Venue(
                kind="police",
                name=t(
                    "侵权人所在地或犯罪地公安机关",
                    "public security organ where the infringer is or the offence occurred",
                ),
            ),
            rule_ids=["police.serious-only"],
            requires_counsel=True,
            extra=[
                Check(
                    id="counsel-review",
                    rule_id="police.serious-only",
                    met=False,
                    blocking=False,
                    text=t("律师已评估刑事指标", "counsel has weighed the criminal indicators"),
                    remedy=t("请律师评估是否报案", "ask counsel whether to report"),
                )
            ],
        )
    ]


def technical_measures(facts: CaseFacts) -> list[Candidate]:
    if not p.wants_block(facts):
        return []
    return [
        Candidate(
            A.TECHNICAL_MEASURE,
            "technical_measure",
            TITLES[A.TECHNICAL_MEASURE],
            [x.id for x in facts.targets],
            venue=Venue(
                kind="vendor", name=t("专业技术服务商", "a professional technology vendor")
            ),
            rule_ids=["tech.counsel-approval", "tech.vendor"],
            requires_counsel=True,
            notes=[
                _note(
                    "tech.counsel-approval",
                    "有法律风险：须律师书面批准且手段本身合法。",
                    "Legal risk: counsel's written approval, and the means must be lawful.",
                    "warn",
                )
            ],
        )
    ]
