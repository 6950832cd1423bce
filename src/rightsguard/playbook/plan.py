"""The planner: facts in, a ranked, explained plan out.

``make_plan(facts)`` gathers candidate actions for each means of enforcement,
runs every gate, ranks what may go ahead by the guide's yardsticks (cost,
speed, effectiveness, deterrence, reach, legal risk) weighted by the case's
goals and nature, and lists what is blocked and why. ``plan_to_dict`` gives
its JSON form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rightsguard.domain.enums import ActionType, Control, Goal
from rightsguard.playbook import predicates as p
from rightsguard.playbook.clocks import (
    Basis,
    Clock,
    Urgency,
    add_days,
    add_months,
    make_clock,
)
from rightsguard.playbook.criminal import criminal_indicators
from rightsguard.playbook.damages import punitive_text
from rightsguard.playbook.facts import CaseFacts, Outcome, Relevance, parse_facts
from rightsguard.playbook.gates import Block, evaluate
from rightsguard.playbook.means.amr import market_regulation
from rightsguard.playbook.means.authorities import other_authorities
from rightsguard.playbook.means.common import Candidate
from rightsguard.playbook.means.domains import domain_disputes
from rightsguard.playbook.means.icp import icp_complaints
from rightsguard.playbook.means.lawsuit import lawsuits, limitation_clock
from rightsguard.playbook.means.letters import cease_and_desist
from rightsguard.playbook.means.notices import (
    counter_notice_channel,
    counter_notice_clocks,
    counter_notice_replies,
    disclosure_requests,
    provider_notices,
)
from rightsguard.playbook.means.police import police_reports
from rightsguard.playbook.means.profiles import PROFILES
from rightsguard.playbook.means.technical import technical_measures
from rightsguard.playbook.output import (
    BlockedAction,
    CaptureItem,
    Level,
    Note,
    Plan,
    PlannedAction,
    Rationale,
    Step,
)
from rightsguard.playbook.rules import applicable_rules, get_rule
from rightsguard.playbook.text import Text, t

A = ActionType
_VAL = {Level.LOW: 0.0, Level.MEDIUM: 1.0, Level.HIGH: 2.0}

GOAL_BONUS: dict[Goal, dict[ActionType, float]] = {
    Goal.REMOVE_LINKS: {
        A.PROVIDER_NOTICE: 2.0,
        A.ICP_COMPLAINT: 1.5,
        A.DOMAIN_DISPUTE: 1.0,
        A.OTHER_AUTHORITY_COMPLAINT: 1.0,
        A.COUNTER_NOTICE_REPLY: 1.0,
    },
    Goal.BLOCK_ACCESS: {
        A.ICP_COMPLAINT: 2.0,
        A.TECHNICAL_MEASURE: 1.0,
        A.DOMAIN_DISPUTE: 1.5,
        A.PROVIDER_NOTICE: 1.0,
    },
    Goal.TRANSFER_DOMAIN: {A.DOMAIN_DISPUTE: 3.0},
    Goal.COMPENSATION: {A.LAWSUIT: 3.0},
    Goal.DETERRENCE: {
        A.LAWSUIT: 2.0,
        A.MARKET_REGULATION_COMPLAINT: 1.5,
        A.POLICE_REPORT: 1.5,
        A.OTHER_AUTHORITY_COMPLAINT: 0.5,
    },
}

DISCLAIMER = t(
    "本计划依据公开的法律资料和2015年实务指南自动生成，不构成法律意见；标注“未核实”的内容须律师确认。",
    "This plan is generated from public legal sources and a 2015 practice guide; it is not "
    "legal advice. Items marked unverified need counsel's confirmation.",
)


def _weights(facts: CaseFacts) -> dict[str, float]:
    w = {
        "cost": 1.0,
        "speed": 1.0,
        "effectiveness": 2.0,
        "deterrence": 1.0,
        "reach": 0.5,
        "legal_risk": 1.0,
    }
    if p.minor(facts):  # strategy.cheap-fast-minor
        w["cost"] += 1.5
        w["speed"] += 1.0
        w["deterrence"] -= 0.5
    if p.serious(facts) or p.repeat(facts):
        w["deterrence"] += 2.0
        w["effectiveness"] += 0.5
        w["cost"] -= 0.5
    return w


def score(facts: CaseFacts, kind: ActionType, rationale: Rationale, bonus: float) -> float:
    w = _weights(facts)
    value = (
        w["cost"] * (2 - _VAL[rationale.cost.level])
        + w["speed"] * _VAL[rationale.speed.level]
        + w["effectiveness"] * _VAL[rationale.effectiveness.level]
        + w["deterrence"] * _VAL[rationale.deterrence.level]
        + w["reach"] * _VAL[rationale.reach.level]
        + w["legal_risk"] * (2 - _VAL[rationale.legal_risk.level])
    )
    for goal in set(facts.goals):
        value += GOAL_BONUS.get(goal, {}).get(kind, 0.0)
    return round(value + bonus, 2)


def capture_priority(facts: CaseFacts) -> list[CaptureItem]:
    """Targets lacking a fresh complete capture, most urgent first (the guide, I.3)."""
    rows = []
    for x in facts.targets:
        if p.capture_fresh(facts, x.id):
            continue
        control = {Control.INFRINGER: 0, Control.UNKNOWN: 1, Control.THIRD_PARTY: 2}[x.control]
        relevance = {Relevance.HIGH: 0, Relevance.NORMAL: 1, Relevance.LOW: 2}[x.relevance]
        stale = facts.latest_capture(x.id) is not None
        rule = "evidence.first" if p.infringer_controlled(x) else "evidence.third-party"
        reason = t(
            f"控制方：{x.control.value}；相关性：{x.relevance.value}"
            + ("；已有取证过期" if stale else "；尚无完整取证"),
            f"control: {x.control.value}; relevance: {x.relevance.value}"
            + ("; last capture too old" if stale else "; no complete capture yet"),
        )
        rows.append(((control, relevance, x.id), x.id, rule, reason))
    rows.sort(key=lambda r: r[0])
    return [
        CaptureItem(target_id=tid, priority=i + 1, rule_id=rule, reason=reason)
        for i, (_, tid, rule, reason) in enumerate(rows)
    ]


def history_clocks(facts: CaseFacts) -> tuple[list[Clock], list[Note]]:
    """Clocks already running because of actions taken."""
    clocks: list[Clock] = []
    notes: list[Note] = []
    today = facts.today
    patent = p.has_patent(facts)
    punitive = punitive_text(facts)
    for h in facts.history:
        if h.type == A.CEASE_AND_DESIST:
            if h.outcome in (Outcome.PENDING, Outcome.RECEIVED, Outcome.NO_REPLY):
                clocks.append(
                    make_clock(
                        id=f"cd.follow-up:{h.id}",
                        label=t("复查侵权是否停止", "check whether it stopped"),
                        start=h.sent_on,
                        due=add_days(h.sent_on, facts.settings.follow_up_days),
                        rule_id="cd.follow-up",
                        basis=Basis.CN_DAYS,
                        today=today,
                        consequence=t(
                            "仍在侵权则认定为故意并升级",
                            "if it continues, treat it as wilful and escalate",
                        ),
                    )
                )
            if h.reminder_on is not None or h.reminder_sent_on is not None:
                if h.reminder_on is not None:
                    start = h.reminder_on
                    due = add_months(h.reminder_on, 1)
                    latest = add_months(h.reminder_sent_on, 2) if h.reminder_sent_on else None
                else:
                    assert h.reminder_sent_on is not None
                    start = h.reminder_sent_on
                    due = add_months(h.reminder_sent_on, 2)
                    latest = None
                clocks.append(
                    make_clock(
                        id=f"cd.non-infringement-declaration:{h.id}",
                        label=t(
                            "撤回警告或起诉" + ("" if patent else "（类推参考，非法定）"),
                            "withdraw the warning or sue"
                            + ("" if patent else " (guidance by analogy, not law)"),
                        ),
                        start=start,
                        due=due,
                        due_latest=latest,
                        rule_id="cd.non-infringement-declaration",
                        basis=Basis.CN_DAYS if patent else Basis.GUIDANCE,
                        today=today,
                        guidance_only=not patent,
                        consequence=t(
                            "对方可提起确认不侵权之诉",
                            "the recipient may sue for a declaration of non-infringement",
                        ),
                    )
                )
            elif h.outcome != Outcome.COMPLIED:
                notes.append(
                    Note(
                        rule_id="cd.non-infringement-declaration",
                        text=t(
                            f"函件{h.id}：对方若书面催告起诉，期限自催告起算"
                            "（专利为法定，其他为参考）。",
                            f"Letter {h.id}: if the recipient demands in writing that we sue, "
                            "a clock starts from that demand (law for patents, guidance "
                            "otherwise).",
                        ),
                    )
                )
            if h.outcome == Outcome.CONTINUED:
                notes.append(
                    Note(
                        rule_id="cd.wilful-after-receipt",
                        level="warn",
                        text=t(
                            f"函件{h.id}送达后侵权仍在继续：按故意侵权处理，"
                            f"依据{punitive.zh}主张惩罚性赔偿，并升级处理。",
                            f"Infringement continued after letter {h.id} arrived: treat it as "
                            f"wilful (aggravating; punitive damages under {punitive.en}) and "
                            "escalate.",
                        ),
                    )
                )
        if h.counter_noticed and h.type == A.PROVIDER_NOTICE:
            channel = counter_notice_channel(facts, h)
            clocks += counter_notice_clocks(facts, h, channel)
    limitation = limitation_clock(facts)
    if limitation is not None:
        clocks.append(limitation)
    return clocks, notes


def _strategy_notes(
    facts: CaseFacts, blocked: list[BlockedAction], actions: list[PlannedAction]
) -> list[Note]:
    notes: list[Note] = []

    def add(rule_id: str, level: str = "info", text: Text | None = None) -> None:
        notes.append(Note(rule_id=rule_id, level=level, text=text or get_rule(rule_id).statement))

    if p.no_internet_goals(facts):
        add("strategy.internet-goals")
    if p.minor(facts):
        add("strategy.cheap-fast-minor")
    if blocked or p.stalled(facts):
        kinds = []
        for a in actions:
            if a.type not in kinds:
                kinds.append(a.type)
        names = [a.title for a in actions if a.type in kinds[:3]][:3]
        add(
            "strategy.multi-angle",
            text=t(
                "某些途径受阻或进展缓慢：同时推进——" + "；".join(n.zh for n in names),
                "Some routes are blocked or slow: run in parallel: "
                + "; ".join(n.en for n in names),
            ),
        )
    if p.org_gaps(facts):
        add("strategy.internal-team")
    if p.no_liaison(facts):
        add("strategy.provider-liaison")
    if p.terrain_unknown(facts):
        add("strategy.know-terrain")
    if p.identity_unknown(facts):
        add("identify.lookups")
        if p.has_shops(facts):
            add("identify.test-purchase")
    if p.repeat(facts):
        back = [x.id for x in p.reappeared(facts)] + [
            x.id for x in p.new_targets_of_known_parties(facts)
        ]
        add(
            "repeat.detect",
            "warn",
            t(
                f"重复侵权（目标：{', '.join(back) or '两年内再犯'}）："
                "升级为域名争议、诉讼或平台重复侵权机制。",
                f"Repeat infringement (targets: {', '.join(back) or 'repeat within 2 years'}): "
                "escalate to a domain dispute, a lawsuit or the provider's repeat-infringer "
                "mechanism.",
            ),
        )
    if p.has_third_party_targets(facts):
        add("evidence.third-party", "info")
    if p.has_targets(facts):
        add("evidence.trusted-means")
    if p.indirect_route(facts):
        add("other.indirect-route")
    if facts.nature.parallel_import:
        add(
            "notice.doubtful-cases",
            "warn",
            t(
                "平行进口不是商标法明确规制的问题：平台可能犹豫，优先考虑标识、认证、许可等间接途径。",
                "Parallel imports are not squarely covered by the Trademark Law: platforms may "
                "hesitate, so prefer the labelling, certification and licensing routes.",
            ),
        )
    return notes


def make_plan(facts: CaseFacts) -> Plan:
    """Build the enforcement plan for ``facts``."""
    indicators = criminal_indicators(facts)
    candidates: list[Candidate] = []
    candidates += counter_notice_replies(facts)
    candidates += provider_notices(facts)
    candidates += disclosure_requests(facts)
    candidates += cease_and_desist(facts)
    candidates += market_regulation(facts)
    candidates += icp_complaints(facts)
    candidates += other_authorities(facts)
    candidates += domain_disputes(facts)
    candidates += lawsuits(facts)
    candidates += police_reports(facts, sum(1 for i in indicators if i.asks is None))
    candidates += technical_measures(facts)

    actions: list[PlannedAction] = []
    blocked: list[BlockedAction] = []
    for c in candidates:
        checks = (
            evaluate(
                facts,
                c.type,
                target_ids=c.target_ids,
                recipient_party_id=c.recipient,
                provider_id=c.provider,
            )
            + c.extra
        )
        hard = [x for x in checks if x.blocking and not x.met and not x.remediable]
        rule_ids = sorted(set(c.rule_ids) | {x.rule_id for x in checks})
        if hard:
            blocked.append(
                BlockedAction(
                    key=c.key,
                    type=c.type,
                    title=c.title,
                    target_ids=c.target_ids,
                    recipient_party_id=c.recipient,
                    provider_id=c.provider,
                    blocks=[
                        Block(
                            rule_id=x.rule_id,
                            text=x.text,
                            remedy=x.remedy,
                            remediable=False,
                            target_ids=x.target_ids,
                        )
                        for x in hard
                    ],
                    alternative=c.alternative,
                )
            )
            continue
        rationale = PROFILES[c.type]
        passed = _passed_windows(c.clocks)
        action_notes = list(c.notes) + [_window_note(x) for x in passed]
        actions.append(
            PlannedAction(
                key=c.key,
                rank=0,
                type=c.type,
                title=c.title,
                target_ids=c.target_ids,
                recipient_party_id=c.recipient,
                provider_id=c.provider,
                channel=c.channel,
                venue=c.venue,
                rationale=rationale,
                score=score(facts, c.type, rationale, c.bonus),
                ready=not passed and all(x.met for x in checks if x.blocking),
                requires_counsel=c.requires_counsel,
                preconditions=checks,
                clocks=c.clocks,
                elements=c.elements,
                notes=action_notes,
                rule_ids=rule_ids,
                details=c.details,
                window_passed=bool(passed),
            )
        )
    actions.sort(key=lambda a: (a.window_passed, -a.score, not a.ready, a.key))
    actions = [a.model_copy(update={"rank": i + 1}) for i, a in enumerate(actions)]

    clocks, history_notes = history_clocks(facts)
    notes = history_notes + _strategy_notes(facts, blocked, actions)
    steps = _urgent_steps(clocks, actions) + _next_steps(facts, actions)
    used = {r for a in actions for r in a.rule_ids}
    used |= {b.rule_id for x in blocked for b in x.blocks}
    used |= {n.rule_id for n in notes} | {c.rule_id for c in clocks}
    used |= {i.rule_id for i in indicators}
    used |= {r.id for r in applicable_rules(facts) if r.id in used or not r.actions}
    for rid in used:
        get_rule(rid)
    return Plan(
        today=facts.today,
        actions=actions,
        blocked=blocked,
        next_steps=steps,
        capture_priority=capture_priority(facts),
        clocks=clocks,
        indicators=indicators,
        notes=notes,
        rules_applied=sorted(used),
        disclaimer=DISCLAIMER,
    )


def _passed_windows(clocks: list[Clock]) -> list[Clock]:
    """The action's legal windows that have closed (targets and projections aside)."""
    return [c for c in clocks if c.expired and not c.projected and not c.guidance_only]


