"""``rightsguard right``: the rights a case rests on."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from rightsguard.cli.context import store, workspace
from rightsguard.cli.output import console, print_json
from rightsguard.discover.combos import own_words
from rightsguard.domain.enums import RightKind
from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.domain.nouns import ProofDocument, Right
from rightsguard.domain.rights import make_right_draft
from rightsguard.store.blobs import BlobStore
from rightsguard.store.discovery import right_vocabulary, set_right_vocabulary

app = typer.Typer(help="Rights: trademarks, works, patents, domain names.", no_args_is_help=True)


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


@app.command("add")
def add(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option(help="; ".join(k.value for k in RightKind))],
    name: Annotated[str, typer.Option(help="The mark, work title, patent title or domain.")],
    owner: Annotated[str, typer.Option(help="The right holder.")],
    jurisdiction: Annotated[str, typer.Option(help="CN, US, EU, ...")] = "CN",
    number: Annotated[str | None, typer.Option(help="Registration number.")] = None,
    office: Annotated[str | None, typer.Option(help="Registering office, e.g. CNIPA.")] = None,
    nice_class: Annotated[
        list[int] | None, typer.Option("--class", help="Nice class (repeat).")
    ] = None,
    registered: Annotated[str | None, typer.Option(help="Registration date YYYY-MM-DD.")] = None,
    expires: Annotated[str | None, typer.Option(help="Expiry date YYYY-MM-DD.")] = None,
    proof: Annotated[
        list[Path] | None, typer.Option(help="A proof document to store (repeat).")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Record a right, storing its proof documents in the evidence store."""
    draft = make_right_draft(
        kind=kind,
        name=name,
        jurisdiction=jurisdiction,
        owner=owner,
        registration_number=number,
        office=office,
        classes=nice_class or [],
        registered_on=_date(registered, "registered"),
        expires_on=_date(expires, "expires"),
    )
    proofs: list[ProofDocument] = []
    if proof:
        blobs = BlobStore(workspace(ctx).evidence_dir)
        for path in proof:
            try:
                blob = blobs.put_file(path)
            except OSError as exc:
                raise UnreadableFile(path, exc.strerror or str(exc)) from None
            proofs.append(ProofDocument(name=path.name, sha256=blob.sha256, size=blob.size))
    draft = dataclasses.replace(draft, proofs=tuple(proofs))
    with store(ctx) as st:
        right = st.rights.add(draft)
    if json_output:
        print_json(right)
    else:
        console.print(f"Right {right.id} added: {right.kind.value} {right.name!r} ({right.owner})")


def _table(rights: list[Right]) -> Table:
    table = Table("id", "kind", "name", "jurisdiction", "number", "classes", "owner", "expires")
    for r in rights:
        table.add_row(
            str(r.id),
            r.kind.value,
            r.name,
            r.jurisdiction,
            r.registration_number or "—",
            ",".join(map(str, r.classes)) or "—",
            r.owner,
            r.expires_on.isoformat() if r.expires_on else "—",
        )
    return table


@app.command("list")
def list_(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the rights."""
    with store(ctx) as st:
        rights = st.rights.list()
    if json_output:
        print_json(rights)
    elif not rights:
        console.print("No rights yet. Add one with: rightsguard right add --kind trademark ...")
    else:
        console.print(_table(rights))


@app.command("show")
def show(
    ctx: typer.Context,
    right_id: Annotated[int, typer.Argument(help="Right id.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one right with its proof documents."""
    with store(ctx) as st:
        right = st.rights.get(right_id)
    if json_output:
        print_json(right)
        return
    console.print(_table([right]))
    for p in right.proofs:
        console.print(f"  proof {p.name}  sha256 {p.sha256}  {p.size} bytes")


@app.command("vocabulary")
def vocabulary(
    ctx: typer.Context,
    right_id: Annotated[int, typer.Argument(help="Right id.")],
    words: Annotated[
        list[str] | None,
        typer.Argument(help="The right's product words (replace the old ones), e.g. bags wallet."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the right's words.")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show or set the right's own product words, tried by ``discover domains --combos``."""
    if words and clear:
        raise InvalidValue("--clear", "give words or --clear, not both")
    own_words(words or [])  # words that cannot stand in a domain name are refused
    with store(ctx) as st:
        if words or clear:
            current = set_right_vocabulary(st, right_id, words or [])
        else:
            st.rights.get(right_id)
            current = right_vocabulary(st, right_id)
    if json_output:
        print_json({"right": right_id, "vocabulary": list(current)})
    else:
        console.print(f"right {right_id}: {', '.join(current) if current else 'no words'}")
