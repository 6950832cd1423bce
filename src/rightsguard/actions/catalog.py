"""The documents RightsGuard drafts, and what each must contain before it may
be generated (pure data and predicates; no I/O).

Each ``DocumentKind`` names its action type, its notice channel where one
applies (so the playbook's gates and clocks apply), the languages it exists
in, and its required elements. An element is a predicate over the document
context with a label in Chinese and English and a hint saying where the user
supplies it. ``missing_elements`` lists every one that is not satisfied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rightsguard.actions.formats import parse_amount
from rightsguard.domain.enums import ActionType
from rightsguard.domain.errors import InvalidValue

Context = Mapping[str, Any]


@dataclass(frozen=True)
class Element:
    id: str
    zh: str
    en: str
    where: str
    present: Callable[[Context], bool]


@dataclass(frozen=True)
class DocumentKind:
    id: str
    action_type: ActionType
    title_zh: str
    title_en: str
    channel: str | None
    elements: tuple[Element, ...]
    recipient_role: str  # primary_infringer | provider | authority | dispute_provider
    #: playbook rules the document itself answers (the memo asks for counsel's approval)
    waives: tuple[str, ...] = ()


def _holder(ctx: Context) -> Mapping[str, Any]:
    holder = ctx.get("holder") or {}
    return holder if isinstance(holder, Mapping) else {}


def _recipient(ctx: Context) -> Mapping[str, Any]:
    rec = ctx.get("recipient") or {}
    return rec if isinstance(rec, Mapping) else {}


def _has(*keys: str, of: Callable[[Context], Mapping[str, Any]]) -> Callable[[Context], bool]:
    return lambda ctx: all(bool(of(ctx).get(k)) for k in keys)


HOLDER_IDENTITY = Element(
    "holder_identity",
    "权利人真实身份（名称、地址）",
    "the right holder's real identity (name, address)",
    "rightsguard holder set --name … --address …",
    _has("name", "address", of=_holder),
)
HOLDER_CONTACT = Element(
    "holder_contact",
    "权利人联系方式（电话或电子邮件）与地址",
    "the right holder's contact details and address",
    "rightsguard holder set --email … --phone … --address …",
    lambda c: (
        bool(_holder(c).get("address")) and bool(_holder(c).get("email") or _holder(c).get("phone"))
    ),
)
SIGNATURE = Element(
    "signature",
    "签署人（权利人或其授权代理人）",
    "a signature (the holder or its authorised agent)",
    "rightsguard holder set --signatory …",
    _has("signatory", of=_holder),
)
RIGHT_PROOF = Element(
    "right_proof",
    "权利证明（注册号或作品信息）",
    "proof of the right (registration or work details)",
    "rightsguard right add … --number … --proof FILE; case new --right ID",
    lambda c: any(r.get("registration_number") or r.get("proofs") for r in c.get("rights", [])),
)
LOCATORS = Element(
    "locators",
    "可准确定位每个侵权内容的网址",
    "URLs that locate each infringing item precisely",
    "rightsguard target add URL --case ID (or --target on the draft)",
    lambda c: bool(c.get("targets")),
)
EVIDENCE = Element(
    "preliminary_evidence",
    "初步证据（已固定的取证或证据文件）",
    "preliminary evidence (a preserved capture or evidence file)",
    "rightsguard capture --case ID, or rightsguard evidence add FILE --case ID",
    lambda c: bool(c.get("evidence")),
)
TRUTH = Element(
    "truthfulness_guarantee",
    "对通知真实性负责的书面保证",
    "a written guarantee that the notice is true",
    "included by the template (remove only with counsel's approval)",
    lambda c: bool(c.get("statements", {}).get("truthfulness", True)),
)
GOOD_FAITH = Element(
    "good_faith_statement",
    "善意声明",
    "a good-faith statement",
    "included by the template",
    lambda c: bool(c.get("statements", {}).get("good_faith", True)),
)
PERJURY = Element(
    "accuracy_under_perjury",
    "准确性及授权声明（伪证罚则下）",
    "a statement of accuracy and authority under penalty of perjury",
    "included by the template",
    lambda c: bool(c.get("statements", {}).get("perjury", True)),
)
NAMED_SIGNER = Element(
    "named_signer",
    "签署声明的自然人（非公司名称）",
    "a named person who signs the statements under penalty of perjury (not the company)",
    "rightsguard holder set --signatory 'First Last' [--capacity …]",
    lambda c: (
        bool(_holder(c).get("signatory"))
        and str(_holder(c).get("signatory")).strip() != str(_holder(c).get("name") or "").strip()
    ),
)
COPYRIGHT_CLAIMED = Element(
    "copyright_claimed",
    "主张的著作权（本类通知只适用于著作权）",
    "a copyright claimed in the case (this notice is for copyright only)",
    "rightsguard right add --kind copyright … ; case new --right ID",
    lambda c: any(r.get("kind") == "copyright" for r in c.get("rights", [])),
)
EU_RIGHT = Element(
    "eu_relevant_right",
    "在欧盟具有效力的权利（欧盟或成员国注册，或著作权）",
    "a right with effect in the EU (an EU or member-state registration, or copyright)",
    "rightsguard right add --jurisdiction EU|<member state> … ; case new --right ID",
    lambda c: bool(c.get("rights")),
)
NAME_EMAIL = Element(
    "name_and_email",
    "通知人姓名和电子邮件",
    "the notifier's name and e-mail",
    "rightsguard holder set --name … --email …",
    _has("name", "email", of=_holder),
)
EXPLANATION = Element(
    "substantiated_explanation",
    "说明内容违法的充分理由",
    "a substantiated explanation why it is illegal",
    "the case's rights and targets (the template argues from them)",
    lambda c: bool(c.get("rights")) and bool(c.get("targets")),
)
WORK = Element(
    "work_identified",
    "被侵权作品的说明",
    "the work claimed to be infringed",
    "rightsguard right add --kind copyright|trademark … ; case new --right ID",
    lambda c: bool(c.get("rights")),
)
RECIPIENT_ADDRESS = Element(
    "recipient_identity",
    "收件人身份与地址（主要侵权人）",
    "the recipient's identity and address (the main infringer)",
    "rightsguard act draft … --to-name … --to-address … (or identify the party first)",
    _has("name", "address", of=_recipient),
)
RECIPIENT_CHANNEL = Element(
    "recipient_channel",
    "收件人的投诉渠道（电子邮件或地址）",
    "the recipient's complaint channel (e-mail or address)",
    "rightsguard act draft … --to-email … or --to-address …",
    lambda c: bool(_recipient(c).get("email") or _recipient(c).get("address")),
)
DOMAIN = Element(
    "domain",
    "争议域名",
    "the disputed domain name",
    "a target of kind domain in the case",
    lambda c: any(t.get("kind") == "domain" for t in c.get("targets", [])),
)
ICP_FACT = Element(
    "icp_breach",
    "备案问题（未备案、虚假或不符）及备案号",
    "the filing problem (missing, false or mismatched) and number",
    "rightsguard act draft … --fact icp_status=missing|false|mismatched --fact icp_number=…",
    lambda c: c.get("facts", {}).get("icp_status") in ("missing", "false", "mismatched"),
)


def _dispute(ctx: Context) -> Mapping[str, Any]:
    dispute = ctx.get("dispute") or {}
    return dispute if isinstance(dispute, Mapping) else {}


def _looked_up(id: str, zh: str, en: str, key: str) -> Element:
    """An element the registration data (RDAP/WHOIS) supplies."""
    return Element(
        id,
        f"{zh}（RDAP/WHOIS查询结果）",
        f"{en} (from RDAP/WHOIS)",
        "rightsguard identify TARGET_ID (looks the domain up in RDAP/WHOIS)",
        lambda c: bool(_dispute(c).get(key)),
    )


REGISTRAR = _looked_up(
    "registrar", "争议域名的注册服务机构", "the domain's registrar", "registrars"
)
RESPONDENT = _looked_up(
    "respondent_data", "被投诉人的注册信息", "the respondent's registration data", "respondents"
)
BAD_FAITH = Element(
    "bad_faith_circumstance",
    "恶意的具体情形（案件事实中至少一项）",
    "at least one circumstance of bad faith in the case's facts",
    "a capture of the domain's site (rightsguard capture), or rightsguard act draft … "
    "--fact offered_for_sale=…|pattern=…|competitor=…",
    lambda c: bool(_dispute(c).get("bad_faith")),
)
REGISTERED_ON = Element(
    "domain_registered_on",
    "争议域名的注册日期（用于判断是否注册不满三年）",
    "the domain's registration date (CNDRP takes names registered less than three years ago)",
    "rightsguard identify TARGET_ID (RDAP/WHOIS gives the creation date)",
    lambda c: _dispute(c).get("age_years") is not None and _dispute(c)["age_years"] < 3,
)
DISPUTE = (REGISTRAR, RESPONDENT, BAD_FAITH)


def _fact(key: str, zh: str, en: str) -> Element:
    return Element(
        f"fact:{key}",
        zh,
        en,
        f"rightsguard act draft … --fact {key}=…",
        lambda c: bool(c.get("facts", {}).get(key)),
    )


def _amount(key: str, zh: str, en: str, *, required: bool = True) -> Element:
    """An amount of money (RMB) given as ``--fact KEY=…``: a number when given."""

    def present(c: Context) -> bool:
        value = c.get("facts", {}).get(key)
        return (not required and not value) or parse_amount(value) is not None

    need = "" if required else "（如填写）"
    return Element(
        f"fact:{key}",
        f"{zh}{need}，以人民币元计的数额",
        f"{en}{'' if required else ' (when given)'}, as an amount in RMB",
        f"rightsguard act draft … --fact {key}=AMOUNT (e.g. 50000)",
        present,
    )


LEGAL_REPRESENTATIVE = Element(
    "legal_representative",
    "原告的法定代表人",
    "the plaintiff's legal representative",
    "rightsguard holder set --legal-representative … [--legal-representative-title …]",
    _has("legal_representative", of=_holder),
)
COURT = Element(
    "court",
    "受诉人民法院（收件人）",
    "the court sued in (the recipient)",
    "rightsguard act draft … --to-name '…人民法院'",
    _has("name", of=_recipient),
)
JURISDICTION = Element(
    "fact:jurisdiction",
    "管辖依据（defendant_domicile 或 infringement_place）",
    "the ground of jurisdiction (defendant_domicile or infringement_place)",
    "rightsguard act draft … --fact jurisdiction=defendant_domicile|infringement_place",
    lambda c: c.get("facts", {}).get("jurisdiction") in (None, "", *JURISDICTION_GROUNDS),
)
JURISDICTION_GROUNDS = ("defendant_domicile", "infringement_place")
POLICE_AMOUNTS = ("illegal_gains", "business_volume", "sales_amount")
AMOUNTS = Element(
    "amounts",
    "涉案金额（非法经营数额、违法所得数额或销售金额，至少一项，以人民币元计）",
    "the amounts involved (business volume, illegal gains or sales, at least one, in RMB)",
    "rightsguard act draft … --fact business_volume=…|illegal_gains=…|sales_amount=…",
    lambda c: (
        any(c.get("facts", {}).get(k) for k in POLICE_AMOUNTS)
        and all(
            parse_amount(c["facts"][k]) is not None
            for k in POLICE_AMOUNTS
            if c.get("facts", {}).get(k)
        )
    ),
)

COUNTER_ARRIVED = Element(
    "counter_notice_on",
    "不侵权声明送达权利人的日期",
    "the day the counter-notice reached the right holder",
    "rightsguard act record NOTICE_ID --outcome counter_noticed "
    "--counter-notice-reached-us-on YYYY-MM-DD (or --fact counter_notice_on=YYYY-MM-DD)",
    lambda c: bool((c.get("counter_notice") or {}).get("on")),
)
ACCEPTANCE = Element(
    "acceptance_notice",
    "法院或主管部门的受理通知书（作为附件）",
    "the court's or authority's acceptance notice (as an annex)",
    "rightsguard evidence add FILE --case ID; act draft … --fact acceptance_notice=ITEM_ID",
    lambda c: c.get("acceptance_annex") is not None,
)

INFRINGER_FACTS = (
    _fact("infringer", "被投诉人名称", "the respondent's name"),
    _fact("infringer_address", "被投诉人地址（须经核实）", "the respondent's verified address"),
)


def _kind(
    id: str,
    action: ActionType,
    zh: str,
    en: str,
    channel: str | None,
    role: str,
    *elements: Element,
    waives: tuple[str, ...] = (),
) -> DocumentKind:
    return DocumentKind(id, action, zh, en, channel, elements, role, waives)


KINDS: dict[str, DocumentKind] = {
    k.id: k
    for k in (
        _kind(
            "cease_and_desist",
            ActionType.CEASE_AND_DESIST,
            "停止侵权通知函",
            "Cease-and-desist letter",
            None,
            "primary_infringer",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            RECIPIENT_ADDRESS,
            LOCATORS,
            EVIDENCE,
            SIGNATURE,
        ),
        _kind(
            "notice.civil_code",
            ActionType.PROVIDER_NOTICE,
            "侵权通知（民法典第1195条）",
            "Notice of infringement (Civil Code Art. 1195)",
            "civil_code",
            "provider",
            HOLDER_IDENTITY,
            LOCATORS,
            EVIDENCE,
            RECIPIENT_CHANNEL,
        ),
        _kind(
            "notice.ecommerce",
            ActionType.PROVIDER_NOTICE,
            "电子商务平台知识产权侵权通知",
            "Notice to an e-commerce platform (E-Commerce Law Art. 42)",
            "ecommerce",
            "provider",
            RIGHT_PROOF,
            HOLDER_IDENTITY,
            LOCATORS,
            EVIDENCE,
            TRUTH,
            RECIPIENT_CHANNEL,
        ),
        _kind(
            "notice.network_dissemination",
            ActionType.PROVIDER_NOTICE,
            "信息网络传播权侵权通知书",
            "Notice under the Network Dissemination Regulations (Art. 14)",
            "network_dissemination",
            "provider",
            HOLDER_CONTACT,
            COPYRIGHT_CLAIMED,
            WORK,
            LOCATORS,
            EVIDENCE,
            TRUTH,
            RECIPIENT_CHANNEL,
        ),
        _kind(
            "notice.dmca",
            ActionType.PROVIDER_NOTICE,
            "DMCA 侵权通知",
            "DMCA notification (17 U.S.C. 512(c)(3))",
            "dmca",
            "provider",
            NAMED_SIGNER,
            COPYRIGHT_CLAIMED,
            WORK,
            LOCATORS,
            HOLDER_CONTACT,
            GOOD_FAITH,
            PERJURY,
            RECIPIENT_CHANNEL,
        ),
        _kind(
            "notice.dsa",
            ActionType.PROVIDER_NOTICE,
            "数字服务法违法内容通知",
            "Notice of illegal content (EU DSA Art. 16)",
            "dsa",
            "provider",
            EU_RIGHT,
            EXPLANATION,
            LOCATORS,
            NAME_EMAIL,
            GOOD_FAITH,
            RECIPIENT_CHANNEL,
        ),
        _kind(
            "icp_complaint",
            ActionType.ICP_COMPLAINT,
            "关于网站备案问题的举报",
            "Complaint about a website's ICP filing",
            None,
            "authority",
            HOLDER_IDENTITY,
            LOCATORS,
            ICP_FACT,
            EVIDENCE,
            RECIPIENT_CHANNEL,
        ),
        _kind(
            "cndrp_complaint",
            ActionType.DOMAIN_DISPUTE,
            "域名争议投诉书（CNDRP）",
            "Domain name complaint (CNDRP)",
            "cndrp",
            "dispute_provider",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            DOMAIN,
            EVIDENCE,
            SIGNATURE,
            *DISPUTE,
            REGISTERED_ON,
        ),
        _kind(
            "udrp_complaint",
            ActionType.DOMAIN_DISPUTE,
            "域名争议投诉书（UDRP）",
            "Domain name complaint (UDRP)",
            "udrp",
            "dispute_provider",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            DOMAIN,
            EVIDENCE,
            SIGNATURE,
            *DISPUTE,
        ),
        _kind(
            "counter_notice_reply",
            ActionType.COUNTER_NOTICE_REPLY,
            "对不侵权声明的回复",
            "Reply to a counter-notice",
            None,
            "provider",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            LOCATORS,
            EVIDENCE,
            RECIPIENT_CHANNEL,
            _fact(
                "filed_with", "已投诉或起诉的机关", "the authority complained to or court sued in"
            ),
            COUNTER_ARRIVED,
            ACCEPTANCE,
        ),
        _kind(
            "disclosure_request",
            ActionType.DISCLOSURE_REQUEST,
            "关于披露侵权人信息的请求",
            "Request to disclose the infringer's identity",
            None,
            "provider",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            LOCATORS,
            EVIDENCE,
            RECIPIENT_CHANNEL,
        ),
        _kind(
            "amr_complaint",
            ActionType.MARKET_REGULATION_COMPLAINT,
            "商标侵权投诉书",
            "Trademark infringement complaint (Trademark Law Art. 60)",
            None,
            "authority",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            LOCATORS,
            EVIDENCE,
            RECIPIENT_CHANNEL,
            *INFRINGER_FACTS,
        ),
        _kind(
            "other_authority_complaint",
            ActionType.OTHER_AUTHORITY_COMPLAINT,
            "关于商品违法问题的举报",
            "Report of unlawful goods (labelling, CCC, licence)",
            None,
            "authority",
            HOLDER_IDENTITY,
            LOCATORS,
            EVIDENCE,
            RECIPIENT_CHANNEL,
            _fact(
                "breach",
                "违法情形（labels_not_chinese、no_ccc 或 no_licence）",
                "the breach (labels_not_chinese, no_ccc or no_licence)",
            ),
        ),
        _kind(
            "civil_complaint",
            ActionType.LAWSUIT,
            "民事起诉状",
            "Civil complaint",
            None,
            "authority",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            LOCATORS,
            EVIDENCE,
            SIGNATURE,
            _fact("defendant", "被告名称", "the defendant's name"),
            _fact("defendant_address", "被告住所地", "the defendant's domicile"),
            LEGAL_REPRESENTATIVE,
            COURT,
            JURISDICTION,
            _amount("damages", "赔偿经济损失的请求金额", "the damages claimed"),
            _amount("costs", "合理开支的请求金额", "the costs claimed", required=False),
        ),
        _kind(
            "police_report",
            ActionType.POLICE_REPORT,
            "报案材料",
            "Police report",
            None,
            "authority",
            HOLDER_IDENTITY,
            RIGHT_PROOF,
            LOCATORS,
            EVIDENCE,
            _fact("suspect", "犯罪嫌疑人（名称或网店名）", "the suspect (name or shop name)"),
            AMOUNTS,
        ),
        _kind(
            "technical_measure_memo",
            ActionType.TECHNICAL_MEASURE,
            "技术措施审批请示",
            "Memo: counsel's approval of a technical measure",
            None,
            "authority",
            HOLDER_IDENTITY,
            LOCATORS,
            _fact("measure", "拟采取的措施", "the measure proposed"),
            waives=("tech.counsel-approval",),
        ),
    )
}


def kind(kind_id: str) -> DocumentKind:
    try:
        return KINDS[kind_id]
    except KeyError:
        raise InvalidValue(
            "--type", f"{kind_id!r} is not a document type; known: {', '.join(KINDS)}"
        ) from None


#: a letter signed by a law firm's lawyer is a lawyer's letter; otherwise the company's own
LAWYERS_LETTER = ("律师函", "Lawyer's letter")


def title_for(document: DocumentKind, lang: str, holder: Mapping[str, Any]) -> str:
    """The document's title: a cease-and-desist letter is a 律师函 only when a law firm
    and a lawyer are configured (``holder set --law-firm … --lawyer …``)."""
    if document.action_type is ActionType.CEASE_AND_DESIST and (
        holder.get("law_firm") and holder.get("lawyer")
    ):
        return LAWYERS_LETTER[0] if lang == "zh-CN" else LAWYERS_LETTER[1]
    return document.title_zh if lang == "zh-CN" else document.title_en


def missing_elements(document: DocumentKind, ctx: Context) -> list[Element]:
    return [e for e in document.elements if not e.present(ctx)]
