"""``rightsguard identify``, ``parties`` and ``providers``: who is behind a target, who can act.

Network access: the setting ``network``; left at its default with ``allow_private_targets``
on and a background sandbox running (``rightsguard sandbox up``), every lookup goes to the
sandbox's RDAP, WHOIS and DNS servers and its sites; otherwise to the real registries
(``services.identify.identify_network``).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, print_json
from rightsguard.domain.enums import PartyRole, ProviderKind
from rightsguard.domain.errors import InvalidValue
from rightsguard.net import network_for

parties_app = typer.Typer(help="Parties: infringers and third parties.", no_args_is_help=True)
providers_app = typer.Typer(
    help="Providers: platforms, hosts, registrars, authorities that can act.", no_args_is_help=True
)
JsonOption = typer.Option("--json", help="Print JSON.")


# --- identify ---------------------------------------------------------------------


def identify(
    ctx: typer.Context,
    target: Annotated[int | None, typer.Argument(help="Target id.")] = None,
    case: Annotated[int | None, typer.Option(help="Identify every target of this case.")] = None,
    concurrency: Annotated[int, typer.Option(help="Targets looked up at once.")] = 8,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Find who is behind targets (registration, DNS, hosting, page facts) and group them
    into parties."""
    from rightsguard.services.identify import identify_targets

    if (target is None) == (case is None):
        raise InvalidValue("target", "give a target id or --case, not both")
    ws = workspace(ctx)
    with store(ctx) as st:
        targets = [st.targets.get(target)] if target is not None else st.targets.list(case_id=case)
        report, repeats = identify_targets(ws, st, targets, concurrency=concurrency)
        from rightsguard.store.parties import PartyRepo

        parties = {p.id: p for p in PartyRepo(st).list()}
    out = [
        {"target": t.id, **report.findings[t.id].summary(), "party": report.assignment.get(t.id)}
        for t in targets
    ]
    if json_output:
        print_json(
            {
                "repeats": repeats,
                "targets": out,
                "parties": [parties[p] for p in sorted(set(report.assignment.values()))],
            }
        )
        return
    for item in out:
        console.print(f"[bold]Target {item['target']}[/] {item['url']}  → party {item['party']}")
        reg = item["registration"]
        if reg:
            privacy = " (privacy/redacted)" if reg["privacy"] else ""
            console.print(
                f"  registrar {reg['registrar'] or '—'}; registrant {reg['registrant'] or '—'}"
                f"{privacy}; created {reg['created'] or '—'}"
            )
        for ip in item["ips"]:
            console.print(f"  IP network {ip['network']} {ip['owner']} ({ip['abuse_email']})")
        facts = ", ".join(f"{k} {v}" for k, v in sorted(item["facts"].items()))
        console.print(f"  facts: {facts or 'none'}")
        for name, error in item["errors"].items():
            console.print(f"  [yellow]{name} failed[/]: {error}")
    for pid in sorted(set(report.assignment.values())):
        party = parties.get(pid)
        if party is not None:
            console.print(f"Party {pid}: {party.label} [{party.role.value}]")
            for link in party.links[:6]:
                console.print(f"  {link}")
    for r in repeats:
        console.print(
            f"[bold red]repeat infringement[/]: target {r.target_id} ({r.url}) is a new "
            f"site of party {r.party_id} ({r.party}), already acted against on targets "
            f"{list(r.earlier_targets)}; {'; '.join(r.links[:2])}"
        )


