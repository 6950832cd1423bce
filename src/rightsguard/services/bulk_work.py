"""Many at once, each by the same rules as one: notices drafted for ticked targets
(grouped by case and by the provider that can remove them), drafts approved and
approved actions sent. Each item still obeys four eyes and the roles of its type;
the ones refused are reported with the reason, the others go ahead."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rightsguard.actions.bulk import plan_bulk_notices, providers_for_targets
from rightsguard.actions.errors import DispatchFailed
from rightsguard.actions.gating import FactsCache, Recipient
from rightsguard.domain.errors import GateBlocked, InputError
from rightsguard.services.actions import approve_action, draft_action, send_action
from rightsguard.services.who_can_act import directory_of
from rightsguard.store import Store
from rightsguard.workspace import Workspace

#: What refuses one item without stopping the others.
REFUSALS = (InputError, GateBlocked, DispatchFailed)


@dataclass
class BulkOutcome:
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (id, why)

    def as_dict(self) -> dict[str, Any]:
        return {"done": self.done, "refused": [list(r) for r in self.refused]}


def _each(ids: Sequence[int], step: Callable[[int], object]) -> BulkOutcome:
    out = BulkOutcome()
    for item in dict.fromkeys(ids):
        try:
            step(item)
        except REFUSALS as exc:
            out.refused.append((item, exc.message))
        else:
            out.done.append(item)
    return out


def approve_many(
    ws: Workspace, st: Store, action_ids: Sequence[int], *, role: str, note: str = ""
) -> BulkOutcome:
    """Approve each draft as ``approve_action`` would (roles, four eyes)."""
    return _each(action_ids, lambda i: approve_action(ws, st, i, role=role, note=note))


def send_many(ws: Workspace, st: Store, action_ids: Sequence[int], *, role: str) -> BulkOutcome:
    """Send each approved action by e-mail as ``send_action`` would (roles, gates)."""
    cache = FactsCache()
    return _each(action_ids, lambda i: send_action(ws, st, i, role=role, cache=cache))


def draft_notices(
    ws: Workspace,
    st: Store,
    target_ids: Sequence[int],
    *,
    role: str,
    lang: str = "zh-CN",
    sandbox: bool = False,
) -> tuple[BulkOutcome, list[tuple[int, str]]]:
    """Notices for the targets: per case, the fewest per provider (its URL limit and
    language); returns the actions drafted (and refused: ids of their first target)
    and the targets no provider could be found for, with why."""
    directory = directory_of(ws, sandbox=sandbox)
    by_case: dict[int, list[int]] = defaultdict(list)
    unassigned: list[tuple[int, str]] = []
    for target_id in dict.fromkeys(target_ids):
        cases = st.targets.get(target_id).case_ids
        if not cases:
            unassigned.append((target_id, "in no case: add it to one first"))
        else:
            by_case[cases[0]].append(target_id)
    out = BulkOutcome()
    cache = FactsCache()
    for case_id, ids in sorted(by_case.items()):
        assignments, missing = providers_for_targets(st, directory, ids)
        unassigned.extend(missing)
        for batch in plan_bulk_notices(assignments, preferred_lang=lang):
            try:
                action, _ = draft_action(
                    ws,
                    st,
                    role=role,
                    case_id=case_id,
                    kind=batch.provider.document,
                    lang=batch.lang,
                    recipient=Recipient(
                        batch.provider.name, None, batch.provider.email, "provider"
                    ),
                    target_ids=list(batch.target_ids),
                    cache=cache,
                )
            except REFUSALS as exc:
                out.refused.append((batch.target_ids[0], exc.message))
            else:
                out.done.append(action.id)
    return out, unassigned
