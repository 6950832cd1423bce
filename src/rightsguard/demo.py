"""The demo: one brand, one case, the sandbox internet, every capability so far.

Each later capability adds its step here, so that ``rightsguard demo`` always
shows the whole product as it stands.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from rightsguard.domain.enums import Goal
from rightsguard.domain.errors import InputError
from rightsguard.domain.rights import make_right_draft
from rightsguard.sandbox import Sandbox, SandboxMap, default_state_dir, process, world
from rightsguard.sandbox.errors import PortInUse
from rightsguard.store import Store, open_store
from rightsguard.store.target_import import import_targets
from rightsguard.workspace import Workspace, init_workspace

MARKER = ".rightsguard-demo"


def prepare_directory(directory: Path) -> Path:
    """An empty folder for the demo; a previous demo there is replaced, nothing else is."""
    directory = directory.expanduser().resolve()
    if directory.exists():
        if (directory / MARKER).is_file():
            shutil.rmtree(directory)
        elif directory.is_dir() and not any(directory.iterdir()):
            pass
        else:
            raise InputError(
                f"{directory} exists and is not a RightsGuard demo folder; "
                "choose another: rightsguard demo DIR"
            )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text("made by rightsguard demo; safe to delete\n")
    return directory


def add_rights(store: Store) -> list[int]:
    ids = []
    for mark in world.TRADEMARKS:
        right = store.rights.add(
            make_right_draft(
                kind="trademark",
                name=mark.mark,
                jurisdiction="CN",
                owner=mark.owner,
                registration_number=mark.registration_number,
                office=mark.office,
                classes=mark.classes,
                registered_on=mark.registered_on,
                expires_on=mark.expires_on,
            )
        )
        ids.append(right.id)
    photos = store.rights.add(
        make_right_draft(
            kind="copyright",
            name="AURORIX product photographs 2025 / 极光产品摄影作品",
            jurisdiction="CN",
            owner=world.RIGHTS_HOLDER.name_zh,
        )
    )
    ids.append(photos.id)
    return ids


@contextmanager
def demo_sandbox(state_dir: Path, out: Console) -> Iterator[Sandbox | SandboxMap]:
    """The sandbox on its usual ports, so that the demo's URLs stay reachable later
    with ``rightsguard sandbox up``; one already running is used as it is."""
    if process.status(default_state_dir()) is not None:
        out.print("   (using the sandbox already running: rightsguard sandbox status)")
        yield process.running_map(default_state_dir())
        return
    try:
        sandbox = Sandbox(
            http_port=process.DEFAULT_HTTP_PORT,
            https_port=process.DEFAULT_HTTPS_PORT,
            state_dir=state_dir,
            ports=process.DEFAULT_SERVICE_PORTS,
        ).start()
    except PortInUse:
        out.print("   (the usual sandbox ports are taken; using free ports for this run)")
        sandbox = Sandbox(state_dir=state_dir).start()
    try:
        out.print(f"   sandbox internet up on {sandbox.host} (stopped when the demo ends)")
        yield sandbox
    finally:
        sandbox.stop()


def run_demo(directory: Path, console: Console | None = None) -> Workspace:
    out = console or Console(highlight=False)
    root = prepare_directory(directory)
    with demo_sandbox(default_state_dir(), out) as sandbox:
        ws = _demo_workspace(root, sandbox)
        out.print(Panel.fit(f"RightsGuard demo workspace: {ws.root}", style="bold"))
        store = open_store(ws)
        try:
            case_id = _rights_case_targets(out, store, sandbox)
            _identify(out, ws, store, case_id, sandbox)
            _evidence_by_hand(out, ws, store, case_id)
            _show_plan(out, store, ws, case_id)
            _court_bundle(out, ws, store, case_id)
        finally:
            store.close()

    out.print(
        Panel.fit(
            "Try next:\n"
            f"  rightsguard --workspace {ws.root} case show {case_id}\n"
            f"  rightsguard --workspace {ws.root} target list --case {case_id} --json\n"
            f"  rightsguard --workspace {ws.root} plan {case_id}\n"
            f"  rightsguard --workspace {ws.root} rules list\n"
            f"  rightsguard --workspace {ws.root} export --case {case_id} -o case.json\n"
            f"  rightsguard verify {ws.root}/bundles/case-{case_id}.zip\n"
            f"  unzip -d b {ws.root}/bundles/case-{case_id}.zip && less b/VERIFY.txt\n"
            "  rightsguard sandbox up     # keep the stand-in internet running, then browse it",
            title="What to try next",
        )
    )
    return ws


def _show_plan(out: Console, store: Store, ws: Workspace, case_id: int) -> None:
    """The plan for the case, then the gates refusing what the guide warns against."""
    from datetime import date

    from rightsguard.actions.case_facts import facts_document
    from rightsguard.cli.playbook_cmds import render_plan
    from rightsguard.domain.enums import ActionType
    from rightsguard.playbook import check_action, make_plan, parse_facts

    today = date.today()
    document = facts_document(
        store, case_id, today=today, capture_max_age_days=ws.settings.capture_max_age_days
    )
    facts = parse_facts(document, today=today)
    out.print(f"7. The enforcement plan for case {case_id} (rightsguard plan {case_id}):")
    render_plan(make_plan(facts), "en", out)

    out.print("8. The gates at work (every send goes through them):")
    outlet = next(t for t in facts.targets if t.host == world.OUTLET_HOST)
    for block in check_action(facts, ActionType.CEASE_AND_DESIST, target_ids=[outlet.id])[:2]:
        out.print(
            f"   cease-and-desist to the operator of {outlet.host} now → blocked by "
            f"[bold]{block.rule_id}[/]: {block.text.en}"
        )
    # What-if (as in `rightsguard plan --facts`): the letter addressed to the
    # marketplace operator, a third party, instead of the infringer.
    document["parties"] = [
        *document["parties"],
        {
            "id": "mall",
            "role": "intermediary",
            "name": world.MALL_OPERATOR.name_zh,
            "identity_known": True,
            "address_known": True,
        },
    ]
    what_if = parse_facts(document, today=today)
    listing = next(t for t in what_if.targets if t.kind.value == "listing")
    for block in check_action(
        what_if, ActionType.CEASE_AND_DESIST, target_ids=[listing.id], recipient_party_id="mall"
    ):
        if block.rule_id.startswith("cd."):
            out.print(
                f"   cease-and-desist to {world.MALL_OPERATOR.name_zh} (a third party) "
                f"→ blocked by [bold]{block.rule_id}[/]: {block.text.en}"
            )


def _demo_workspace(root: Path, sandbox: Sandbox | SandboxMap) -> Workspace:
    """The workspace, with the sandbox's TSA as its time-stamp authority."""
    tsa = sandbox.endpoints()["tsa.tsa"]
    keys = root / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_state_dir() / "tsa" / "ca.pem", keys / "tsa-ca.pem")
    return init_workspace(
        root,
        {
            "allow_private_targets": True,
            "operator": "demo-analyst",
            "tsa_url": f"http://{tsa.host}:{tsa.port}/",
            "tsa_ca_file": "keys/tsa-ca.pem",
        },
    )


