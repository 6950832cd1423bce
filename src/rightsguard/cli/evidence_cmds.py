"""``rightsguard evidence``, ``ledger`` and ``verify``: evidence integrity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, fmt_time, print_json
from rightsguard.domain.errors import (
    InvalidValue,
    OperationalError,
    UnreadableFile,
)
from rightsguard.evidence.bundle import verify_bundle, write_bundle
from rightsguard.evidence.checks import Check
from rightsguard.evidence.errors import VerificationFailed
from rightsguard.evidence.items import KINDS, add_files, get_item, list_items, record_custody
from rightsguard.evidence.items import stamp_pending as stamp_pending_items
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.signing import Signer
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.evidence.tsa_config import open_tsa, tsa_client
from rightsguard.evidence.verify import verify_capture, verify_item, wacz_checks
from rightsguard.store.blobs import BlobStore

evidence_app = typer.Typer(
    help="Evidence added by hand: purchases, receipts, chats, photos.", no_args_is_help=True
)
ledger_app = typer.Typer(help="The transparency ledger: tree heads and keys.", no_args_is_help=True)


@evidence_app.command("add")
def add(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Files to add.")],
    case: Annotated[int, typer.Option(help="The case they belong to.")],
    kind: Annotated[str, typer.Option(help=", ".join(KINDS))] = "other",
    note: Annotated[str, typer.Option(help="What it is and how it was obtained.")] = "",
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Store, time-stamp and ledger files obtained outside a capture."""
    ws = workspace(ctx)
    with open_tsa(ws) as tsa, store(ctx) as st:
        items = add_files(
            st,
            BlobStore(ws.evidence_dir),
            Ledger(st),
            tsa,
            files,
            case_id=case,
            kind=kind,
            note=note,
        )
    if json_output:
        print_json(items)
        return
    for item in items:
        when = (
            f"TSA time {fmt_time(item.tsa_time)}"
            if item.tsa_time
            else f"awaiting timestamp: {item.tsa_error}"
        )
        console.print(
            f"evidence {item.id}: {item.name}  sha256 {item.sha256}  {when}  "
            f"ledger leaf {item.ledger_idx}"
        )


