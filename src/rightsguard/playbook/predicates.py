"""Small predicates over case facts, shared by the rule table, gates and plan."""

from __future__ import annotations

from datetime import date

from rightsguard.domain.enums import (
    ActionType,
    Control,
    Goal,
    PartyRole,
    ProviderKind,
    RightKind,
    TargetKind,
    TargetStatus,
)
from rightsguard.playbook.facts import (
    BAD_ICP,
    Breach,
    CaseFacts,
    Outcome,
    Severity,
    TargetFact,
)
from rightsguard.playbook.venues import CNDRP, UDRP, domain_policy

EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
MARK_RIGHTS = frozenset(
    {RightKind.TRADEMARK, RightKind.TRADE_NAME, RightKind.PERSONALITY, RightKind.DOMAIN_NAME}
)


def always(_: CaseFacts) -> bool:
    return True


def infringer_controlled(target: TargetFact) -> bool:
    """Unknown control is treated as the infringer's (the cautious reading of I.3)."""
    return target.control in (Control.INFRINGER, Control.UNKNOWN)


def capture_fresh(facts: CaseFacts, target_id: str, today: date | None = None) -> bool:
    cap = facts.latest_capture(target_id)
    if cap is None:
        return False
    age = ((today or facts.today) - cap.at.date()).days
    return age <= facts.settings.capture_max_age_days


def has_infringer_targets(f: CaseFacts) -> bool:
    return any(infringer_controlled(x) for x in f.targets)


def has_third_party_targets(f: CaseFacts) -> bool:
    return any(x.control == Control.THIRD_PARTY for x in f.targets)


def has_targets(f: CaseFacts) -> bool:
    return bool(f.targets)


def primaries(f: CaseFacts) -> list[str]:
    return [p.id for p in f.parties if p.role == PartyRole.PRIMARY_INFRINGER]


def identity_unknown(f: CaseFacts) -> bool:
    known = [p for p in f.parties if p.role == PartyRole.PRIMARY_INFRINGER and p.identity_known]
    return bool(f.targets) and not known


def address_unknown(f: CaseFacts) -> bool:
    return any(p.role == PartyRole.PRIMARY_INFRINGER and not p.address_known for p in f.parties)


def has_primary(f: CaseFacts) -> bool:
    return bool(primaries(f))


def has_non_primary(f: CaseFacts) -> bool:
    return any(
        p.role in (PartyRole.CUSTOMER, PartyRole.SUPPLIER, PartyRole.OTHER_THIRD_PARTY)
        for p in f.parties
    )


def has_shops(f: CaseFacts) -> bool:
    return any(x.kind in (TargetKind.SHOP, TargetKind.LISTING) for x in f.targets)


def is_domain_target(target: TargetFact) -> bool:
    return target.tld is not None and (
        target.kind == TargetKind.DOMAIN or bool(target.domain_similar_to_mark)
    )


def domain_targets(f: CaseFacts) -> list[TargetFact]:
    return [x for x in f.targets if is_domain_target(x)]


def has_cn_domains(f: CaseFacts) -> bool:
    return any(domain_policy(x.tld) is CNDRP for x in domain_targets(f))


def has_udrp_domains(f: CaseFacts) -> bool:
    return any(domain_policy(x.tld) is UDRP for x in domain_targets(f))


def has_other_cctld_domains(f: CaseFacts) -> bool:
    return any(domain_policy(x.tld) not in (CNDRP, UDRP) for x in domain_targets(f))


def minor(f: CaseFacts) -> bool:
    return f.nature.severity in (Severity.MINOR, Severity.NEGLIGENT)


def continued_after_letter(f: CaseFacts) -> bool:
    return any(
        h.type == ActionType.CEASE_AND_DESIST and h.outcome == Outcome.CONTINUED for h in f.history
    )


def wilful(f: CaseFacts) -> bool:
    return f.nature.severity == Severity.WILFUL or continued_after_letter(f)


def serious(f: CaseFacts) -> bool:
    n = f.nature
    return wilful(f) or n.scale.value == "large" or n.complex or n.novel_or_typical


def sent(f: CaseFacts, kind: ActionType) -> bool:
    return any(h.type == kind for h in f.history)


def letter_sent(f: CaseFacts) -> bool:
    return sent(f, ActionType.CEASE_AND_DESIST)


def patent_letter_sent(f: CaseFacts) -> bool:
    return letter_sent(f) and any(r.kind == RightKind.PATENT for r in f.rights)


def has_kind(f: CaseFacts, kind: RightKind) -> bool:
    return any(r.kind == kind for r in f.rights)


