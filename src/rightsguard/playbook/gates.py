"""Gates: what must hold before an action may be drafted or sent.

``evaluate`` lists every check for an action (met or not); ``check_action``
returns the unmet blocking ones as :class:`Block`; ``enforce`` raises
:class:`~rightsguard.domain.errors.GateBlocked` for the first block unless
counsel overrides it with a written reason (the caller records the override).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rightsguard.domain.enums import ActionType, PartyRole, RightKind
from rightsguard.domain.errors import GateBlocked, NotFound
from rightsguard.playbook import predicates as p
from rightsguard.playbook.clocks import shift_months
from rightsguard.playbook.facts import BAD_ICP, CaseFacts, Channel, PartyFact, TargetFact
from rightsguard.playbook.rules import get_rule
from rightsguard.playbook.text import Text, t
from rightsguard.playbook.venues import (
    CNDRP,
    UDRP,
    domain_policy,
    province,
    province_of_icp_number,
)

#: Every action type is a "rights protection measure" the guide wants evidence for.
EVIDENCE_GATED = frozenset(ActionType) - {ActionType.COUNTER_NOTICE_REPLY}


class Check(BaseModel):
    """One precondition of an action, met or not."""

    model_config = ConfigDict(frozen=True)

    id: str
    rule_id: str
    met: bool
    blocking: bool = True
    remediable: bool = True
    text: Text
    remedy: Text | None = None
    target_ids: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _no_remedy_when_met(cls, data: Any) -> Any:
        """A met check needs no remedy: callers give the remedy for when it is not."""
        if isinstance(data, dict) and data.get("met"):
            return {**data, "remedy": None}
        return data


class Block(BaseModel):
    """An unmet blocking check: the action may not go out."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    text: Text
    remedy: Text | None = None
    remediable: bool = True
    target_ids: list[str] = Field(default_factory=list)

    @property
    def message(self) -> str:
        return self.text.en


@dataclass(frozen=True, slots=True)
class Override:
    """Counsel's written decision to proceed despite a block."""

    role: str
    reason: str

    @property
    def valid(self) -> bool:
        return self.role == "counsel" and bool(self.reason.strip())


def _need_targets(facts: CaseFacts, target_ids: Sequence[str]) -> list[TargetFact]:
    out = []
    for tid in target_ids:
        target = facts.target(str(tid))
        if target is None:
            raise NotFound("target", tid)
        out.append(target)
    return out


def _evidence_scope(
    facts: CaseFacts, targets: list[TargetFact], recipient: PartyFact | None
) -> list[TargetFact]:
    """The action's targets, plus every target of the parties behind them: any step can
    tip the infringer off about all of its sites."""
    seen: dict[str, TargetFact] = {x.id: x for x in targets}
    parties = {pa.id for x in targets if (pa := facts.party_of(x.id)) is not None}
    if recipient is not None:
        parties.add(recipient.id)
    for pid in sorted(parties):
        for x in facts.targets_of(pid):
            seen.setdefault(x.id, x)
    return list(seen.values())


def evidence_checks(
    facts: CaseFacts, targets: list[TargetFact], recipient: PartyFact | None = None
) -> list[Check]:
    out = []
    days = facts.settings.capture_max_age_days
    for x in _evidence_scope(facts, targets, recipient):
        fresh = p.capture_fresh(facts, x.id)
        if p.infringer_controlled(x):
            who = t("侵权人控制", "the infringer controls it")
            if x.control.value == "unknown":
                who = t(
                    "控制方不明，按侵权人控制处理", "control unknown, treated as the infringer's"
                )
            out.append(
                Check(
                    id=f"evidence:{x.id}",
                    rule_id="evidence.first",
                    met=fresh,
                    text=t(
                        f"目标{x.id}（{who.zh}）须有{days}天内的完整取证",
                        f"target {x.id} ({who.en}) needs a complete capture no older than "
                        f"{days} days",
                    ),
                    remedy=t(
                        f"先对目标{x.id}完整取证", f"preserve evidence of target {x.id} first"
                    ),
                    target_ids=[x.id],
                )
            )
        else:
            out.append(
                Check(
                    id=f"evidence:{x.id}",
                    rule_id="evidence.third-party",
                    met=fresh,
                    blocking=False,
                    text=t(
                        f"目标{x.id}由第三方控制：取证不那么紧迫",
                        f"target {x.id} is held by a third party: capture is less urgent",
                    ),
                    remedy=t(f"择时对目标{x.id}取证", f"capture target {x.id} when convenient"),
                    target_ids=[x.id],
                )
            )
    return out


