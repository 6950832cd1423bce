"""Steps the pages and the API share: adding targets by URL and queueing work."""

from __future__ import annotations

from typing import Any

from rightsguard.actions.catalog import KINDS
from rightsguard.actions.gating import Recipient
from rightsguard.domain.errors import InputError, InvalidValue
from rightsguard.domain.nouns import Action
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.services.actions import draft_action
from rightsguard.services.who_can_act import Suggestion, directory_of, who_can_act
from rightsguard.store import Store
from rightsguard.web.auth import Caller
from rightsguard.web.context import WebContext
from rightsguard.web.record_actions import queue_for_targets


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

    ids = [t.id for t in ctx.reader().targets.list(case_id=case_id)]
    if not ids:
        raise InvalidValue("case", f"case {case_id} has no targets yet")
    return queue_for_targets(ctx, caller, task, ids), len(ids)


def draft_for_case(
    ctx: WebContext,
    caller: Caller,
    case_id: int,
    *,
    kind: str,
    lang: str,
    recipient: tuple[str | None, str | None, str | None, str | None],
    target_ids: list[int] | None,
    facts: dict[str, str],
    override_reason: str | None,
) -> tuple[Action, dict[str, Any]]:
    """Draft a document from the workbench (page or API) as ``services.actions`` does
    for every face. ``recipient`` is (name, address, e-mail, role); the role defaults
    from the document's kind."""
    if kind not in KINDS:
        raise InvalidValue("kind", f"{kind!r} is not a document type")
    name, address, email, role = recipient
    default = KINDS[kind].recipient_role
    return draft_action(
        ctx.ws,
        ctx.store(caller),
        role=str(caller.role),
        case_id=case_id,
        kind=kind,
        lang=lang,
        recipient=Recipient(
            name,
            address,
            email,
            role or ("primary_infringer" if default == "primary_infringer" else "provider"),
        ),
        target_ids=target_ids or None,
        facts=facts,
        override_reason=override_reason or None,
    )


def suggestions_for(ctx: WebContext, target_id: int) -> list[Suggestion]:
    """Who can act on the target, from the directory (with the sandbox's overlay when
    the workbench runs over the sandbox) and what identification stored."""
    return who_can_act(ctx.reader(), directory_of(ctx.ws, sandbox=ctx.use_sandbox), target_id)


def prefilled(
    suggestions: list[Suggestion], target_id: int, provider: str, kinds: list[str]
) -> tuple[dict[str, Any], Suggestion | None]:
    """The draft form's values from the chosen suggestion (``provider``; else the first
    reachable by e-mail): recipient, document type (if the drafter may draft it), its
    language and the target ticked."""
    chosen = next((s for s in suggestions if s.key == provider), None)
    if chosen is None and not provider:
        chosen = next((s for s in suggestions if s.email), None)
    values: dict[str, Any] = {"target_ids": [target_id]}
    if chosen is None:
        return values, None
    values.update(
        to_name=chosen.name_zh or chosen.name if chosen.language == "zh-CN" else chosen.name,
        to_email=chosen.email,
        to_address=chosen.postal,
        to_role="provider",
        lang=chosen.language,
    )
    if chosen.document in kinds:
        values["kind"] = chosen.document
    return values, chosen
