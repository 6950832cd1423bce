"""``rightsguard act`` and ``rightsguard holder``: documents drafted, approved,
sent and followed; the right holder's identity for them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from rightsguard.actions import drafting, gating, replies
from rightsguard.actions.catalog import KINDS
from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, fmt_time, print_json
from rightsguard.services import actions as workflow
from rightsguard.store.actions import ActionRepo
from rightsguard.store.profiles import get_profile

act_app = typer.Typer(help="Actions: letters, notices and complaints.", no_args_is_help=True)
holder_app = typer.Typer(
    help="The right holder's identity used in documents.", no_args_is_help=True
)


def _facts(pairs: list[str] | None) -> dict[str, str]:
    return drafting.fact_pairs(pairs or [], "--fact")


@act_app.command("types")
def types(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The document types, with their required elements."""
    data = [
        {
            "type": k.id,
            "action": k.action_type.value,
            "title": {"zh": k.title_zh, "en": k.title_en},
            "recipient": k.recipient_role,
            "requires": [e.id for e in k.elements],
        }
        for k in KINDS.values()
    ]
    if json_output:
        print_json(data)
        return
    table = Table("type", "title", "recipient", "requires")
    for d in data:
        table.add_row(
            d["type"],
            f"{d['title']['en']}\n{d['title']['zh']}",
            d["recipient"],
            ", ".join(d["requires"]),
        )
    console.print(table)