def _basis(facts: CaseFacts) -> Check:
    ok = bool(facts.rights_in_force())
    return Check(
        id="basis",
        rule_id="basis.right-in-force",
        met=ok,
        text=t("至少有一项有效的权利", "at least one right in force"),
        remedy=t("补充有效（已续展）的权利", "add a right in force (e.g. renewed)"),
    )


def _party_for(
    facts: CaseFacts, targets: list[TargetFact], recipient: PartyFact | None
) -> PartyFact | None:
    if recipient is not None:
        return recipient
    return next((pa for x in targets if (pa := facts.party_of(x.id)) is not None), None)


def _identity(party: PartyFact | None, rule_id: str, *, verified: bool = False) -> list[Check]:
    if party is None:
        return [
            Check(
                id="identity",
                rule_id=rule_id,
                met=False,
                text=t("须知道侵权人是谁", "the infringer must be identified"),
                remedy=t(
                    "查明侵权人（WHOIS/ICP/平台披露/交易）",
                    "identify the infringer (WHOIS/ICP, provider disclosure, test purchase)",
                ),
            )
        ]
    trusted = party.verified or not verified
    identity_ok = party.identity_known and trusted
    address_ok = party.address_known and trusted
    done = "已核实" if verified else "已知", "verified" if verified else "known"
    return [
        Check(
            id="identity",
            rule_id=rule_id,
            met=identity_ok,
            text=t(f"当事人{party.id}的身份{done[0]}", f"party {party.id}'s identity {done[1]}"),
            remedy=t(f"查明并核实当事人{party.id}的身份", f"identify and verify party {party.id}"),
        ),
        Check(
            id="address",
            rule_id=rule_id,
            met=address_ok,
            text=t(f"当事人{party.id}的地址{done[0]}", f"party {party.id}'s address {done[1]}"),
            remedy=t(
                f"查明当事人{party.id}的经营者地址", f"find party {party.id}'s operator address"
            ),
        ),
    ]


def _cease_and_desist(
    facts: CaseFacts, targets: list[TargetFact], recipient: PartyFact | None
) -> list[Check]:
    out = _identity(recipient, "cd.identity-address")
    if recipient is not None:
        if recipient.role == PartyRole.PRIMARY_INFRINGER:
            out.append(
                Check(
                    id="recipient",
                    rule_id="cd.primary-only",
                    met=True,
                    text=t("收件人是主要侵权人", "the recipient is the main infringer"),
                )
            )
        elif recipient.role == PartyRole.UNKNOWN:
            out.append(
                Check(
                    id="recipient",
                    rule_id="cd.primary-only",
                    met=False,
                    text=t("收件人须是主要侵权人", "the recipient must be the main infringer"),
                    remedy=t(
                        f"确认当事人{recipient.id}是主要侵权人",
                        f"confirm party {recipient.id} is the main infringer",
                    ),
                )
            )
        else:
            out.append(
                Check(
                    id="recipient",
                    rule_id="cd.primary-only",
                    met=False,
                    remediable=False,
                    text=t(
                        f"当事人{recipient.id}是{recipient.role.value}，不是主要侵权人："
                        "向其发函有商业诋毁风险",
                        f"party {recipient.id} ({recipient.role.value.replace('_', ' ')}) is not "
                        "the main infringer: a letter to it risks a commercial-defamation claim",
                    ),
                )
            )
    return out