def _rights_case_targets(out: Console, store: Store, sandbox: Sandbox | SandboxMap) -> int:
    right_ids = add_rights(store)
    out.print(f"1. Recorded {len(right_ids)} rights of {world.RIGHTS_HOLDER.name_zh}:")
    for right in store.rights.list():
        out.print(
            f"     right {right.id}: {right.kind.value} {right.name} "
            f"{right.registration_number or ''}"
        )
    case = store.cases.new(
        f"{world.BRAND} / {world.MARK_ZH} look-alike shops and marketplace listings",
        right_ids=tuple(right_ids),
        goals=(Goal.REMOVE_LINKS, Goal.TRANSFER_DOMAIN, Goal.DETERRENCE),
        assignee="demo-analyst",
    )
    out.print(f"2. Opened case {case.id}: {case.title}")
    search_url = sandbox.url(world.MALL_HOST, f"/search.csv?q={world.BRAND.lower()}")
    with sandbox.httpx_client() as client:
        response = client.get(search_url)
        response.raise_for_status()
    imports = _workspace_root(store) / "imports"
    imports.mkdir(exist_ok=True)
    feed = imports / "sandbox-search-aurorix.csv"
    feed.write_bytes(response.content)
    out.print(f"3. Fetched the suspects feed {search_url}")
    report = import_targets(store, feed, case_id=case.id)
    out.print(
        f"4. Imported {report.created} targets into case {case.id} "
        f"({report.duplicates} duplicates, {len(report.rejected)} rejected):"
    )
    table = Table("id", "url", "kind", "control", "platform")
    for target in store.targets.list(case_id=case.id):
        table.add_row(
            str(target.id),
            target.url,
            target.kind.value,
            target.control.value,
            target.platform or "—",
        )
    out.print(table)
    return case.id


def _workspace_root(store: Store) -> Path:
    """The folder of the demo's SQLite database (the demo always uses SQLite)."""
    return Path(store.url.removeprefix("sqlite:///")).parent


