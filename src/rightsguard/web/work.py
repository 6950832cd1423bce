"""Steps the pages and the API share: adding targets by URL and queueing work."""

from __future__ import annotations

from rightsguard.domain.errors import InputError, InvalidValue
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import Store
from rightsguard.web.auth import Caller
from rightsguard.web.context import WebContext


def add_urls(
    st: Store, case_id: int, urls: list[str], kind: str = "url", control: str = "unknown"
) -> tuple[list[int], list[str]]:
    """Add each URL as a target of the case (of the given kind and control, as in an
    import); returns the ids added and, for each URL refused, why (the others are
    still added)."""
    st.cases.get(case_id)
    added: list[int] = []
    refused: list[str] = []
    for n, url in enumerate(urls, 1):
        try:
            row = parse_target_row({"url": url, "kind": kind, "control": control})
            added.append(st.targets.add(row, case_id).id)
        except InputError as exc:
            refused.append(f"#{n} {url[:200]}: {exc.message}")
    return added, refused


def queue_for_case(ctx: WebContext, caller: Caller, case_id: int, task: str) -> tuple[int, int]:
    """Queue ``task`` (capture.once or identify.targets) over every target of the case;
    returns the job id and the number of targets."""
    from rightsguard.web.record_actions import queue_for_targets

    ids = [t.id for t in ctx.reader().targets.list(case_id=case_id)]
    if not ids:
        raise InvalidValue("case", f"case {case_id} has no targets yet")
    return queue_for_targets(ctx, caller, task, ids), len(ids)