def _provider(
    facts: CaseFacts, targets: list[TargetFact], provider_id: str | None, kind: ActionType
) -> list[Check]:
    provider = facts.provider(provider_id)
    if provider is None:
        return [
            Check(
                id="provider",
                rule_id="notice.provider-procedure",
                met=False,
                text=t("须确定接收通知的服务提供者", "the provider to notify must be known"),
                remedy=t(
                    "查明目标的主机、平台或注册商", "find the target's host, platform or registrar"
                ),
            )
        ]
    out = [
        Check(
            id="procedure",
            rule_id="notice.provider-procedure",
            met=bool(provider.procedure),
            text=t(
                f"按{provider.name}公布的投诉规则提交",
                f"follow {provider.name}'s own complaint procedure",
            ),
            remedy=t(
                f"找到{provider.name}的投诉渠道和规则", f"find {provider.name}'s complaint channel"
            ),
        )
    ]
    if kind == ActionType.PROVIDER_NOTICE:
        missing = [x.id for x in targets if not x.url]
        out.append(
            Check(
                id="locators",
                rule_id="notice.contents",
                met=not missing,
                text=t("每个目标都有可准确定位的网址", "each target has a URL that locates it"),
                remedy=t(
                    f"补充目标{', '.join(missing)}的网址",
                    f"add URLs for target(s) {', '.join(missing)}",
                ),
                target_ids=missing,
            )
        )
        ids = {x.id for x in targets}
        for h in facts.history:
            if (
                h.provider_id == provider.id
                and h.counter_noticed
                and (h.channel or provider.channel) == Channel.NETWORK_DISSEMINATION
                and ids & set(h.target_ids)
            ):
                out.append(
                    Check(
                        id=f"renotify:{h.id}",
                        rule_id="notice.counter-copyright",
                        met=False,
                        remediable=False,
                        text=t(
                            f"{provider.name}已依反通知恢复（记录{h.id}），不得再次通知删除",
                            f"{provider.name} restored on a counter-notice (record {h.id}); "
                            "it may not be notified again",
                        ),
                        target_ids=sorted(ids & set(h.target_ids)),
                    )
                )
    return out


def _market_regulation(
    facts: CaseFacts, targets: list[TargetFact], recipient: PartyFact | None
) -> list[Check]:
    out = [
        Check(
            id="trademark",
            rule_id="amr.trademark",
            met=p.has_cn_trademark(facts),
            remediable=False,
            text=t("须有中国注册商标", "needs a trademark registered in China"),
        )
    ]
    out += _identity(_party_for(facts, targets, recipient), "amr.identity-address", verified=True)
    return out


def icp_venue(target: TargetFact, party: PartyFact | None) -> tuple[str, Text] | None:
    """The province key of the competent communications administration and why."""
    by_number = province_of_icp_number(target.icp.number)
    domicile = province(target.operator_province) or (province(party.province) if party else None)
    if by_number is not None and target.icp.status.value != "false":
        return by_number.key, t(
            f"备案号首字指向{by_number.zh}", f"the filing number's prefix names {by_number.en}"
        )
    if domicile is not None:
        return domicile.key, t(
            f"经营者住所地在{domicile.zh}", f"the operator is domiciled in {domicile.en}"
        )
    if by_number is not None:
        return by_number.key, t(
            f"虚假备案号首字指向{by_number.zh}（请核实经营者住所地）",
            f"the false number's prefix names {by_number.en} (check the operator's domicile)",
        )
    return None


def _icp(facts: CaseFacts, targets: list[TargetFact]) -> list[Check]:
    bad = [x for x in targets if x.icp.status in BAD_ICP]
    out = [
        Check(
            id="icp",
            rule_id="icp.bad-filing",
            met=bool(bad),
            remediable=False,
            text=t(
                "网站ICP备案缺失、虚假或不符",
                "the site's ICP filing is missing, false or mismatched",
            ),
            target_ids=[x.id for x in targets],
        )
    ]
    for x in bad:
        venue = icp_venue(x, facts.party_of(x.id))
        out.append(
            Check(
                id=f"venue:{x.id}",
                rule_id="icp.venue",
                met=venue is not None,
                text=t(
                    f"可确定目标{x.id}的主管通信管理局",
                    f"the competent communications administration for target {x.id} is known",
                ),
                remedy=t(
                    f"查明目标{x.id}经营者的住所地省份",
                    f"find the province where target {x.id}'s operator is",
                ),
                target_ids=[x.id],
            )
        )
    return out


