"""What the records pages and API change: queue work on targets, triage candidates.

Both call the same store functions as the CLI (``rightsguard triage`` sets each
status through ``store.targets.set_status``; captures and identification are
the background tasks the CLI's runner executes).
"""

from __future__ import annotations

from collections.abc import Iterable

from rightsguard.domain.enums import TargetStatus
from rightsguard.domain.errors import InvalidValue, NotFound
from rightsguard.domain.nouns import Target
from rightsguard.store import Store
from rightsguard.web.auth import Caller
from rightsguard.web.context import WebContext

# The statuses a person sets by triage; the others follow actions and rechecks.
TRIAGE_STATUSES = (TargetStatus.SUSPECTED, TargetStatus.CONFIRMED, TargetStatus.DISMISSED)
MAX_BULK = 500


def require_targets(st: Store, target_ids: Iterable[int]) -> list[int]:
    """The ids, sorted, once each; NotFound names the first that does not exist."""
    wanted = sorted(set(target_ids))
    found = {t.id for t in st.targets.list(ids=wanted)}
    missing = [t for t in wanted if t not in found]
    if missing:
        raise NotFound("target", missing[0])
    return wanted


def queue_for_targets(ctx: WebContext, caller: Caller, task: str, target_ids: list[int]) -> int:
    """Queue ``capture.once`` (each target captured once for the job, even if the job is
    retried after a crash) or ``identify.targets`` over existing targets; the job id."""
    from rightsguard.jobs.core import load_builtin_tasks
    from rightsguard.jobs.dispatch import submit

    st = ctx.store(caller)
    found = require_targets(st, target_ids)
    load_builtin_tasks()
    args: dict[str, object] = {"target_ids": found}
    if task.startswith("capture."):
        args.update({"mode": "browser", "sandbox": ctx.use_sandbox})
    return submit(ctx.ws, st, task, args)


def triage(
    st: Store, confirm: Iterable[int], dismiss: Iterable[int], reason: str = "triage"
) -> list[Target]:
    """Confirm or dismiss targets in bulk, as ``rightsguard triage`` does."""
    decisions: dict[int, TargetStatus] = {}
    for target_id in confirm:
        decisions[target_id] = TargetStatus.CONFIRMED
    for target_id in dismiss:
        decisions[target_id] = TargetStatus.DISMISSED
    if not decisions:
        raise InvalidValue("triage", "choose at least one target to confirm or dismiss")
    if len(decisions) > MAX_BULK:
        raise InvalidValue("triage", f"at most {MAX_BULK} targets at a time")
    require_targets(st, decisions)
    reason = reason.strip() or "triage"
    return [
        st.targets.set_status(target_id, status, reason=reason)
        for target_id, status in sorted(decisions.items())
    ]
