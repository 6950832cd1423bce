"""What the records pages and API queue: work on targets (captures and identification
are the background tasks the CLI's runner executes). Triage is ``services.triage``."""

from __future__ import annotations

from collections.abc import Iterable

from rightsguard.domain.errors import NotFound
from rightsguard.jobs.dispatch import submit
from rightsguard.store import Store
from rightsguard.web.auth import Caller
from rightsguard.web.context import WebContext


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
    retried after a crash), ``identify.targets`` or ``draft.notices`` (as the caller,
    in their role) over existing targets; the job id."""

    st = ctx.store(caller)
    found = require_targets(st, target_ids)
    args: dict[str, object] = {"target_ids": found}
    if task.startswith("capture."):
        args.update({"mode": "browser", "sandbox": ctx.use_sandbox})
    if task == "draft.notices":
        assert caller.signed is not None
        args.update(
            {
                "role": caller.signed.user.role,
                "actor": st.actor,
                "lang": caller.lang,
                "sandbox": ctx.use_sandbox,
            }
        )
    return submit(ctx.ws, st, task, args)
