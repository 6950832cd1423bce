"""What every means builds: the ``Candidate`` action, its titles, notes and the place helper."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rightsguard.domain.enums import ActionType, Control, ProviderKind, TargetKind
from rightsguard.playbook.clocks import Clock
from rightsguard.playbook.elements import Element
from rightsguard.playbook.facts import CaseFacts, PartyFact, TargetFact
from rightsguard.playbook.gates import Check
from rightsguard.playbook.output import Note, Venue
from rightsguard.playbook.text import Text, t
from rightsguard.playbook.venues import SellerKind

A = ActionType


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


def note(rule_id: str, zh: str, en: str, level: str = "info") -> Note:
    return Note(rule_id=rule_id, level=level, text=t(zh, en))


def place(
    facts: CaseFacts, party: PartyFact | None, target: TargetFact | None
) -> tuple[str | None, str | None]:
    prov = (party.province if party else None) or (target.operator_province if target else None)
    return prov, (party.city if party else None)


def seller_kind(facts: CaseFacts, targets: list[TargetFact]) -> tuple[SellerKind, str | None]:
    """How the infringer behind ``targets`` sells, with the platform's name if on one.

    A shop or listing, a named platform or an e-commerce platform among the target's
    providers makes it a platform seller; a URL or domain it controls, an own site;
    anything else (apps, social accounts, unknown control) counts as neither.
    """
    own_site = False
    for x in targets:
        platforms = [
            pr
            for pr in facts.providers_for(x.id)
            if pr.kind == ProviderKind.PLATFORM and pr.ecommerce is not False
        ]
        if x.kind in (TargetKind.SHOP, TargetKind.LISTING) or x.platform or platforms:
            return SellerKind.PLATFORM_SELLER, x.platform or (
                platforms[0].name if platforms else None
            )
        if x.kind in (TargetKind.URL, TargetKind.DOMAIN) and x.control == Control.INFRINGER:
            own_site = True
    return (SellerKind.OWN_SITE if own_site else SellerKind.OTHER), None
