"""II.2 Notices to internet service providers: the channel, the notice, disclosure requests and
answers to counter-notices with their clocks.
"""

from __future__ import annotations

from datetime import date

from rightsguard.domain.enums import ActionType, ProviderKind, RightKind, TargetKind
from rightsguard.playbook import predicates as p
from rightsguard.playbook.clocks import (
    Basis,
    Clock,
    add_cn_working_days,
    add_days,
    add_us_business_days,
    make_clock,
)
from rightsguard.playbook.elements import required_elements
from rightsguard.playbook.facts import CaseFacts, Channel, HistoryItem, ProviderFact, TargetFact
from rightsguard.playbook.means.common import TITLES, Candidate, note
from rightsguard.playbook.output import Venue
from rightsguard.playbook.text import Text, t

A = ActionType


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


def _wrongful_notice_rule(channel: Channel) -> str:
    """Double damages for a malicious wrongful notice exist only for e-commerce platform
    notices (E-Commerce Law Art. 42(3)); elsewhere ordinary liability (Civil Code 1195(3))."""
    if channel == Channel.ECOMMERCE:
        return "notice.wrongful-double-damages"
    return "notice.wrongful-liability"


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
                _wrongful_notice_rule(channel),
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
            note(
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
                note(
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
                note(
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
                note(
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


def counter_notice_channel(facts: CaseFacts, h: HistoryItem) -> Channel | None:
    """The channel a notice went through: as recorded, else the provider's, else chosen now."""
    provider = facts.provider(h.provider_id)
    channel = h.channel or (provider.channel if provider else None)
    if channel is None and provider is not None:
        channel = choose_channel(
            facts, provider, [x for x in facts.targets if x.id in h.target_ids]
        )[0]
    return channel


def counter_notice_replies(facts: CaseFacts) -> list[Candidate]:
    out = []
    for h in facts.history:
        if not h.counter_noticed:
            continue
        channel = counter_notice_channel(facts, h)
        clocks = counter_notice_clocks(facts, h, channel)
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
                note(
                    "notice.counter-copyright",
                    "依条例服务商应立即恢复，且不得就此再次通知；如何与电商法15日衔接尚未核实。",
                    "Under the Regulations the provider restores at once and may not be notified "
                    "again; how this meets the E-Commerce Law's 15 days is unverified.",
                    "warn",
                )
            )
            cand.rule_ids.append("notice.counter-copyright")
        if channel == Channel.DMCA and h.counter_notice_received_by_host_on is None:
            cand.notes.append(
                note(
                    "notice.counter-dmca",
                    "请向服务商询问并记录服务商收到反通知的日期（counter_notice_received_by_host_on）："
                    "10至14个工作日自该日起算，实际期限可能早于此处按我方收到日推算的日期。",
                    "Ask the provider when it received the counter notice and record it "
                    "(counter_notice_received_by_host_on): the 10 to 14 business days run from "
                    "that day, so the real deadline may be earlier than this one, projected "
                    "from the day we heard.",
                    "warn",
                )
            )
        out.append(cand)
    return out


def counter_notice_start(h: HistoryItem, channel: Channel | None) -> tuple[date, bool]:
    """The day a counter-notice clock starts and whether that day is only projected.

    DMCA: the provider's receipt (17 USC 512(g)(2)(C)); when only the day it reached us
    is known, that later day stands in, projected. Other channels: the day the forwarded
    counter-notice reached the holder (E-Commerce Law Art. 43), else the provider's
    receipt, which is no later.
    """
    host, ours = h.counter_notice_received_by_host_on, h.counter_notice_on
    if channel == Channel.DMCA and host is not None:
        return host, False
    start = ours or host
    if start is None:
        raise ValueError(f"history item {h.id!r} holds no counter-notice date")
    return start, channel == Channel.DMCA


def counter_notice_clocks(facts: CaseFacts, h: HistoryItem, channel: Channel | None) -> list[Clock]:
    today = facts.today
    ref = h.id
    start, projected = counter_notice_start(h, channel)
    if channel == Channel.ECOMMERCE:
        due = add_days(start, 15)
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
                projected=projected,
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