@evidence_app.command("list")
def list_(
    ctx: typer.Context,
    case: Annotated[int | None, typer.Option(help="Only this case.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List evidence added by hand."""
    with store(ctx) as st:
        items = list_items(st, case)
    if json_output:
        print_json(items)
        return
    table = Table("id", "case", "kind", "name", "sha256", "status", "TSA time", "leaf")
    for i in items:
        table.add_row(
            str(i.id),
            str(i.case_id),
            i.kind,
            i.name,
            i.sha256[:16] + "…",
            i.status,
            fmt_time(i.tsa_time),
            str(i.ledger_idx),
        )
    console.print(table)


@evidence_app.command("show")
def show(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="Evidence id.")],
    why: Annotated[str, typer.Option(help="Why you look at it (chain of custody).")] = "",
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show an item; the view is recorded in the chain of custody."""
    with store(ctx) as st:
        item, _ = get_item(st, item_id)
        record_custody(st, Ledger(st), item, "viewed", why or None)
        events = st.events.list(entity="evidence", entity_id=item_id)
    if json_output:
        print_json({"item": item, "custody": events})
        return
    console.print(f"[bold]evidence {item.id}[/]: {item.name} ({item.kind}, case {item.case_id})")
    console.print(f"  sha256 {item.sha256}, {item.size} bytes, {item.media_type}")
    console.print(
        f"  status {item.status}; TSA time {fmt_time(item.tsa_time)}; ledger leaf {item.ledger_idx}"
    )
    console.print("  chain of custody:")
    for e in reversed(events):
        console.print(f"    {fmt_time(e.at)}  {e.actor}  {e.verb}  {e.reason or ''}")


@evidence_app.command("transfer")
def transfer(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(help="Evidence id.")],
    to: Annotated[str, typer.Option(help="Who receives it (court, notary, counsel…).")],
    why: Annotated[str, typer.Option(help="Why it is handed over.")],
) -> None:
    """Record handing evidence over: an event and a ledger leaf (chain of custody)."""
    if not to.strip() or not why.strip():
        raise InvalidValue("--to/--why", "say to whom and why the evidence is handed over")
    with store(ctx) as st:
        item, _ = get_item(st, item_id)
        record_custody(st, Ledger(st), item, "transferred", f"to {to.strip()}: {why.strip()}")
    console.print(f"evidence {item_id} handed to {to.strip()}; recorded in the chain of custody")


@evidence_app.command("stamp")
def stamp(ctx: typer.Context) -> None:
    """Retry the timestamps of evidence and captures still awaiting one."""
    ws = workspace(ctx)
    tsa = tsa_client(ws)
    if tsa is None:
        raise InvalidValue("tsa_url", "no time-stamp authority is configured")
    from rightsguard.evidence.seal import stamp_waiting_captures

    try:
        with store(ctx) as st:
            blobs = BlobStore(ws.evidence_dir)
            done, waiting = stamp_pending_items(st, blobs, tsa)
            captures_done, captures_waiting = stamp_waiting_captures(st, blobs, tsa)
    finally:
        tsa.close()
    console.print(f"stamped {done}; still waiting {waiting}")
    console.print(f"captures stamped {captures_done}; still waiting {captures_waiting}")


def print_checks(checks: list[Check]) -> None:
    for check in checks:
        mark = {True: "[green]✓[/]", False: "[red]✗[/]", None: "[yellow]![/]"}[check.ok]
        console.print(f"{mark} {check.name}: {check.detail}")


@ledger_app.command("head")
def head(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The current tree size and root, and the latest signed head."""
    with store(ctx) as st:
        ledger = Ledger(st)
        tree = ledger.tree()
        latest = ledger.latest_head()
    data = {
        "size": len(tree),
        "root": tree.root().hex(),
        "signed": None
        if latest is None
        else {
            "size": latest.size,
            "root": latest.root.hex(),
            "at": latest.at,
            "key_id": latest.key_id,
            "signature": latest.signature.hex(),
            "timestamped": latest.tsa_token is not None,
        },
    }
    if json_output:
        print_json(data)
        return
    console.print(f"ledger: {data['size']} leaves, root {data['root']}")
    if latest is not None:
        console.print(
            f"latest signed head: size {latest.size} at {fmt_time(latest.at)} "
            f"key {latest.key_id}{' (timestamped)' if latest.tsa_token else ''}"
        )


def tsa_stamper(tsa: TsaClient | None) -> Callable[[bytes], bytes | None] | None:
    """A stamp function for checkpoints that warns, not fails, when the TSA is away."""
    if tsa is None:
        return None

    def stamp(message: bytes) -> bytes | None:
        try:
            return tsa.stamp(message).reply
        except OperationalError as exc:
            console.print(f"[yellow]checkpoint not timestamped[/]: {exc.message}")
            return None

    return stamp


@ledger_app.command("checkpoint")
def checkpoint(ctx: typer.Context) -> None:
    """Sign the current tree head with the workspace key and time-stamp it."""
    ws = workspace(ctx)
    signer = Signer.from_file(ws.key_file)
    tsa = tsa_client(ws)
    with store(ctx) as st:
        try:
            signed = Ledger(st, signer).checkpoint(stamp=tsa_stamper(tsa))
        finally:
            if tsa is not None:
                tsa.close()
    console.print(
        f"signed tree head: {signed.size} leaves, root {signed.root.hex()}"
        f"{', timestamped' if signed.tsa_token else ''}"
    )


@ledger_app.command("public-key")
def public_key(ctx: typer.Context) -> None:
    """Print the workspace's public key (PEM) for third parties."""
    signer = Signer.from_file(workspace(ctx).key_file)
    typer.echo(signer.public_pem().decode(), nl=False)


def verify(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="A court bundle (.zip) or a WACZ (.wacz) to check offline."),
    ] = None,
    ledger_flag: Annotated[bool, typer.Option("--ledger", help="Check the whole ledger.")] = False,
    evidence: Annotated[
        list[int] | None, typer.Option("--evidence", help="Check this evidence item (repeat).")
    ] = None,
    case: Annotated[int | None, typer.Option(help="Check every item of this case.")] = None,
    capture: Annotated[
        list[int] | None, typer.Option("--capture", help="Check this capture (repeat).")
    ] = None,
) -> None:
    """Check hashes, timestamps, ledger inclusion and signed heads; exit 1 on any failure.

    A bundle needs nothing but itself; the other checks use the workspace.
    """
    if path is not None:
        suffix = path.suffix.lower()
        if suffix == ".zip":
            checks = verify_bundle(path)
        elif suffix == ".wacz":
            try:
                checks = wacz_checks(path, path.name)
            except OSError as exc:
                raise UnreadableFile(path, exc.strerror or str(exc)) from None
        else:
            raise InvalidValue("PATH", f"{path} is neither a bundle (.zip) nor a WACZ (.wacz)")
    else:
        checks = _verify_workspace(ctx, ledger_flag, evidence or [], case, capture or [])
    print_checks(checks)
    failed = [c for c in checks if c.ok is False]
    if failed:
        raise VerificationFailed(
            f"{len(failed)} check(s) failed, first: {failed[0].name}: {failed[0].detail}"
        )
    console.print(f"all {len(checks)} checks passed")


