"""The playbook's gates applied to one document for one recipient.

Drafting and dispatch both ask the same question: with this recipient as the party a
letter goes to (or the provider a notice goes to), do the gates let this action go ahead?
``gate`` answers it (raising ``GateBlocked`` unless counsel overrides with a reason) and
returns the overrides to record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rightsguard.actions.case_facts import facts_document
from rightsguard.actions.catalog import DocumentKind
from rightsguard.domain.enums import ActionType, PartyRole, ProviderKind
from rightsguard.domain.errors import InvalidValue
from rightsguard.playbook import parse_facts
from rightsguard.playbook.facts import (
    CaseFacts,
    Channel,
    IcpFiling,
    IcpStatus,
    PartyFact,
    ProviderFact,
)
from rightsguard.playbook.gates import Override, enforce
from rightsguard.store import Store
from rightsguard.workspace import Workspace


@dataclass(frozen=True)
class Recipient:
    name: str | None = None
    address: str | None = None
    email: str | None = None
    role: str = "provider"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "address": self.address, "email": self.email, "role": self.role}


class FactsCache:
    """The case's facts, parsed once and reused across many drafts (bulk notices)."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[int, date], CaseFacts] = {}

    def get(self, ws: Workspace, store: Store, case_id: int, today: date) -> CaseFacts:
        key = (case_id, today)
        if key not in self._parsed:
            doc = facts_document(
                store, case_id, today=today, capture_max_age_days=ws.settings.capture_max_age_days
            )
            self._parsed[key] = parse_facts(doc, today=today)
        return self._parsed[key]


def facts_for_recipient(
    base: CaseFacts,
    document: DocumentKind,
    recipient: Recipient,
    target_ids: list[str],
    doc_facts: dict[str, Any] | None = None,
) -> tuple[CaseFacts, str | None, str | None]:
    """The case's facts, with the recipient as the party a letter is addressed to, or as
    the provider a notice goes to, and what the user asserts for this document (an ICP
    filing found false or mismatched)."""
    update: dict[str, Any] = {}
    status = (doc_facts or {}).get("icp_status")
    if document.action_type is ActionType.ICP_COMPLAINT and status:
        try:
            filing = IcpFiling(status=IcpStatus(status), number=(doc_facts or {}).get("icp_number"))
        except ValueError:
            raise InvalidValue(
                "--fact",
                f"icp_status {status!r} is not one of {', '.join(s.value for s in IcpStatus)}",
            ) from None
        chosen = set(target_ids)
        base = base.model_copy(
            update={
                "targets": [
                    t.model_copy(update={"icp": filing}) if t.id in chosen else t
                    for t in base.targets
                ]
            }
        )
    party_id = None
    if document.action_type is ActionType.CEASE_AND_DESIST:
        try:
            role = PartyRole(recipient.role)
        except ValueError:
            raise InvalidValue(
                "--to-role",
                f"{recipient.role!r} is not one of {', '.join(r.value for r in PartyRole)}",
            ) from None
        party_id = "recipient"
        update["parties"] = [
            *base.parties,
            PartyFact(
                id=party_id,
                role=role,
                name=recipient.name,
                identity_known=bool(recipient.name),
                address_known=bool(recipient.address),
                target_ids=target_ids,
            ),
        ]
    provider_id = None
    if document.action_type in (ActionType.PROVIDER_NOTICE, ActionType.DISCLOSURE_REQUEST):
        provider_id = "recipient"
        if recipient.email:
            procedure: str | None = f"e-mail to {recipient.email}"
        else:
            procedure = f"post to {recipient.address}" if recipient.address else None
        update["providers"] = [
            *base.providers,
            ProviderFact(
                id=provider_id,
                name=recipient.name or recipient.email or "provider",
                kind=ProviderKind.PLATFORM
                if document.channel == "ecommerce"
                else ProviderKind.HOST,
                channel=Channel(document.channel) if document.channel else None,
                procedure=procedure,
                ecommerce=document.channel == "ecommerce",
                target_ids=target_ids,
            ),
        ]
        chosen = set(target_ids)
        update["targets"] = [
            t.model_copy(update={"provider_ids": [*t.provider_ids, provider_id]})
            if t.id in chosen
            else t
            for t in base.targets
        ]
    return base.model_copy(update=update), party_id, provider_id


def gate(
    ws: Workspace,
    store: Store,
    case_id: int,
    document: DocumentKind,
    recipient: Recipient,
    target_ids: list[int],
    role: str,
    override_reason: str | None,
    today: date,
    cache: FactsCache | None = None,
    doc_facts: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Enforce the gates for this document and recipient; the overrides to record."""
    ids = [str(t) for t in target_ids]
    base = (cache or FactsCache()).get(ws, store, case_id, today)
    facts, party_id, provider_id = facts_for_recipient(base, document, recipient, ids, doc_facts)
    override = Override(role, override_reason) if override_reason else None
    blocks = enforce(
        facts,
        document.action_type,
        target_ids=ids,
        recipient_party_id=party_id,
        provider_id=provider_id,
        override=override,
        waived=document.waives,
    )
    return [
        {"rule_id": b.rule_id, "text": b.text.en, "role": role, "reason": override_reason}
        for b in blocks
    ]