@act_app.command("draft")
def draft(
    ctx: typer.Context,
    case: Annotated[int, typer.Argument(help="Case id.")],
    kind: Annotated[str, typer.Option("--type", help="Document type (act types).")],
    target: Annotated[
        list[int] | None, typer.Option(help="Target id (repeat; default all).")
    ] = None,
    lang: Annotated[
        str, typer.Option(help="zh-CN or en (default: the recipient's language).")
    ] = "",
    to_name: Annotated[str | None, typer.Option(help="Recipient's name.")] = None,
    to_address: Annotated[str | None, typer.Option(help="Recipient's postal address.")] = None,
    to_email: Annotated[str | None, typer.Option(help="Recipient's e-mail.")] = None,
    to_role: Annotated[
        str, typer.Option(help="primary_infringer, customer, supplier, intermediary, … (letters)")
    ] = "primary_infringer",
    fact: Annotated[list[str] | None, typer.Option(help="KEY=VALUE for the template.")] = None,
    provider: Annotated[
        str | None,
        typer.Option(help="A provider of the directory as recipient (providers list)."),
    ] = None,
    override: Annotated[
        str | None,
        typer.Option(
            "--override-reason", help="Counsel only: proceed despite a gate, for this reason."
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Draft a document: required elements, gates, then HTML, PDF, DOCX and e-mail text."""
    ws = workspace(ctx)
    recipient = gating.Recipient(to_name, to_address, to_email, to_role)
    if provider:
        found = workflow.provider_recipient(ws, provider, lang)
        recipient = gating.Recipient(
            to_name or found.name, to_address or found.address, to_email or found.email
        )
    with store(ctx) as st:
        action, data = workflow.draft_action(
            ws,
            st,
            role=ws.settings.role,
            case_id=case,
            kind=kind,
            lang=lang,
            recipient=recipient,
            target_ids=target,
            facts=_facts(fact),
            override_reason=override,
        )
    if json_output:
        print_json({"action": action, **data})
        return
    console.print(
        f"action {action.id}: {data['title']} ({action.status.value}) to "
        f"{recipient.name or recipient.email}"
    )
    for doc in data["documents"]:
        console.print(
            f"  {doc['format']:<5} sha256 {doc['sha256']}  ledger leaf {doc['ledger_idx']}"
        )
    for o in data["overrides"]:
        console.print(f"  [yellow]gate {o['rule_id']} overridden by counsel[/]: {o['reason']}")
    for annex in data.get("annexes") or []:
        if annex["attached"]:
            console.print(f"  annex {annex['no']}: {annex['filename']} sha256 {annex['sha256']}")
    for c in data.get("excluded_captures") or []:
        console.print(f"  capture {c['capture_id']} not used: {c['why']}")
    for warning in data.get("warnings") or []:
        console.print(f"  [yellow]warning[/]: {warning}", style=None)


@act_app.command("approve")
def approve(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument()],
    note: Annotated[str, typer.Option(help="Why, or conditions.")] = "",
) -> None:
    """Approve a draft (letters and disputes: counsel; notices: liaison or counsel)."""
    ws = workspace(ctx)
    with store(ctx) as st:
        action, _ = workflow.approve_action(ws, st, action_id, role=ws.settings.role, note=note)
    console.print(f"action {action.id} approved")


@act_app.command("send")
def send(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument()],
    via: Annotated[str, typer.Option(help="email, webform (a packet to submit) or post")] = "email",
    out: Annotated[Path, typer.Option(help="Where webform packets and letters go.")] = Path(
        "outbox"
    ),
    portal: Annotated[str | None, typer.Option(help="Web form: the portal's address.")] = None,
    override: Annotated[
        str | None,
        typer.Option("--override-reason", help="Counsel only: proceed despite a gate."),
    ] = None,
) -> None:
    """Send an approved action (gates checked again): by e-mail, or as a web-form
    packet or a print-ready letter whose reference you then record."""
    ws = workspace(ctx)
    with store(ctx) as st:
        action, data, path = workflow.send_action(
            ws,
            st,
            action_id,
            role=ws.settings.role,
            via=via,
            override_reason=override,
            out_dir=out,
            portal=portal,
        )
    if path is None:
        console.print(
            f"action {action.id} sent to {data['dispatch']['to']}, Message-ID "
            f"{data['dispatch']['message_id']}; follow up by {data['follow_up']}"
        )
        return
    what = "web-form packet" if via == "webform" else "print-ready letter"
    console.print(
        f"action {action.id}: {what} written to {path}; after submitting it, "
        f"record the {'reference' if via == 'webform' else 'tracking number'}: "
        f"rightsguard act record {action.id} --reference …"
    )


@act_app.command("reply")
def reply(
    ctx: typer.Context,
    eml: Annotated[Path, typer.Argument(help="The reply, saved as .eml.")],
    action_id: Annotated[
        int | None, typer.Option("--action", help="If it cannot be matched.")
    ] = None,
) -> None:
    """Import a reply e-mail: matched to the action it answers, kept as evidence."""
    ws = workspace(ctx)
    with store(ctx) as st:
        action, data = replies.import_reply(ws, st, eml, action_id)
    last = data["history"][-1]["reply"]
    console.print(
        f"action {action.id} ({action.status.value}): reply from {last['from']} "
        f"kept as evidence (sha256 {last['sha256'][:16]}…)"
    )


@act_app.command("record")
def record(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument()],
    outcome: Annotated[str | None, typer.Option(help=", ".join(replies.OUTCOMES))] = None,
    reference: Annotated[
        str | None, typer.Option(help="Submission reference or tracking no.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What was said or done.")] = None,
    host_received: Annotated[
        str | None,
        typer.Option(
            "--counter-notice-received-by-host-on",
            help="With --outcome counter_noticed: the day the provider received the counter "
            "notice (YYYY-MM-DD); the DMCA's 10-14 business days run from it "
            "(17 USC 512(g)(2)(C)).",
        ),
    ] = None,
    reached_us: Annotated[
        str | None,
        typer.Option(
            "--counter-notice-reached-us-on",
            help="With --outcome counter_noticed: the day the forwarded counter-notice or "
            "declaration reached us (YYYY-MM-DD); the E-Commerce Law's 15 days run from it.",
        ),
    ] = None,
) -> None:
    """Record a reply, reference, tracking number or outcome."""
    ws = workspace(ctx)
    with store(ctx) as st:
        action, _ = workflow.record_outcome(
            st,
            action_id,
            role=ws.settings.role,
            outcome=outcome,
            reference=reference,
            note=note,
            counter_notice_received_by_host_on=host_received,
            counter_notice_on=reached_us,
        )
    console.print(f"action {action.id}: {action.status.value}")


@act_app.command("list")
def list_(
    ctx: typer.Context,
    case: Annotated[int | None, typer.Option(help="Only this case.")] = None,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List actions."""
    with store(ctx) as st:
        rows = ActionRepo(st).list(case)
    if json_output:
        print_json([{"action": a, **d} for a, d in rows])
        return
    table = Table("id", "case", "type", "document", "status", "to", "sent")
    for a, d in rows:
        rec = d.get("recipient") or {}
        table.add_row(
            str(a.id),
            str(a.case_id),
            a.type.value,
            d.get("kind", ""),
            a.status.value,
            rec.get("name") or rec.get("email") or "—",
            fmt_time(a.sent_at),
        )
    console.print(table)


@act_app.command("show")
def show(
    ctx: typer.Context,
    action_id: Annotated[int, typer.Argument()],
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show an action with its documents, approvals, dispatch and history."""
    with store(ctx) as st:
        action, data = ActionRepo(st).get(action_id)
        events = st.events.list(entity="action", entity_id=action_id)
    if json_output:
        print_json({"action": action, **data, "events": events})
        return
    console.print(f"[bold]action {action.id}[/]: {data['title']} — {action.status.value}")
    console.print(f"  to {data['recipient']}")
    for doc in data["documents"]:
        console.print(f"  {doc['format']:<5} {doc['sha256']}")
    for e in reversed(events):
        console.print(f"  {fmt_time(e.at)} {e.actor} {e.verb} {e.reason or ''}")


@act_app.command("bulk-notice")
def bulk_notice(
    ctx: typer.Context,
    case: Annotated[int, typer.Argument(help="Case id.")],
    lang: Annotated[str, typer.Option(help="Preferred language: zh-CN or en.")] = "zh-CN",
    draft_them: Annotated[
        bool, typer.Option("--draft", help="Draft the notices previewed.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Group a case's targets by provider into the fewest notices (URL limits, languages);
    preview them, and with --draft draft them for approval."""
    from rightsguard.actions.bulk import BulkPlan, plan_bulk_notices, providers_for_targets
    from rightsguard.identify.providers import Directory

    ws = workspace(ctx)
    with store(ctx) as st:
        targets = [t.id for t in st.targets.list(case_id=case)]
        directory = Directory.load(
            ws.root / "providers.toml", sandbox=bool(ws.settings.allow_private_targets)
        )
        assignments, missing = providers_for_targets(st, directory, targets)
        kinds = {st.rights.get(r).kind.value for r in st.cases.get(case).right_ids}
        plan = BulkPlan(
            plan_bulk_notices(
                assignments, preferred_lang=lang, copyright_claimed="copyright" in kinds
            ),
            missing,
        )
        drafted = []
        cache = gating.FactsCache()
        if draft_them:
            for batch in plan.batches:
                action, _ = workflow.draft_action(
                    ws,
                    st,
                    role=ws.settings.role,
                    case_id=case,
                    kind=batch.document,
                    lang=batch.lang,
                    recipient=gating.Recipient(
                        batch.provider.name, None, batch.provider.email, "provider"
                    ),
                    target_ids=list(batch.target_ids),
                    cache=cache,
                )
                drafted.append(action.id)
    data = {
        "notices": [
            {
                "provider": b.provider.key,
                "to": b.provider.email,
                "lang": b.lang,
                "document": b.document,
                "targets": list(b.target_ids),
            }
            for b in plan.batches
        ],
        "unassigned": [{"target": t, "why": why} for t, why in plan.unassigned],
        "drafted": drafted,
    }
    if json_output:
        print_json(data)
        return
    table = Table(
        "provider",
        "to",
        "document",
        "lang",
        "URLs",
        title=f"{len(plan.batches)} notice(s) for {plan.urls} URL(s)",
    )
    for b in plan.batches:
        table.add_row(
            b.provider.name,
            b.provider.email or "—",
            b.document,
            b.lang,
            str(len(b.target_ids)),
        )
    console.print(table)
    for target_id, why in plan.unassigned:
        console.print(f"  target {target_id}: {why}")
    if drafted:
        console.print(f"drafted actions {drafted}; approve and send them with act approve/send")
    elif plan.batches:
        console.print("preview only: add --draft to draft them")


@holder_app.command("set")
def holder_set(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option()] = None,
    address: Annotated[str | None, typer.Option()] = None,
    email: Annotated[str | None, typer.Option()] = None,
    phone: Annotated[str | None, typer.Option()] = None,
    uscc: Annotated[str | None, typer.Option(help="Unified social credit code.")] = None,
    signatory: Annotated[
        str | None, typer.Option(help="The person who signs documents (a DMCA notice needs one).")
    ] = None,
    agent: Annotated[str | None, typer.Option(help="Law firm or agent acting.")] = None,
    country: Annotated[str | None, typer.Option()] = None,
    capacity: Annotated[
        str | None, typer.Option(help="The signer's capacity, e.g. 'General Counsel'.")
    ] = None,
    law_firm: Annotated[
        str | None, typer.Option(help="With --lawyer: letters go out as a lawyer's letter.")
    ] = None,
    legal_representative: Annotated[
        str | None, typer.Option(help="The holder's legal representative (法定代表人).")
    ] = None,
    legal_representative_title: Annotated[
        str | None, typer.Option(help="Its title, e.g. 董事长 / Chairman.")
    ] = None,
    lawyer: Annotated[str | None, typer.Option(help="The lawyer who signs letters.")] = None,
    identity_file: Annotated[
        Path | None, typer.Option(help="The holder's business licence / identity (a file).")
    ] = None,
    authorisation_file: Annotated[
        Path | None, typer.Option(help="The agent's authorisation (a file).")
    ] = None,
) -> None:
    """Set (part of) the right holder's identity."""
    values = {
        "name": name,
        "address": address,
        "email": email,
        "phone": phone,
        "uscc": uscc,
        "signatory": signatory,
        "agent": agent,
        "country": country,
        "signatory_capacity": capacity,
        "law_firm": law_firm,
        "lawyer": lawyer,
        "legal_representative": legal_representative,
        "legal_representative_title": legal_representative_title,
    }
    files = {"identity_doc": identity_file, "authorisation_doc": authorisation_file}
    ws = workspace(ctx)
    with store(ctx) as st:
        profile = workflow.set_holder(ws, st, values, files)
    console.print(f"holder: {profile}")


@holder_app.command("show")
def holder_show(
    ctx: typer.Context, json_output: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Show the right holder's identity."""
    with store(ctx) as st:
        profile = get_profile(st, "holder")
    if json_output:
        print_json(profile)
    else:
        console.print(profile or "no holder profile yet: rightsguard holder set --name …")


def register(app: typer.Typer) -> None:
    app.add_typer(act_app, name="act")
    app.add_typer(holder_app, name="holder")