def _evidence_by_hand(out: Console, ws: Workspace, store: Store, case_id: int) -> None:
    """A test purchase from the outlet shop: stored, time-stamped, ledgered, verified."""
    from rightsguard.evidence.blobstore import BlobStore
    from rightsguard.evidence.items import add_files, get_item
    from rightsguard.evidence.ledger import Ledger
    from rightsguard.evidence.signing import Signer
    from rightsguard.evidence.tsa_config import tsa_client
    from rightsguard.evidence.verify import verify_item

    product = world.COUNTERFEIT_PRODUCTS[0]
    receipt = ws.root / "imports" / "test-purchase-order.txt"
    receipt.write_text(
        "订单确认 / Order confirmation\n"
        f"店铺 / Shop: {world.OUTLET_HOST}\n"
        f"商品 / Item: {product.name_zh} / {product.name_en}, ¥{product.price_cny}\n"
        f"收款方 / Payee: {world.OPERATOR.name_zh} ({world.OPERATOR.uscc})\n"
        f"联系 / Contact: {world.OPERATOR_EMAIL}\n",
        encoding="utf-8",
    )
    tsa = tsa_client(ws)
    if tsa is None:
        raise InputError("the demo workspace has no tsa_url")
    blobs = BlobStore(ws.evidence_dir)
    signer = Signer.from_file(ws.key_file)
    ledger = Ledger(store, signer)
    try:
        (item,) = add_files(
            store,
            blobs,
            ledger,
            tsa,
            [receipt],
            case_id=case_id,
            kind="test-purchase",
            note="order placed by the demo analyst",
        )
        out.print(
            f"6. Test purchase recorded as evidence {item.id}: sha256 {item.sha256[:16]}…, "
            f"TSA time {item.tsa_time}, ledger leaf {item.ledger_idx}"
        )
        head = ledger.checkpoint(stamp=lambda message: tsa.stamp(message).reply)
        out.print(
            f"   signed tree head: {head.size} leaves, root {head.root.hex()[:16]}…, "
            "timestamped by the TSA"
        )
        item, token = get_item(store, item.id)
        checks = verify_item(blobs, ledger, tsa, item, token) + ledger.verify(signer.public)
    finally:
        tsa.close()
    for check in checks:
        mark = "✓" if check.ok else ("!" if check.ok is None else "✗")
        out.print(f"   {mark} {check.name}: {check.detail}")


def _court_bundle(out: Console, ws: Workspace, store: Store, case_id: int) -> None:
    """The case's court bundle, then its offline verification."""
    from rightsguard.evidence.blobstore import BlobStore
    from rightsguard.evidence.bundle import verify_bundle, write_bundle
    from rightsguard.evidence.ledger import Ledger
    from rightsguard.evidence.signing import Signer
    from rightsguard.evidence.tsa_config import tsa_client

    signer = Signer.from_file(ws.key_file)
    tsa = tsa_client(ws)
    path = ws.root / "bundles" / f"case-{case_id}.zip"
    path.parent.mkdir(exist_ok=True)
    try:
        summary = write_bundle(
            store,
            BlobStore(ws.evidence_dir),
            Ledger(store, signer),
            signer,
            tsa,
            tsa.verifier_pem if tsa is not None else None,
            case_id,
            path,
        )
    finally:
        if tsa is not None:
            tsa.close()
    out.print(
        f"9. Court bundle written: {summary.path} ({summary.files} files); "
        "verified offline with nothing but the bundle:"
    )
    for check in verify_bundle(path):
        mark = "✓" if check.ok else ("!" if check.ok is None else "✗")
        out.print(f"   {mark} {check.name}: {check.detail}")


def _identify(
    out: Console, ws: Workspace, store: Store, case_id: int, sandbox: Sandbox | SandboxMap
) -> None:
    """Who runs the look-alikes: registration, DNS, page facts, then parties and providers."""
    from rightsguard.identify.service import build_identifier, identify_targets
    from rightsguard.sandbox.rdap import identify_settings

    endpoints = sandbox.endpoints()
    names = set(sandbox.hostnames)
    https = endpoints.get("sites.https")
    client = sandbox.httpx_client(timeout=10)
    try:
        ident = build_identifier(
            ws,
            client,
            overrides=identify_settings(endpoints),
            sandbox=True,
            tls_address=(lambda h: (https.host, https.port) if h in names else None)
            if https
            else None,
            tls_context=sandbox.ssl_context(),
        )
        targets = store.targets.list(case_id=case_id)
        report = identify_targets(store, targets, ident, concurrency=8)
    finally:
        client.close()
    parties = {p.id: p for p in store.parties.list()}
    out.print(f"5. Identified {len(targets)} targets (RDAP, WHOIS, DNS, page facts); parties:")
    for pid in sorted(set(report.assignment.values())):
        party = parties.get(pid)
        if party is None:
            continue
        members = sorted(t for t, p in report.assignment.items() if p == pid)
        out.print(f"   party {pid}: {party.label} ({party.role.value}) — targets {members}")
        for link in party.links[:5]:
            out.print(f"     {link}")
    outlet = next(t for t in targets if t.host == world.OUTLET_HOST)
    findings = report.findings[outlet.id]
    out.print(f"   who can act on {outlet.url}:")
    for rec in findings.recommendations[:5]:
        out.print(f"     {rec.rank}. {rec.name} ({rec.kind}): {rec.reason}")
