"""Raw replies of identification lookups (pages, RDAP JSON, WHOIS text, DNS
answers, favicons) enter the ledger once each: their SHA-256 was recorded on
the observables they gave; here each such reply gets its leaf."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rightsguard.evidence.ledger import Ledger
from rightsguard.store.ledger import refs_starting
from rightsguard.store.observables import sources_of_targets

if TYPE_CHECKING:
    from rightsguard.store import Store

EVIDENCE_KEYS = ("evidence_sha256", "dns_evidence_sha256")


def ledger_lookup_replies(store: Store, ledger: Ledger, target_ids: list[int]) -> int:
    """Add a leaf for every raw reply behind these targets' observables not yet in the
    ledger; return how many were added. One transaction."""
    with store.transaction() as session:
        known = refs_starting(session, "lookup:")
        fresh: dict[str, dict[str, object]] = {}
        for target_id, source, detail in sources_of_targets(session, target_ids):
            for key in EVIDENCE_KEYS:
                sha = detail.get(key)
                ref = f"lookup:{sha}"
                if isinstance(sha, str) and ref not in known and ref not in fresh:
                    fresh[ref] = {
                        "sha256": sha,
                        "target_id": target_id,
                        "source": source,
                        "url": detail.get("source_url") or detail.get("server"),
                    }
        ledger.append_many(
            session, [("lookup", ref, payload) for ref, payload in sorted(fresh.items())]
        )
        return len(fresh)
