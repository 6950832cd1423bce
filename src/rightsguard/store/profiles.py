"""Named profiles in the database: the right holder's identity for documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rightsguard.store.models import ProfileRow, utcnow

if TYPE_CHECKING:
    from rightsguard.store.base import Store

HOLDER_FIELDS = (
    "name",
    "address",
    "email",
    "phone",
    "uscc",
    "signatory",
    "agent",
    "country",
    "legal_representative",  # the holder's 法定代表人 (a civil complaint names it)
    "legal_representative_title",
    "signatory_capacity",  # the signer's capacity (English documents: "General Counsel")
    "law_firm",  # with ``lawyer``: the firm that signs a lawyer's letter (律师函)
    "lawyer",
    "identity_doc",  # {name, sha256, size}: the holder's business licence / identity
    "authorisation_doc",  # {name, sha256, size}: the agent's authorisation
)
#: the holder's documents kept as files in the evidence store (annexes of every notice)
HOLDER_DOCUMENTS = ("identity_doc", "authorisation_doc")


def get_profile(store: Store, key: str) -> dict[str, Any]:
    with store.transaction() as session:
        row = session.get(ProfileRow, key)
        return dict(row.data) if row is not None else {}


def update_profile(store: Store, key: str, changes: dict[str, Any]) -> dict[str, Any]:
    with store.transaction() as session:
        row = session.get(ProfileRow, key)
        before = dict(row.data) if row is not None else {}
        after = {**before, **{k: v for k, v in changes.items() if v is not None}}
        if row is None:
            session.add(ProfileRow(key=key, data=after))
        else:
            row.data = after
            row.updated_at = utcnow()
        store.record(
            session, "profile.updated", "profile", None, before=before, after=after, reason=key
        )
        return after