def _other(targets: list[TargetFact]) -> list[Check]:
    breaches = [x for x in targets if x.breaches]
    return [
        Check(
            id="breach",
            rule_id="other.indirect-route",
            met=bool(breaches),
            remediable=False,
            text=t(
                "存在知识产权以外的违法行为（中文标识、CCC、许可）",
                "a breach outside IP law (Chinese labels, CCC, licence)",
            ),
            target_ids=[x.id for x in targets],
        )
    ]


def _domain(facts: CaseFacts, targets: list[TargetFact]) -> list[Check]:
    out: list[Check] = []
    mark_rights = [r for r in facts.rights_in_force() if r.kind in p.MARK_RIGHTS]
    out.append(
        Check(
            id="mark",
            rule_id="domain.udrp-elements"
            if any(domain_policy(x.tld) is UDRP for x in targets)
            else "domain.cndrp-elements",
            met=bool(mark_rights),
            text=t(
                "投诉人对相关名称或标志享有权利", "the complainant has rights in a name or mark"
            ),
            remedy=t("补充商标、商号或姓名等权利", "add the trademark, trade name or name right"),
        )
    )
    for x in targets:
        if x.tld is None:
            out.append(
                Check(
                    id=f"domain:{x.id}",
                    rule_id="domain.transfer-cure",
                    met=False,
                    remediable=False,
                    text=t(f"目标{x.id}没有域名", f"target {x.id} has no domain name"),
                    target_ids=[x.id],
                )
            )
            continue
        policy = domain_policy(x.tld)
        if policy is CNDRP:
            reg = x.domain_registered_on
            if reg is None:
                out.append(
                    Check(
                        id=f"age:{x.id}",
                        rule_id="domain.cndrp-age",
                        met=False,
                        text=t(
                            f"须知道域名{x.host or x.id}的注册日期",
                            f"the registration date of {x.host or x.id} must be known",
                        ),
                        remedy=t(
                            f"通过RDAP/WHOIS查询{x.host or x.id}的注册日期",
                            f"look up {x.host or x.id}'s creation date (RDAP/WHOIS)",
                        ),
                        target_ids=[x.id],
                    )
                )
            else:
                young = facts.today < shift_months(reg, 36)
                out.append(
                    Check(
                        id=f"age:{x.id}",
                        rule_id="domain.cndrp-age",
                        met=young,
                        remediable=False,
                        text=t(
                            f"域名{x.host or x.id}注册于{reg}，"
                            + ("不满三年" if young else "已满三年：CNDRP不再受理，只能诉讼"),
                            f"{x.host or x.id} was registered on {reg}: "
                            + (
                                "less than three years ago"
                                if young
                                else "three years or more ago, so CNDRP is closed; go to court"
                            ),
                        ),
                        target_ids=[x.id],
                    )
                )
        elif policy is None:
            out.append(
                Check(
                    id=f"policy:{x.id}",
                    rule_id="domain.cctld-policy",
                    met=False,
                    blocking=False,
                    text=t(
                        f".{x.tld}的争议解决政策未知", f"the dispute policy for .{x.tld} is unknown"
                    ),
                    remedy=t(
                        f"向.{x.tld}注册局查询其争议解决政策",
                        f"ask the .{x.tld} registry for its dispute policy",
                    ),
                    target_ids=[x.id],
                )
            )
    return out


def _lawsuit(
    facts: CaseFacts, targets: list[TargetFact], recipient: PartyFact | None
) -> list[Check]:
    party = _party_for(facts, targets, recipient)
    ok = party is not None and party.identity_known
    return [
        Check(
            id="defendant",
            rule_id="suit.defendant",
            met=ok,
            text=t("被告明确", "a named defendant"),
            remedy=t(
                "查明被告身份（可先请求平台披露）",
                "identify the defendant (a disclosure request may help)",
            ),
        )
    ]


def _technical() -> list[Check]:
    return [
        Check(
            id="counsel",
            rule_id="tech.counsel-approval",
            met=False,
            text=t("须有律师的书面批准", "counsel's written approval"),
            remedy=t(
                "取得律师书面批准（以律师身份书面放行）",
                "obtain counsel's written approval (recorded as a counsel override)",
            ),
        )
    ]