def has_cn_trademark(f: CaseFacts) -> bool:
    return any(r.kind == RightKind.TRADEMARK and r.jurisdiction.upper() == "CN" for r in f.rights)


def has_patent(f: CaseFacts) -> bool:
    return has_kind(f, RightKind.PATENT)


def has_providers(f: CaseFacts) -> bool:
    return bool(f.providers) or any(x.platform for x in f.targets)


def has_ecommerce(f: CaseFacts) -> bool:
    return any(
        p.ecommerce or (p.ecommerce is None and p.kind == ProviderKind.PLATFORM)
        for p in f.providers
    ) or has_shops(f)


def has_us_copyright_host(f: CaseFacts) -> bool:
    return has_kind(f, RightKind.COPYRIGHT) and (
        any((p.country or "").upper() == "US" for p in f.providers)
        or any((x.host_country or "").upper() == "US" for x in f.targets)
    )


def has_eu_provider(f: CaseFacts) -> bool:
    return any((p.country or "").upper() in EU_COUNTRIES for p in f.providers)


def has_foreign_host(f: CaseFacts) -> bool:
    return any((p.country or "CN").upper() != "CN" for p in f.providers) or any(
        (x.host_country or "CN").upper() != "CN" for x in f.targets
    )


def counter_noticed(f: CaseFacts) -> bool:
    return any(h.counter_noticed for h in f.history)


def bad_icp(f: CaseFacts) -> bool:
    return any(x.icp.status in BAD_ICP for x in f.targets)


def has_labels_breach(f: CaseFacts) -> bool:
    return any(Breach.LABELS_NOT_CHINESE in x.breaches for x in f.targets)


def has_ccc_breach(f: CaseFacts) -> bool:
    return any(Breach.NO_CCC in x.breaches for x in f.targets)


def has_licence_breach(f: CaseFacts) -> bool:
    return any(Breach.NO_LICENCE in x.breaches for x in f.targets)


def indirect_route(f: CaseFacts) -> bool:
    return f.nature.parallel_import or any(x.breaches for x in f.targets)


def reappeared(f: CaseFacts) -> list[TargetFact]:
    return [x for x in f.targets if x.status == TargetStatus.REAPPEARED]


def new_targets_of_known_parties(f: CaseFacts) -> list[TargetFact]:
    """Targets never actioned whose party already had another target actioned."""
    actioned = {tid for h in f.history for tid in h.target_ids}
    out = []
    for x in f.targets:
        if x.id in actioned:
            continue
        party = f.party_of(x.id)
        if party is None:
            continue
        if any(o.id in actioned for o in f.targets_of(party.id) if o.id != x.id):
            out.append(x)
    return out


def repeat(f: CaseFacts) -> bool:
    return bool(reappeared(f) or new_targets_of_known_parties(f)) or f.nature.repeat_within_2_years


def repeat_domain(f: CaseFacts) -> bool:
    return repeat(f) and bool(domain_targets(f))


def has_rights(f: CaseFacts) -> bool:
    return bool(f.rights)


def has_computer_acts(f: CaseFacts) -> bool:
    return bool(f.nature.computer_acts)


def amounts_reported(f: CaseFacts) -> bool:
    n = f.nature
    return any(
        v is not None
        for v in (
            n.illegal_gains,
            n.business_volume,
            n.sales_amount,
            n.works_disseminated,
            n.clicks,
            n.registered_members,
        )
    )


def wants_block(f: CaseFacts) -> bool:
    return Goal.BLOCK_ACCESS in f.goals


def no_internet_goals(f: CaseFacts) -> bool:
    return not ({Goal.REMOVE_LINKS, Goal.BLOCK_ACCESS} & set(f.goals))


def stalled(f: CaseFacts) -> bool:
    bad = {Outcome.NO_REPLY, Outcome.REJECTED, Outcome.COUNTER_NOTICED, Outcome.CONTINUED}
    return any(h.outcome in bad for h in f.history)


def org_gaps(f: CaseFacts) -> bool:
    o = f.organisation
    return not (o.online_team and o.monitoring)


def no_liaison(f: CaseFacts) -> bool:
    return not f.organisation.provider_liaison


def terrain_unknown(f: CaseFacts) -> bool:
    """Targets whose host, platform or provider is still unknown (III.1)."""
    return any(not f.providers_for(x.id) and x.tld is None for x in f.targets) or any(
        not f.providers_for(x.id) for x in f.targets
    )


def shops_or_listings(f: CaseFacts) -> bool:
    return has_shops(f)