def rdap_bootstrap(
    ctx: typer.Context,
    base_url: Annotated[str, typer.Option(help="Where the four files are.")] = (
        "https://data.iana.org/rdap/"
    ),
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Refresh the IANA RDAP bootstrap files (RFC 9224) into the workspace cache."""
    from rightsguard.identify.bootstrap import refresh

    ws = workspace(ctx)
    with network_for(ws.settings).http_client(timeout=30) as client:
        counts = refresh(client, ws.root / "cache" / "bootstrap", base_url)
    if json_output:
        print_json(counts)
    else:
        console.print("Bootstrap refreshed: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


# --- parties -------------------------------------------------------------------------


@parties_app.command("list")
def parties_list(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option(help="Only this role.")] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """List parties with their roles and target counts."""
    from rightsguard.store.parties import PartyRepo

    wanted = _role(role) if role else None
    with store(ctx) as st:
        repo = PartyRepo(st)
        parties = repo.list(role=wanted)
        counts = repo.target_counts()
    if json_output:
        print_json([{**_party_json(p), "targets": counts.get(p.id, 0)} for p in parties])
        return
    table = Table("id", "label", "role", "targets", "strongest link")
    for p in parties:
        table.add_row(
            str(p.id),
            p.label,
            p.role.value,
            str(counts.get(p.id, 0)),
            p.links[0] if p.links else "—",
        )
    console.print(table)


@parties_app.command("show")
def parties_show(
    ctx: typer.Context,
    party_id: Annotated[int, typer.Argument(help="Party id.")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Show a party: its targets, the links that explain it, manual decisions."""
    from rightsguard.store.parties import PartyRepo

    with store(ctx) as st:
        detail = PartyRepo(st).detail(party_id)
        targets = [st.targets.get(t) for t in detail.target_ids]
    if json_output:
        print_json(
            {
                **_party_json(detail.party),
                "target_ids": detail.target_ids,
                "links_detail": detail.links,
                "decisions": detail.decisions,
                "provider": detail.provider_key,
                "merged_into": detail.merged_into,
            }
        )
        return
    p = detail.party
    console.print(f"[bold]Party {p.id}[/]: {p.label} [{p.role.value}]")
    console.print(f"  identity known: {p.identity_known}; address known: {p.address_known}")
    if detail.provider_key:
        console.print(f"  provider: {detail.provider_key}")
    for t in targets:
        console.print(f"  target {t.id}: {t.url}")
    for link in p.links:
        console.print(f"  • {link}")
    for d in detail.decisions:
        console.print(f"  decision: {d.get('decision')} by {d.get('by')} at {d.get('at')}")


@parties_app.command("merge")
def parties_merge(
    ctx: typer.Context,
    into: Annotated[int, typer.Argument(help="Party that stays.")],
    other: Annotated[int, typer.Argument(help="Party merged into it.")],
    reason: Annotated[str | None, typer.Option(help="Why (kept in the audit trail).")] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Merge two parties; later runs keep them together."""
    from rightsguard.store.parties import PartyRepo

    with store(ctx) as st:
        party = PartyRepo(st).merge(into, other, reason=reason)
    if json_output:
        print_json(_party_json(party))
    else:
        console.print(f"Party {other} merged into party {into} ({party.label})")


@parties_app.command("split")
def parties_split(
    ctx: typer.Context,
    party_id: Annotated[int, typer.Argument(help="Party to split.")],
    targets: Annotated[list[int], typer.Argument(help="Target ids that move to a new party.")],
    label: Annotated[str | None, typer.Option(help="Label of the new party.")] = None,
    reason: Annotated[str | None, typer.Option(help="Why (kept in the audit trail).")] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Move targets out of a party into a new one; later runs keep them apart."""
    from rightsguard.store.parties import PartyRepo

    with store(ctx) as st:
        party = PartyRepo(st).split(party_id, targets, reason=reason, label=label)
    if json_output:
        print_json(_party_json(party))
    else:
        console.print(f"Targets {', '.join(map(str, targets))} now form party {party.id}")


@parties_app.command("verify")
def parties_verify(
    ctx: typer.Context,
    party_id: Annotated[int, typer.Argument(help="Party id.")],
    source: Annotated[
        str, typer.Option(help="Where the identity and address were checked (registry, day).")
    ],
) -> None:
    """Record that the party's identity and address were checked (an AMR complaint needs
    a verified party)."""
    from rightsguard.store.parties import PartyRepo

    with store(ctx) as st:
        party = PartyRepo(st).verify(party_id, source=source)
    console.print(f"Party {party.id} ({party.label}) verified against {source}")


@parties_app.command("role")
def parties_role(
    ctx: typer.Context,
    party_id: Annotated[int, typer.Argument(help="Party id.")],
    role: Annotated[str, typer.Argument(help=", ".join(r.value for r in PartyRole))],
    reason: Annotated[str | None, typer.Option(help="Why.")] = None,
) -> None:
    """Set a party's role (e.g. supplier, customer); later runs keep it."""
    from rightsguard.store.parties import PartyRepo

    with store(ctx) as st:
        party = PartyRepo(st).set_role(party_id, _role(role), reason=reason)
    console.print(f"Party {party.id} is now {party.role.value}")


def _role(value: str) -> PartyRole:
    try:
        return PartyRole(value)
    except ValueError:
        raise InvalidValue(
            "role", f"{value!r} is not one of " + ", ".join(r.value for r in PartyRole)
        ) from None


def _party_json(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "label": p.label,
        "role": p.role.value,
        "identity_known": p.identity_known,
        "address_known": p.address_known,
        "links": list(p.links),
    }


# --- providers -------------------------------------------------------------------------


def _directory(ctx: typer.Context) -> Any:
    from rightsguard.identify.providers import PROVIDERS_FILE, Directory

    ws = workspace(ctx)
    return Directory.load(ws.root / PROVIDERS_FILE, sandbox=bool(ws.settings.allow_private_targets))


@providers_app.command("list")
def providers_list(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help=", ".join(k.value for k in ProviderKind))] = None,
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """List the provider directory (shipped, plus <workspace>/providers.toml)."""
    try:
        wanted = ProviderKind(kind) if kind else None
    except ValueError:
        raise InvalidValue("kind", f"{kind!r} is not a provider kind") from None
    entries = _directory(ctx).list(wanted)
    if json_output:
        print_json(
            [{"key": e.key, "name": e.name, "kind": e.kind.value, **e.data} for e in entries]
        )
        return
    table = Table("key", "name", "kind", "channels")
    for e in entries:
        channels = ", ".join(f"{k}: {v}" for k, v in e.channels.items()) or "—"
        table.add_row(e.key, e.name, e.kind.value, channels)
    console.print(table)


@providers_app.command("show")
def providers_show(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Provider key.")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Show one provider: channels, what a notice must contain, limits."""
    entry = _directory(ctx).get(key)
    if json_output:
        print_json({"key": entry.key, "name": entry.name, "kind": entry.kind.value, **entry.data})
        return
    console.print(f"[bold]{entry.name}[/] ({entry.key}, {entry.kind.value})")
    for name, value in entry.data.items():
        if name not in ("key", "name", "kind", "patterns"):
            console.print(f"  {name}: {value}")


@providers_app.command("add")
def providers_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Unique key.")],
    name: Annotated[str, typer.Option(help="Name.")],
    kind: Annotated[str, typer.Option(help=", ".join(k.value for k in ProviderKind))],
    portal: Annotated[str | None, typer.Option(help="Complaint portal URL.")] = None,
    email: Annotated[str | None, typer.Option(help="Complaint/abuse e-mail.")] = None,
    postal: Annotated[str | None, typer.Option(help="Postal address.")] = None,
    domain: Annotated[list[str] | None, typer.Option(help="Host name it operates.")] = None,
) -> None:
    """Add or override a provider in <workspace>/providers.toml."""
    import tomllib

    import tomli_w

    from rightsguard.identify.providers import PROVIDERS_FILE

    try:
        ProviderKind(kind)
    except ValueError:
        raise InvalidValue("kind", f"{kind!r} is not a provider kind") from None
    path = workspace(ctx).root / PROVIDERS_FILE
    data = tomllib.loads(path.read_text("utf-8")) if path.is_file() else {}
    items = [p for p in data.get("provider", []) if p.get("key") != key]
    entry: dict[str, Any] = {"key": key, "name": name, "kind": kind}
    channels = {k: v for k, v in (("portal", portal), ("email", email), ("postal", postal)) if v}
    if channels:
        entry["channels"] = channels
    if domain:
        entry["domains"] = domain
    items.append(entry)
    path.write_text(tomli_w.dumps({"provider": items}), "utf-8")
    console.print(f"Provider {key} saved in {path}")


@providers_app.command("for")
def providers_for_cmd(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="URL of the infringement.")],
    json_output: Annotated[bool, JsonOption] = False,
) -> None:
    """Who can act on a URL and how, most likely effective first, with the reason."""
    ws = workspace(ctx)
    from rightsguard.services import identify as identify_service

    with identify_service.identifier_for(ws) as ident:
        found = ident.investigate(url)
    recs = found.recommendations
    if json_output:
        print_json({"url": url, "providers": recs, "errors": found.errors})
        return
    table = Table("#", "provider", "kind", "reason", "channels")
    for r in recs:
        channels = ", ".join(f"{k}: {v}" for k, v in r.channels.items()) or "—"
        if r.unverified:
            channels += f" (unverified: {', '.join(r.unverified)})"
        table.add_row(str(r.rank), r.name, r.kind, r.reason, channels)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``identify``, ``rdap-bootstrap`` and the ``parties`` and ``providers`` groups."""
    app.command("identify")(identify)
    app.command("rdap-bootstrap")(rdap_bootstrap)
    app.add_typer(parties_app, name="parties")
    app.add_typer(providers_app, name="providers")