def evaluate(
    facts: CaseFacts,
    action_type: ActionType,
    *,
    target_ids: Sequence[str],
    recipient_party_id: str | None = None,
    provider_id: str | None = None,
) -> list[Check]:
    """Every precondition of ``action_type`` on these targets, met or not."""
    kind = ActionType(action_type)
    targets = _need_targets(facts, target_ids)
    recipient = None
    if recipient_party_id is not None:
        recipient = facts.party(str(recipient_party_id))
        if recipient is None:
            raise NotFound("party", recipient_party_id)
    if provider_id is not None and facts.provider(str(provider_id)) is None:
        raise NotFound("provider", provider_id)
    prov = str(provider_id) if provider_id is not None else None
    checks = [_basis(facts)]
    if kind in EVIDENCE_GATED:
        checks += evidence_checks(facts, targets, recipient)
    if kind == ActionType.CEASE_AND_DESIST:
        checks += _cease_and_desist(facts, targets, recipient)
    elif kind in (ActionType.PROVIDER_NOTICE, ActionType.DISCLOSURE_REQUEST):
        checks += _provider(facts, targets, prov, kind)
    elif kind == ActionType.MARKET_REGULATION_COMPLAINT:
        checks += _market_regulation(facts, targets, recipient)
    elif kind == ActionType.ICP_COMPLAINT:
        checks += _icp(facts, targets)
    elif kind == ActionType.OTHER_AUTHORITY_COMPLAINT:
        checks += _other(targets)
    elif kind == ActionType.DOMAIN_DISPUTE:
        checks += _domain(facts, targets)
    elif kind == ActionType.LAWSUIT:
        checks += _lawsuit(facts, targets, recipient)
    elif kind == ActionType.TECHNICAL_MEASURE:
        checks += _technical()
    for c in checks:
        get_rule(c.rule_id)  # every check cites a real rule
    return checks


def check_action(
    facts: CaseFacts,
    action_type: ActionType,
    *,
    target_ids: Sequence[str],
    recipient_party_id: str | None = None,
    provider_id: str | None = None,
    waived: Collection[str] = (),
) -> list[Block]:
    """The rules that forbid this action now (empty when it may go out). ``waived``:
    rules a document itself answers (the memo asking counsel for the approval that
    ``tech.counsel-approval`` wants cannot wait for that approval)."""
    return [
        Block(
            rule_id=c.rule_id,
            text=c.text,
            remedy=c.remedy,
            remediable=c.remediable,
            target_ids=c.target_ids,
        )
        for c in evaluate(
            facts,
            action_type,
            target_ids=target_ids,
            recipient_party_id=recipient_party_id,
            provider_id=provider_id,
        )
        if c.blocking and not c.met and c.rule_id not in waived
    ]


def enforce(
    facts: CaseFacts,
    action_type: ActionType,
    *,
    target_ids: Sequence[str],
    recipient_party_id: str | None = None,
    provider_id: str | None = None,
    override: Override | None = None,
    waived: Collection[str] = (),
) -> list[Block]:
    """Raise ``GateBlocked`` for the first block, unless counsel overrides.

    Returns the blocks that the override set aside (empty when nothing blocked),
    so the caller can record them with the override's reason.
    """
    blocks = check_action(
        facts,
        action_type,
        target_ids=target_ids,
        recipient_party_id=recipient_party_id,
        provider_id=provider_id,
        waived=waived,
    )
    if not blocks:
        return []
    if override is not None and override.valid:
        return blocks
    first = blocks[0]
    message, zh = first.text.en, first.text.zh
    if first.remedy is not None:
        message += f" (to do: {first.remedy.en})"
        zh += f"（应做：{first.remedy.zh}）"
    if override is not None:
        message += "; override refused: only counsel may override, with a written reason"
        zh += "；豁免被拒绝：只有律师可以书面说明理由后豁免"
    raise GateBlocked(first.rule_id, message, zh)


__all__ = [
    "EVIDENCE_GATED",
    "Block",
    "Check",
    "Override",
    "RightKind",
    "check_action",
    "enforce",
    "evaluate",
    "icp_venue",
]