def _window_note(clock: Clock) -> Note:
    return Note(
        rule_id=clock.rule_id,
        level="warn",
        text=t(
            f"期限已过（{clock.label.zh}，{clock.due}届满）：该行动不再就绪，须律师评估是否仍可进行。",
            f"Window passed ({clock.label.en}, ended {clock.due}): this action is no longer "
            "ready; counsel should judge whether it can still go ahead.",
        ),
    )


def _urgent_steps(clocks: list[Clock], actions: list[PlannedAction]) -> list[Step]:
    """A warning step for every clock ending within the urgent window, soonest first."""
    found: dict[str, tuple[Clock, list[str]]] = {}
    for c in clocks:
        found.setdefault(c.id, (c, []))
    for a in actions:
        for c in a.clocks:
            found.setdefault(c.id, (c, []))[1].append(a.key)
    urgent = [v for v in found.values() if v[0].urgency == Urgency.URGENT and not v[0].projected]
    urgent.sort(key=lambda v: (v[0].due, v[0].id))
    return [
        Step(
            text=t(
                f"紧急：{c.label.zh}将于{c.due}届满（剩{c.days_left}天）——{c.consequence.zh}",
                f"URGENT: {c.label.en} ends {c.due} ({c.days_left} days left); otherwise "
                f"{c.consequence.en}",
            ),
            rule_id=c.rule_id,
            action_keys=keys,
            level="warn",
            clock_id=c.id,
        )
        for c, keys in urgent
    ]


def _next_steps(facts: CaseFacts, actions: list[PlannedAction]) -> list[Step]:
    """Remedies for missing blocking preconditions, evidence first, deduplicated."""
    found: dict[str, tuple[int, Step]] = {}
    for a in actions:
        for c in a.preconditions:
            if c.met or c.remedy is None:
                continue
            key = c.remedy.en
            order = 0 if c.rule_id == "evidence.first" else (1 if c.blocking else 2)
            if key in found:
                found[key][1].action_keys.append(a.key)
            else:
                found[key] = (order, Step(text=c.remedy, rule_id=c.rule_id, action_keys=[a.key]))
    ranked = sorted(found.values(), key=lambda v: (v[0], -len(v[1].action_keys), v[1].text.en))
    return [s for _, s in ranked]


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (dates as ISO strings)."""
    data: dict[str, Any] = plan.model_dump(mode="json")
    return data


def plan_for(obj: object, *, today: date | None = None) -> Plan:
    """Parse a facts document and plan it in one step."""
    return make_plan(parse_facts(obj, today=today))
