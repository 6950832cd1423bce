"""The guide's strategy as rules: one rule per statement of the guide.

Each :class:`Rule` has a stable id, a statement in our own words (zh-CN and
en), its sources (guide section and the law of today as in LAW.md), its
jurisdiction, when it applies (a predicate over :class:`CaseFacts`) and its
effect. The gates and the planner refer to rules by id; ``docs/playbook.md``
lists them all.

Public surface: :class:`Rule`, :class:`Citation`, :class:`Effect`,
:class:`Jurisdiction`, :data:`RULES`, :func:`get_rule`, :func:`all_rules`,
:func:`applicable_rules`, :data:`GUIDE_SECTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rightsguard.domain.enums import ActionType as A
from rightsguard.domain.enums import RightKind
from rightsguard.domain.errors import NotFound
from rightsguard.playbook import predicates as p
from rightsguard.playbook.facts import CaseFacts
from rightsguard.playbook.text import Text, t


class Effect(StrEnum):
    RECOMMEND = "recommend"
    REQUIRE = "require"
    BLOCK = "block"
    WARN = "warn"
    CLOCK = "start_clock"
    VENUE = "choose_venue"


class Jurisdiction(StrEnum):
    CN = "CN"
    US = "US"
    EU = "EU"
    INTL = "INTL"


GUIDE_SECTIONS: dict[str, str] = {
    "I.1": "Identity and address of infringers are hard to find",
    "I.2": "High rates of repeated infringement",
    "I.3": "Online evidence changes easily; standards are high",
    "II.1": "Cease-and-desist letter",
    "II.2": "Complaints to internet service providers",
    "II.3": "Market-regulation (formerly SAIC) complaints",
    "II.4": "Complaints to the communications administration",
    "II.5": "Complaints to other competent authorities",
    "II.6": "Domain-name dispute resolution",
    "II.7": "Civil litigation",
    "II.8": "Police reports",
    "II.9": "Technical measures",
    "III.1": "Know the internet's technology and regulation",
    "III.2": "Internal organisation for online enforcement",
    "III.3": "Internet-suited goals, several angles at once",
}


@dataclass(frozen=True, slots=True)
class Citation:
    """An article of law as LAW.md names it: ``instrument`` + ``article``."""

    instrument: str
    article: str | None = None
    prefix: str = "Art. "

    def __str__(self) -> str:
        if self.article is None:
            return self.instrument
        return f"{self.instrument} {self.prefix}{self.article}"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    effect: Effect
    jurisdiction: Jurisdiction
    statement: Text
    guide: tuple[str, ...]
    law: tuple[Citation, ...] = ()
    actions: tuple[A, ...] = ()
    unverified: bool = False
    applies: Callable[[CaseFacts], bool] = field(default=p.always, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "effect": self.effect.value,
            "jurisdiction": self.jurisdiction.value,
            "statement": {"zh": self.statement.zh, "en": self.statement.en},
            "guide": list(self.guide),
            "law": [str(c) for c in self.law],
            "actions": [a.value for a in self.actions],
            "unverified": self.unverified,
        }


def _c(instrument: str, article: str | None = None, prefix: str = "Art. ") -> Citation:
    return Citation(instrument, article, prefix)


CC = "Civil Code"
ECL = "E-Commerce Law"
GO = "Guiding Opinions"
REPLY = "SPC Official Reply on online IP disputes"
RNDI = "Regulations on the Protection of the Right to Network Dissemination of Information"
TML = "Trademark Law"
PQL = "Product Quality Law"
CRIM = "Criminal Law"
USC = "17 USC"
DSA = "Digital Services Act"
FASHI = "Fa Shi [2025] No. 5"
SPC_PATENT = "SPC patent interpretation 2009"
ICOURT = "SPC Provisions on Trial of Cases by Internet Courts (2018)"
CPL = "Civil Procedure Law"
CRL = "Copyright Law"
PATL = "Patent Law"
AUCL = "Anti-Unfair Competition Law"
PUNITIVE = "Fa Shi [2021] No. 4"
EVID = "SPC Provisions on Evidence in Civil Procedure"
O292 = "Order 292"
O33 = "MIIT Order No. 33"
SAMR_PENALTY = "SAMR Provisions on Administrative Penalty Procedures"
OPINIONS_2011 = "2011 Opinions on IP criminal cases"
HKIAC_FEES = "HKIAC CNDRP fee schedule"

ALL_LETTERS = (
    A.CEASE_AND_DESIST,
    A.PROVIDER_NOTICE,
    A.DISCLOSURE_REQUEST,
    A.MARKET_REGULATION_COMPLAINT,
    A.ICP_COMPLAINT,
    A.OTHER_AUTHORITY_COMPLAINT,
    A.DOMAIN_DISPUTE,
    A.LAWSUIT,
    A.POLICE_REPORT,
    A.TECHNICAL_MEASURE,
)

CN, US, EU, INTL = Jurisdiction.CN, Jurisdiction.US, Jurisdiction.EU, Jurisdiction.INTL
E = Effect

RULES: tuple[Rule, ...] = (
    # ---- I.1 identity -------------------------------------------------------------------
    Rule(
        "identify.real-name",
        E.RECOMMEND,
        CN,
        t(
            "侵权人身份不明时，先向平台调取其实名认证信息。",
            "When the infringer is unknown, start with the real-name data the platform holds.",
        ),
        ("I.1",),
        actions=(A.DISCLOSURE_REQUEST,),
        applies=p.identity_unknown,
    ),
    Rule(
        "identify.lookups",
        E.RECOMMEND,
        INTL,
        t(
            "查询网站标明的经营者信息、域名WHOIS/RDAP记录和ICP备案，以确定经营者。",
            "Read the operator details on the site, the domain's WHOIS/RDAP record and the ICP "
            "filing to pin down who runs it.",
        ),
        ("I.1",),
        applies=p.identity_unknown,
    ),
    Rule(
        "identify.test-purchase",
        E.RECOMMEND,
        CN,
        t(
            "通过与侵权人交易（并做好公证或可信取证）获取其身份、地址与收款信息。",
            "Buy from the infringer (with notarised or otherwise trusted evidence) to learn its "
            "identity, address and payment details.",
        ),
        ("I.1",),
        applies=lambda f: p.identity_unknown(f) and p.has_shops(f),
    ),
    Rule(
        "identify.disclosure-request",
        E.RECOMMEND,
        CN,
        t(
            "请求网络服务提供者披露侵权用户的身份和联系方式。",
            "Ask the service provider to disclose the infringing user's identity and contacts.",
        ),
        ("I.1",),
        actions=(A.DISCLOSURE_REQUEST,),
        applies=lambda f: p.identity_unknown(f) and p.has_providers(f),
    ),
    # ---- I.2 repeat infringement ----------------------------------------------------------
    Rule(
        "repeat.detect",
        E.WARN,
        INTL,
        t(
            "被删除的目标再次出现，或已知侵权人出现新目标：应升级处理，而不是重复投诉。",
            "A removed target is back, or a known infringer has a new one: escalate rather than "
            "repeat the same complaint.",
        ),
        ("I.2",),
        applies=p.repeat,
    ),
    Rule(
        "repeat.domain-transfer",
        E.RECOMMEND,
        INTL,
        t(
            "域名是反复侵权的基础时，通过域名争议程序撤销或转移域名以除根。",
            "Where a domain is the base of repeated infringement, cancel or take it over through "
            "a domain dispute to remove the root.",
        ),
        ("I.2", "II.6"),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.repeat_domain,
    ),
    Rule(
        "repeat.litigate",
        E.RECOMMEND,
        CN,
        t(
            "其他反复侵权情形，考虑诉讼以威慑并提高侵权成本。",
            "For other repeated infringement, consider a lawsuit to deter and raise the "
            "infringer's costs.",
        ),
        ("I.2", "II.7"),
        actions=(A.LAWSUIT,),
        applies=p.repeat,
    ),
    Rule(
        "repeat.provider-mechanism",
        E.RECOMMEND,
        INTL,
        t(
            "与网络服务提供者建立防止重复侵权的机制（重复侵权人政策、快速通道）。",
            "Set up a mechanism with the service provider against repeats (repeat-infringer "
            "policy, a fast lane).",
        ),
        ("I.2", "II.2"),
        actions=(A.PROVIDER_NOTICE,),
        applies=lambda f: p.repeat(f) and p.has_providers(f),
    ),
    # ---- I.3 evidence -------------------------------------------------------------------
    Rule(
        "evidence.first",
        E.BLOCK,
        INTL,
        t(
            "侵权人控制的信息必须先完整取证（且取证不超过设定天数），才能发函、投诉或通知。",
            "No letter, complaint or notice until every target the infringer controls has a "
            "complete capture no older than the set number of days.",
        ),
        ("I.3", "II.1", "II.2"),
        law=(_c(EVID, "93"), _c(EVID, "94")),
        actions=ALL_LETTERS,
        applies=p.has_infringer_targets,
    ),
    Rule(
        "evidence.third-party",
        E.WARN,
        INTL,
        t(
            "第三方控制的信息因维权而被改动的可能较小，可降低取证紧迫性，但仍应取证。",
            "Information a third party controls is less likely to change because of enforcement: "
            "capture it, with less urgency.",
        ),
        ("I.3",),
        applies=p.has_third_party_targets,
    ),
    Rule(
        "evidence.priority",
        E.RECOMMEND,
        INTL,
        t(
            "按信息的相关性和控制方安排取证顺序：侵权人控制且相关性高的优先。",
            "Order captures by relevance and control: relevant, infringer-controlled "
            "information first.",
        ),
        ("I.3",),
        applies=p.has_targets,
    ),
    Rule(
        "evidence.trusted-means",
        E.RECOMMEND,
        CN,
        t(
            "以公证或可信时间戳、哈希校验等手段固定电子证据，便于法院认定。",
            "Fix electronic evidence by notarisation or trusted timestamps and hashes so courts "
            "accept it.",
        ),
        ("I.3",),
        law=(_c(ICOURT, "11"), _c(EVID, "93"), _c(EVID, "94")),
        applies=p.has_targets,
    ),
    # ---- general basis --------------------------------------------------------------------
    Rule(
        "basis.right-in-force",
        E.REQUIRE,
        INTL,
        t(
            "每项行动都须有充分的法律与事实依据：至少一项有效的权利。",
            "Every step needs a sound legal and factual basis: at least one right in force.",
        ),
        ("II.1", "II.2"),
        actions=ALL_LETTERS,
    ),
    # ---- II.1 cease and desist -------------------------------------------------------------
    Rule(
        "cd.identity-address",
        E.REQUIRE,
        CN,
        t(
            "警告函须在查明侵权人身份和地址后才能发送。",
            "A warning letter needs the infringer's identity and address first.",
        ),
        ("II.1",),
        actions=(A.CEASE_AND_DESIST,),
    ),
    Rule(
        "cd.primary-only",
        E.BLOCK,
        CN,
        t(
            "警告函只能发给主要侵权人；发给其客户、供应商或其他第三方可能构成商业诋毁。",
            "Send the letter only to the main infringer; sending it to its customers, suppliers "
            "or other third parties risks a commercial-defamation claim.",
        ),
        ("II.1",),
        law=(_c(AUCL, "12"),),
        actions=(A.CEASE_AND_DESIST,),
        applies=p.has_non_primary,
    ),
    Rule(
        "cd.minor-cheap",
        E.RECOMMEND,
        CN,
        t(
            "轻微或过失侵权适合先发警告函：成本低，对方改正即达目的。",
            "For minor or negligent infringement a letter comes first: cheap, and enough if the "
            "infringer changes course.",
        ),
        ("II.1", "III.3"),
        actions=(A.CEASE_AND_DESIST,),
        applies=p.minor,
    ),
    Rule(
        "cd.follow-up",
        E.CLOCK,
        INTL,
        t(
            "超过六成侵权人对警告函置之不理：发出后须按期复查侵权是否停止。",
            "Over 60% of infringers ignore letters: check on a set date whether the infringement "
            "stopped.",
        ),
        ("II.1",),
        actions=(A.CEASE_AND_DESIST,),
        applies=p.letter_sent,
    ),
    Rule(
        "cd.alerts-infringer",
        E.WARN,
        INTL,
        t(
            "警告函会惊动侵权人，可能导致其转移或销毁证据。",
            "A letter tips the infringer off and may lead it to move or destroy evidence.",
        ),
        ("II.1", "I.3"),
        actions=(A.CEASE_AND_DESIST,),
        applies=p.has_infringer_targets,
    ),
    Rule(
        "cd.not-precondition",
        E.RECOMMEND,
        CN,
        t(
            "警告函并非起诉或投诉的法定前置程序；恶意或大规模侵权可直接采取其他措施。",
            "A letter is not a legal precondition to suing or complaining; for wilful or large "
            "infringement go straight to stronger routes.",
        ),
        ("II.1",),
        actions=(A.CEASE_AND_DESIST, A.LAWSUIT),
        applies=p.serious,
    ),
    Rule(
        "cd.wilful-after-receipt",
        E.WARN,
        CN,
        t(
            "收到警告函后仍继续侵权，可认定为故意，构成加重情节并支持惩罚性赔偿：应升级处理。",
            "Continuing after receiving the letter shows wilfulness, an aggravating circumstance "
            "that supports punitive damages: escalate.",
        ),
        ("II.1",),
        law=(_c(PUNITIVE, "3"), _c(CC, "1185")),
        actions=(A.LAWSUIT, A.MARKET_REGULATION_COMPLAINT),
        applies=p.continued_after_letter,
    ),
    Rule(
        "cd.non-infringement-declaration",
        E.CLOCK,
        CN,
        t(
            "发函后对方可书面催告起诉；专利权人在收到催告后1个月内或发函后2个月内既不撤回也不起诉，"
            "对方可提起确认不侵权之诉。商标、著作权无明文期限，仅可类推参考。",
            "After a letter the recipient may demand in writing that the sender sue; for patents, "
            "if the holder neither withdraws nor sues within 1 month of that demand or 2 months "
            "of dispatch, the recipient may seek a declaration of non-infringement. For trademarks "
            "and copyright no rule sets a period: the patent periods are guidance by analogy.",
        ),
        ("II.1",),
        law=(_c(SPC_PATENT, "18"),),
        actions=(A.CEASE_AND_DESIST,),
        applies=p.letter_sent,
    ),
    # ---- II.2 notices to providers --------------------------------------------------------
    Rule(
        "notice.contents",
        E.REQUIRE,
        INTL,
        t(
            "通知内容取决于渠道：民法典、电子商务法及指导意见、信息网络传播权条例、DMCA或DSA各有要求。",
            "What a notice must contain depends on its channel: the Civil Code, the E-Commerce "
            "Law with the Guiding Opinions, the network-dissemination Regulations, the DMCA or "
            "the DSA.",
        ),
        ("II.2",),
        law=(
            _c(CC, "1195"),
            _c(ECL, "42"),
            _c(GO, "5"),
            _c(RNDI, "14"),
            _c(USC, "512(c)(3)(A)", ""),
            _c(DSA, "16"),
        ),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_providers,
    ),
    Rule(
        "notice.channel",
        E.VENUE,
        INTL,
        t(
            "按服务提供者的类型和所在地选择通知渠道（电商平台、作品传播、一般网络服务、美国、欧盟）。",
            "Choose the notice channel by the provider's kind and seat (e-commerce platform, "
            "works online, general network service, US, EU).",
        ),
        ("II.2",),
        law=(_c(CC, "1195"), _c(ECL, "42")),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_providers,
    ),
    Rule(
        "notice.provider-procedure",
        E.REQUIRE,
        INTL,
        t(
            "按服务提供者公布的投诉规则和渠道提交并附相应证据，否则投诉多半得不到处理。",
            "File through the provider's own published procedure with the evidence it asks for; "
            "otherwise the complaint is unlikely to be handled.",
        ),
        ("II.2",),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_providers,
    ),
    Rule(
        "notice.keep-records",
        E.RECOMMEND,
        INTL,
        t(
            "保存投诉文件及与服务提供者的全部往来，为后续法律行动做准备。",
            "Keep the complaint and every exchange with the provider for later proceedings.",
        ),
        ("II.2",),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_providers,
    ),
    Rule(
        "notice.verify-removal",
        E.CLOCK,
        INTL,
        t(
            "通知发出后按期复查内容是否已删除、是否再次出现。",
            "After a notice, check on a set date that the content is gone and stays gone.",
        ),
        ("II.2", "I.2"),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_providers,
    ),
    Rule(
        "notice.removal-only",
        E.WARN,
        INTL,
        t(
            "投诉只能删除内容，没有实质处罚，侵权容易再犯：需配合有威慑力的措施。",
            "A notice only removes content and carries no penalty, so repeats are likely: pair "
            "it with something that deters.",
        ),
        ("II.2", "I.2"),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_providers,
    ),
    Rule(
        "notice.doubtful-cases",
        E.WARN,
        INTL,
        t(
            "侵权不明显或有争议（如专利、平行进口）时，服务提供者往往犹豫；应补充比对材料或改走其他途径。",
            "When infringement is not obvious (patents, parallel imports) providers hesitate: add "
            "comparisons or use another route.",
        ),
        ("II.2",),
        law=(_c(GO, "5"),),
        actions=(A.PROVIDER_NOTICE,),
        applies=lambda f: p.has_providers(f) and (p.has_patent(f) or f.nature.parallel_import),
    ),
    Rule(
        "notice.wrongful-liability",
        E.WARN,
        CN,
        t(
            "错误通知造成网络用户损害的，通知人依一般侵权规则担责；电子商务法之外没有加倍赔偿。",
            "A wrongful notice that harms the user makes the sender liable under ordinary tort "
            "rules; outside the E-Commerce Law there are no multiple damages.",
        ),
        ("II.2",),
        law=(_c(CC, "1195(3)"), _c(RNDI, "24")),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_providers,
    ),
    Rule(
        "notice.wrongful-double-damages",
        E.WARN,
        CN,
        t(
            "向电子商务平台发出错误通知造成平台内经营者损失的，依法担责；恶意发出错误通知的，加倍赔偿。",
            "A wrongful notice to an e-commerce platform that harms the seller makes the sender "
            "liable; a malicious one, for double damages.",
        ),
        ("II.2",),
        law=(_c(ECL, "42(3)"),),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_ecommerce,
    ),
    Rule(
        "notice.reach",
        E.RECOMMEND,
        INTL,
        t(
            "多数国家有类似避风港的通知删除机制：投诉成本低、见效快、可跨国使用。",
            "Most countries have notice-and-takedown akin to the DMCA safe harbour: notices are "
            "cheap, quick and work across borders.",
        ),
        ("II.2",),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_foreign_host,
    ),
    Rule(
        "notice.counter-ecommerce",
        E.CLOCK,
        CN,
        t(
            "电商平台转达卖家不侵权声明后，权利人须在15日内告知平台已投诉或起诉，否则平台恢复链接；"
            "公证认证时间不计入，但最多延长20个工作日。",
            "After a seller's declaration reaches the holder, it has 15 days to tell the platform "
            "it has complained or sued, or the listing comes back; time for notarisation or "
            "legalisation is excluded, capped at 20 working days.",
        ),
        ("II.2",),
        law=(_c(ECL, "43"), _c(REPLY)),
        actions=(A.COUNTER_NOTICE_REPLY,),
        applies=p.counter_noticed,
    ),
    Rule(
        "notice.counter-dmca",
        E.CLOCK,
        US,
        t(
            "美国：服务商收到反通知之日起第10至14个工作日之间恢复内容，除非投诉人告知已起诉；"
            "期限自服务商收到之日起算，而非自权利人得知之日。",
            "US: the provider restores the material between business days 10 and 14 after it "
            "received the counter notice, unless told a lawsuit was filed; the days run from "
            "the provider's receipt, not from when the holder heard.",
        ),
        ("II.2",),
        law=(_c(USC, "512(g)(2)(C)", ""),),
        actions=(A.COUNTER_NOTICE_REPLY,),
        applies=p.counter_noticed,
    ),
    Rule(
        "notice.counter-civil-code",
        E.CLOCK,
        CN,
        t(
            "一般网络服务：反通知到达后，权利人须在合理期限内投诉或起诉，否则措施终止；"
            "法律未定天数，系统给出内部目标日期。",
            "General network services: after a counter-notice the holder must complain or sue "
            "within a reasonable period or the measures end; the law sets no number of days, so "
            "the plan sets an internal target date.",
        ),
        ("II.2",),
        law=(_c(CC, "1196"),),
        actions=(A.COUNTER_NOTICE_REPLY,),
        applies=p.counter_noticed,
    ),
    Rule(
        "notice.counter-copyright",
        E.BLOCK,
        CN,
        t(
            "作品传播渠道：服务商依反通知恢复后，权利人不得就同一作品再向该服务商通知删除。",
            "Works online: once the provider restores on a counter-notice, the holder may not "
            "notify the same provider again about it.",
        ),
        ("II.2",),
        law=(_c(RNDI, "16"), _c(RNDI, "17")),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.counter_noticed,
    ),
    Rule(
        "notice.dsa",
        E.VENUE,
        EU,
        t(
            "欧盟托管服务：按DSA第16条通知；无固定期限，服务商应及时、审慎处理并说明理由。",
            "EU hosting services: notify under DSA Art. 16; no fixed deadline, but a timely, "
            "diligent, reasoned decision.",
        ),
        ("II.2",),
        law=(_c(DSA, "16"),),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_eu_provider,
    ),
    Rule(
        "notice.dmca",
        E.VENUE,
        US,
        t(
            "美国主机上的版权侵权：按DMCA第512(c)(3)条发通知。",
            "Copyright infringement on a US host: send a DMCA notice under 512(c)(3).",
        ),
        ("II.2",),
        law=(_c(USC, "512(c)(3)(A)", ""),),
        actions=(A.PROVIDER_NOTICE,),
        applies=p.has_us_copyright_host,
    ),
    # ---- II.3 market regulation ----------------------------------------------------------
    Rule(
        "amr.identity-address",
        E.REQUIRE,
        CN,
        t(
            "向市场监管部门投诉，须已核实侵权人的身份和地址。",
            "A market-regulation complaint needs the infringer's identity and address verified.",
        ),
        ("II.3",),
        law=(_c(TML, "60"),),
        actions=(A.MARKET_REGULATION_COMPLAINT,),
        applies=p.has_cn_trademark,
    ),
    Rule(
        "amr.cautious-online",
        E.WARN,
        CN,
        t(
            "网络侵权较复杂、争议较多，市场监管部门对此类案件态度审慎，应准备更充分的材料。",
            "Online cases are more complex and contested, so market regulators act cautiously: "
            "prepare a fuller file.",
        ),
        ("II.3",),
        actions=(A.MARKET_REGULATION_COMPLAINT,),
        applies=p.has_cn_trademark,
    ),
    Rule(
        "amr.trademark",
        E.RECOMMEND,
        CN,
        t(
            "商标侵权可向市场监管部门投诉（受理机关见amr.venue）；罚款最高可达违法经营额五倍"
            "（五万元以上时），否则最高二十五万元。",
            "Trademark infringement can go to market regulation (which office: amr.venue); fines "
            "reach 5x the illegal business volume above RMB 50,000, else up to RMB 250,000.",
        ),
        ("II.3",),
        law=(_c(TML, "60"),),
        actions=(A.MARKET_REGULATION_COMPLAINT,),
        applies=p.has_cn_trademark,
    ),
    Rule(
        "amr.venue",
        E.VENUE,
        CN,
        t(
            "受理的市场监管部门按经营方式确定：自建网站等电子商务经营者为其住所地；平台内经营者为其"
            "实际经营地（平台住所地的市场监管部门先收到投诉的也可管辖）；其他为违法行为发生地。",
            "Which market regulator: for an operator selling through its own site, the AMR of its "
            "domicile; for a seller on a platform, the AMR where it actually operates (or the "
            "platform's own AMR when that one receives the complaint first); otherwise the AMR "
            "where the breach happens.",
        ),
        ("II.3",),
        law=(_c(SAMR_PENALTY, "6"), _c(SAMR_PENALTY, "9")),
        actions=(A.MARKET_REGULATION_COMPLAINT, A.OTHER_AUTHORITY_COMPLAINT),
        applies=p.has_cn_trademark,
        unverified=True,
    ),
    # ---- II.4 communications administration ------------------------------------------------
    Rule(
        "icp.bad-filing",
        E.RECOMMEND,
        CN,
        t(
            "网站ICP备案缺失、虚假或与经营者不符时，向通信管理局举报：处理快、效果好，可关闭网站。",
            "A site with a missing, false or mismatched ICP filing can be reported to the "
            "communications administration: fast, effective, and the site can be shut.",
        ),
        ("II.4",),
        law=(
            _c(O292, "19"),
            _c(O292, "22"),
            _c(O33, "13"),
            _c(O33, "22"),
            _c(O33, "23"),
            _c(O33, "25"),
        ),
        actions=(A.ICP_COMPLAINT,),
        applies=p.bad_icp,
    ),
    Rule(
        "icp.venue",
        E.VENUE,
        CN,
        t(
            "受理机关为经营者住所地的省级通信管理局；备案号首字（京、沪、粤等）即备案省份。",
            "The venue is the provincial communications administration of the operator's "
            "domicile; the filing number's first character (京, 沪, 粤 ...) names the province.",
        ),
        ("II.4",),
        law=(_c(O33, "13"),),
        actions=(A.ICP_COMPLAINT,),
        applies=p.bad_icp,
    ),
    # ---- II.5 other authorities -------------------------------------------------------------
    Rule(
        "other.indirect-route",
        E.RECOMMEND,
        CN,
        t(
            "知识产权法未覆盖的问题（如平行进口），可针对其他违法行为向主管部门投诉，间接制止侵权。",
            "Where IP law is silent (parallel imports), complain about the other breaches to the "
            "competent authority and stop the conduct indirectly.",
        ),
        ("II.5", "III.3"),
        actions=(A.OTHER_AUTHORITY_COMPLAINT,),
        applies=p.indirect_route,
    ),
    Rule(
        "other.labels-not-chinese",
        E.RECOMMEND,
        CN,
        t(
            "商品标识未使用中文：违反产品质量法，可向市场监管部门投诉。",
            "Labels not in Chinese breach the Product Quality Law: complain to the market "
            "regulator.",
        ),
        ("II.5",),
        law=(_c(PQL, "27"), _c(PQL, "54")),
        actions=(A.OTHER_AUTHORITY_COMPLAINT,),
        applies=p.has_labels_breach,
    ),
    Rule(
        "other.no-ccc",
        E.RECOMMEND,
        CN,
        t(
            "应经强制性产品认证而无CCC标志：可向市场监管部门投诉（依据待核实）。",
            "Goods needing compulsory certification but lacking the CCC mark: complain to the "
            "market regulator (legal basis unverified).",
        ),
        ("II.5",),
        law=(_c("compulsory certification (CCC) rules"),),
        actions=(A.OTHER_AUTHORITY_COMPLAINT,),
        applies=p.has_ccc_breach,
        unverified=True,
    ),
    Rule(
        "other.no-licence",
        E.RECOMMEND,
        CN,
        t(
            "销售者未取得相应经营许可或资质：可向主管部门投诉（依据待核实）。",
            "A seller without the licence or qualification it needs: complain to the competent "
            "authority (legal basis unverified).",
        ),
        ("II.5",),
        actions=(A.OTHER_AUTHORITY_COMPLAINT,),
        applies=p.has_licence_breach,
        unverified=True,
    ),
    # ---- II.6 domain disputes ----------------------------------------------------------------
    Rule(
        "domain.transfer-cure",
        E.RECOMMEND,
        INTL,
        t(
            "域名常是侵权的基础；申请注销或转移域名通常能彻底解决问题。",
            "A domain is often the base of the infringement; having it cancelled or transferred "
            "usually ends the problem.",
        ),
        ("II.6",),
        actions=(A.DOMAIN_DISPUTE,),
        applies=lambda f: bool(p.domain_targets(f)),
    ),
    Rule(
        "domain.cndrp-venue",
        E.VENUE,
        CN,
        t(
            ".cn和.中国域名争议提交贸仲网上争议解决中心或香港国际仲裁中心。",
            ".cn and .中国 disputes go to CIETAC's online centre or HKIAC.",
        ),
        ("II.6",),
        law=(_c("CNDRP"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_cn_domains,
    ),
    Rule(
        "domain.cndrp-age",
        E.BLOCK,
        CN,
        t(
            "CNDRP仅受理注册不满三年的域名；满三年的只能诉讼解决。",
            "CNDRP takes only domains registered less than three years ago; older ones must go "
            "to court.",
        ),
        ("II.6",),
        law=(_c("CNDRP", "2"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_cn_domains,
    ),
    Rule(
        "domain.cndrp-elements",
        E.REQUIRE,
        CN,
        t(
            "CNDRP投诉须证明：域名与投诉人享有权益的名称或标志相同或混淆性近似；持有人无权益；"
            "恶意注册或者使用（二者有其一即可）。",
            "A CNDRP complaint must show: the domain is identical or confusingly similar to a name "
            "or mark the complainant has rights in; the holder has no rights; registration or use "
            "in bad faith (either suffices).",
        ),
        ("II.6",),
        law=(_c("CNDRP", "8"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_cn_domains,
    ),
    Rule(
        "domain.cndrp-clocks",
        E.CLOCK,
        CN,
        t(
            "CNDRP：被投诉人20日内答辩；专家组成立后14日内裁决；公布裁决满10日后执行（期间对方可提起诉讼或仲裁中止执行）。",
            "CNDRP: 20 days to respond; a decision within 14 days of the panel; implementation "
            "after 10 full days from publication unless the respondent shows a court or arbitral "
            "case was accepted.",
        ),
        ("II.6",),
        law=(_c("CNDRP"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_cn_domains,
        unverified=True,
    ),
    Rule(
        "domain.hkiac-fees",
        E.WARN,
        CN,
        t(
            "HKIAC的CNDRP案件费用按其收费表（专家人数、域名数量）须在提交投诉后3日内缴纳，"
            "8日内未缴视为撤回投诉。",
            "HKIAC CNDRP fees, set by its schedule (panel size, number of domains), are due "
            "within 3 days of filing; unpaid after 8 the complaint counts as withdrawn.",
        ),
        ("II.6",),
        law=(_c(HKIAC_FEES),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_cn_domains,
    ),
    Rule(
        "domain.udrp-venue",
        E.VENUE,
        INTL,
        t(
            "通用顶级域名适用UDRP，可在ICANN认可的机构中按语言、费用和地点选择；涉及中国当事人常选ADNDRC。",
            "gTLDs fall under the UDRP: pick an ICANN-approved provider by language, cost and "
            "place; with a Chinese party, ADNDRC is usual.",
        ),
        ("II.6",),
        law=(_c("UDRP", "4(a)", "¶"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_udrp_domains,
    ),
    Rule(
        "domain.udrp-elements",
        E.REQUIRE,
        INTL,
        t(
            "UDRP须同时证明：相同或混淆性近似；持有人无权利或合法利益；恶意注册并且恶意使用。",
            "The UDRP needs all of: identical or confusingly similar; no rights or legitimate "
            "interests; registered and used in bad faith.",
        ),
        ("II.6",),
        law=(_c("UDRP", "4(a)", "¶"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_udrp_domains,
    ),
    Rule(
        "domain.udrp-clocks",
        E.CLOCK,
        INTL,
        t(
            "UDRP：补正5日；答辩20日；专家组指定后14日内裁决；注册商10个工作日后执行；全程约两个月。",
            "UDRP: 5 days to cure defects; 20 days to respond; decision within 14 days of the "
            "panel; the registrar acts after 10 business days; about two months overall.",
        ),
        ("II.6",),
        law=(_c("UDRP"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_udrp_domains,
    ),
    Rule(
        "domain.cctld-policy",
        E.VENUE,
        INTL,
        t(
            "其他国家和地区顶级域名适用各自的争议政策（.co、.tv、.me等少数采用UDRP）；"
            "未知的须向注册局核实。",
            "Other country-code domains follow their own policies (a few, such as .co, .tv and "
            ".me, adopted the UDRP); where unknown, ask the registry.",
        ),
        ("II.6", "III.1"),
        law=(_c("UDRP"),),
        actions=(A.DOMAIN_DISPUTE,),
        applies=p.has_other_cctld_domains,
        unverified=True,
    ),
    # ---- II.7 litigation -----------------------------------------------------------------------
    Rule(
        "suit.when",
        E.RECOMMEND,
        CN,
        t(
            "复杂、严重、新型或典型的纠纷优先诉讼：法官专业、救济多样（禁令、赔偿、消除影响），威慑力强。",
            "Prefer a lawsuit for complex, serious, new or typical disputes: expert judges, varied "
            "remedies (injunction, damages, removing effects) and strong deterrence.",
        ),
        ("II.7",),
        actions=(A.LAWSUIT,),
        applies=p.serious,
    ),
    Rule(
        "suit.causes",
        E.RECOMMEND,
        CN,
        t(
            "按权利和事实选择案由：商标、著作权、不正当竞争、专利、企业名称，域名合同、域名权属及侵权、网络侵权纠纷。",
            "Pick the causes of action from the rights and facts: trademark, copyright, unfair "
            "competition, patent, trade name; domain-name contract, domain ownership and "
            "infringement, network infringement.",
        ),
        ("II.7",),
        actions=(A.LAWSUIT,),
        applies=p.has_rights,
    ),
    Rule(
        "suit.personality",
        E.RECOMMEND,
        CN,
        t(
            "网络侵权纠纷也适用于人格权：姓名、肖像、名誉、荣誉和隐私。",
            "Network infringement claims also cover personality rights: name, portrait, "
            "reputation, honour and privacy.",
        ),
        ("II.7",),
        law=(_c(CC, "1194"),),
        actions=(A.LAWSUIT,),
        applies=lambda f: p.has_kind(f, RightKind.PERSONALITY),
    ),
    Rule(
        "suit.courts",
        E.VENUE,
        CN,
        t(
            "选择有管辖权的法院：侵权诉讼由侵权行为地或被告住所地法院管辖；涉网著作权、域名、"
            "人格权等案件可考虑北京、杭州、广州互联网法院；专利等技术类案件考虑知识产权法院。",
            "Pick a competent court: the court where the infringement took place or where the "
            "defendant is domiciled; among them the Beijing, Hangzhou or Guangzhou Internet "
            "Courts for online copyright, domain and personality cases, IP courts for patents "
            "and other technical cases.",
        ),
        ("II.7",),
        law=(_c(CPL, "29"), _c(ICOURT, "2")),
        actions=(A.LAWSUIT,),
        applies=p.has_rights,
    ),
    Rule(
        "suit.limitation",
        E.CLOCK,
        CN,
        t(
            "诉讼时效三年，自知道或应当知道权利受损及侵权人之日起算；最长二十年。",
            "Three years' limitation from when the holder knew or should have known of the harm "
            "and the infringer; twenty years at most.",
        ),
        ("II.7",),
        law=(_c(CC, "188"), _c(CC, "201"), _c(CC, "203")),
        actions=(A.LAWSUIT,),
        applies=lambda f: f.nature.known_since is not None or any(x.first_seen for x in f.targets),
    ),
    Rule(
        "suit.punitive",
        E.RECOMMEND,
        CN,
        t(
            "故意侵权情节严重的，可按权利类型主张一至五倍惩罚性赔偿：商标法第63条、著作权法第54条、"
            "专利法第71条（后两者2021年6月1日起）；反不正当竞争法相应条款的条号未核实。"
            "商标、著作权法定赔偿最高五百万元。",
            "Intentional, serious infringement supports punitive damages of 1-5x under the law "
            "of the right: Trademark Law Art. 63, Copyright Law Art. 54, Patent Law Art. 71 "
            "(the last two from 2021-06-01); the Anti-Unfair Competition Law's article number "
            "is unverified. Trademark and copyright statutory damages reach RMB 5 million.",
        ),
        ("II.7", "II.1"),
        law=(
            _c(CC, "1185"),
            _c(TML, "63"),
            _c(CRL, "54"),
            _c(PATL, "71"),
            _c(AUCL),
            _c(PUNITIVE),
        ),
        actions=(A.LAWSUIT,),
        applies=p.wilful,
    ),
    Rule(
        "suit.defendant",
        E.REQUIRE,
        CN,
        t(
            "起诉须有明确的被告：先查明侵权人身份。",
            "A lawsuit needs a named defendant: identify the infringer first.",
        ),
        ("II.7", "I.1"),
        actions=(A.LAWSUIT,),
        applies=p.identity_unknown,
    ),
    # ---- II.8 police ----------------------------------------------------------------------------
    Rule(
        "police.ip-crime-indicators",
        E.WARN,
        CN,
        t(
            "涉案金额或网络传播数量（作品数、点击数、会员数）达到二手资料所载的入罪参考标准"
            "（均未对照法释〔2025〕5号原文核实）时，提示律师评估是否报案；需以二年内受过处罚为条件"
            "的降低标准，先询问该事实。这只是指标，不是结论。",
            "When amounts or online figures (works, clicks, members) reach the figures secondary "
            "sources give for crimes (none yet read in Fa Shi [2025] No. 5), flag a police report "
            "for counsel; a lower figure that needs a penalty within two years first asks for "
            "it. An indicator, never a conclusion.",
        ),
        ("II.8",),
        law=(
            _c(CRIM, "213"),
            _c(CRIM, "214"),
            _c(CRIM, "217"),
            _c(CRIM, "218"),
            _c(FASHI),
            _c(OPINIONS_2011, "13"),
        ),
        actions=(A.POLICE_REPORT,),
        applies=p.amounts_reported,
        unverified=True,
    ),
    Rule(
        "police.computer-crimes",
        E.WARN,
        CN,
        t(
            "侵入、非法获取数据、非法控制、提供工具或破坏计算机信息系统的，可能构成刑法第285–287条之罪。",
            "Intruding into, taking data from, controlling, supplying tools for or damaging "
            "computer systems may be crimes under Criminal Law Arts. 285-287.",
        ),
        ("II.8",),
        law=(_c(CRIM, "285"), _c(CRIM, "286"), _c(CRIM, "287")),
        actions=(A.POLICE_REPORT,),
        applies=p.has_computer_acts,
    ),
    Rule(
        "police.serious-only",
        E.RECOMMEND,
        CN,
        t(
            "只有可能构成犯罪的严重网络侵权才报警。",
            "Only report to the police serious online infringement that may be a crime.",
        ),
        ("II.8",),
        actions=(A.POLICE_REPORT,),
        applies=lambda f: p.amounts_reported(f) or p.has_computer_acts(f),
    ),
    # ---- II.9 technical measures ---------------------------------------------------------------
    Rule(
        "tech.counsel-approval",
        E.BLOCK,
        INTL,
        t(
            "技术手段（跳转、警示、屏蔽访问）缺乏公共监督，有法律风险：使用前须取得律师书面批准，并确保本身不违法。",
            "Technical measures (redirects, warnings, blocking) lack public oversight and carry "
            "legal risk: get counsel's written approval first and make sure the measure itself "
            "is lawful.",
        ),
        ("II.9",),
        law=(_c(CRIM, "285"), _c(CRIM, "286")),
        actions=(A.TECHNICAL_MEASURE,),
        applies=p.wants_block,
    ),
    Rule(
        "tech.vendor",
        E.RECOMMEND,
        INTL,
        t(
            "技术手段需专业技术公司或软件服务商实施。",
            "Technical measures need a professional technology or software vendor.",
        ),
        ("II.9",),
        actions=(A.TECHNICAL_MEASURE,),
        applies=p.wants_block,
    ),
    # ---- III strategy ---------------------------------------------------------------------------
    Rule(
        "strategy.know-terrain",
        E.RECOMMEND,
        INTL,
        t(
            "弄清每个目标背后的技术与监管链条（主机、CDN、注册商、平台、监管部门），才能找到最有效的切入点。",
            "Map the technical and regulatory chain behind each target (host, CDN, registrar, "
            "platform, regulator) to find the best lever.",
        ),
        ("III.1",),
        applies=p.terrain_unknown,
    ),
    Rule(
        "strategy.internal-team",
        E.RECOMMEND,
        INTL,
        t(
            "设立专职网络维权岗位，负责持续监控网络侵权。",
            "Create a dedicated online-enforcement role that monitors infringement continuously.",
        ),
        ("III.2",),
        applies=p.org_gaps,
    ),
    Rule(
        "strategy.provider-liaison",
        E.RECOMMEND,
        INTL,
        t(
            "指定专人与网络服务提供者保持沟通。",
            "Name a person to keep in touch with service providers.",
        ),
        ("III.2",),
        applies=p.no_liaison,
    ),
    Rule(
        "strategy.internet-goals",
        E.RECOMMEND,
        INTL,
        t(
            "设定适合网络的目标，如删除链接、禁止访问，而不只追求传统的赔偿。",
            "Set goals suited to the internet, such as removing links and blocking access, not "
            "only traditional damages.",
        ),
        ("III.3",),
        applies=p.no_internet_goals,
    ),
    Rule(
        "strategy.multi-angle",
        E.RECOMMEND,
        INTL,
        t(
            "一条途径受阻或太慢时，从多个角度同时出击。",
            "When one route is blocked or slow, attack from several angles at once.",
        ),
        ("III.3",),
        applies=p.always,
    ),
    Rule(
        "strategy.cheap-fast-minor",
        E.RECOMMEND,
        INTL,
        t(
            "轻微案件优先选择成本低、速度快的途径。",
            "For minor cases prefer cheap and fast routes.",
        ),
        ("III.3",),
        applies=p.minor,
    ),
)

_BY_ID = {r.id: r for r in RULES}


def all_rules() -> tuple[Rule, ...]:
    return RULES


def get_rule(rule_id: str) -> Rule:
    """The rule with ``rule_id``; ``NotFound`` if there is none."""
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise NotFound("rule", rule_id) from None


def applicable_rules(facts: CaseFacts) -> list[Rule]:
    """Rules whose predicate holds for ``facts``."""
    return [r for r in RULES if r.applies(facts)]