def _verify_workspace(
    ctx: typer.Context,
    ledger_flag: bool,
    evidence: list[int],
    case: int | None,
    captures: list[int],
) -> list[Check]:
    ws = workspace(ctx)
    signer = Signer.from_file(ws.key_file)
    tsa = tsa_client(ws)
    checks: list[Check] = []
    try:
        with store(ctx) as st:
            ledger = Ledger(st)
            blobs = BlobStore(ws.evidence_dir)
            wanted = list(evidence)
            capture_ids = list(captures)
            if case is not None:
                wanted += [i.id for i in list_items(st, case)]
                for target in st.targets.list(case_id=case):
                    capture_ids += [
                        c.id
                        for c in st.captures.list_for_target(target.id)
                        if c.status.value in ("complete", "partial", "awaiting_timestamp")
                    ]
            for capture_id in capture_ids:
                checks += verify_capture(blobs, ledger, tsa, st.captures.get(capture_id))
            if not wanted and not ledger_flag and not capture_ids:
                raise InvalidValue(
                    "verify",
                    "say what to check: BUNDLE.zip, FILE.wacz, --ledger, --evidence ID, "
                    "--capture ID or --case ID",
                )
            for item_id in wanted:
                item, token = get_item(st, item_id)
                checks += verify_item(blobs, ledger, tsa, item, token)
                record_custody(st, ledger, item, "verified")
            if ledger_flag:
                checks += ledger.verify(signer.public)
    finally:
        if tsa is not None:
            tsa.close()
    return checks


def bundle(
    ctx: typer.Context,
    case: Annotated[int, typer.Argument(help="Case id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The bundle to write (.zip).")],
) -> None:
    """Write a court bundle: evidence, tokens, ledger proofs, index, VERIFY.txt."""
    ws = workspace(ctx)
    signer = Signer.from_file(ws.key_file)
    tsa = tsa_client(ws)
    ca_pem = tsa.verifier_pem if tsa is not None else None
    try:
        with store(ctx) as st:
            summary = write_bundle(
                st,
                BlobStore(ws.evidence_dir),
                Ledger(st, signer),
                signer,
                tsa,
                ca_pem,
                case,
                output,
            )
    finally:
        if tsa is not None:
            tsa.close()
    console.print(
        f"bundle {summary.path}: {summary.items} item(s), {summary.files} files, checkpoint of "
        f"{summary.checkpoint_size} leaves{' (timestamped)' if summary.timestamped else ''}"
    )
    console.print(f"check it anywhere with: rightsguard verify {summary.path}")


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")
    app.add_typer(ledger_app, name="ledger")
    app.command("verify")(verify)
    app.command("bundle")(bundle)
