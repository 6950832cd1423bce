"""The demo: one brand, one case, the sandbox internet, every capability so far.

Each later capability adds its step here, so that ``rightsguard demo`` always
shows the whole product as it stands.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from rightsguard.actions import gating
from rightsguard.actions.bulk import plan_bulk_notices, providers_for_targets
from rightsguard.cli.playbook_cmds import render_plan
from rightsguard.discover.generate import seeds_for_mark
from rightsguard.discover.model import parse_seed
from rightsguard.discover.results import discovered_rows
from rightsguard.domain.enums import ActionType, Goal
from rightsguard.domain.errors import InputError
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.roles import ROLES
from rightsguard.evidence.bundle import verify_bundle, write_bundle
from rightsguard.evidence.items import add_files, get_item
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.signing import Signer
from rightsguard.evidence.tsa_config import tsa_client
from rightsguard.evidence.verify import verify_item
from rightsguard.identify.providers import Directory
from rightsguard.jobs.dispatch import submit_many
from rightsguard.jobs.local_fleet import LocalFleet, choose_runner
from rightsguard.jobs.once import EFFECT
from rightsguard.net import Network
from rightsguard.playbook import check_action, make_plan, parse_facts
from rightsguard.playbook.rules import all_rules, get_rule
from rightsguard.playbook.sources import all_sources, get_source
from rightsguard.sandbox import (
    Sandbox,
    SandboxMap,
    backend,
    default_state_dir,
    process,
    smtp,
    world,
)
from rightsguard.sandbox.errors import PortInUse
from rightsguard.services import actions as workflow
from rightsguard.services.capture import capture_targets
from rightsguard.services.discovery import (
    CombinationPlan,
    candidates_for,
    import_discovered,
    look_alikes,
)
from rightsguard.services.feeds import watch_ct
from rightsguard.services.identify import identify_all
from rightsguard.services.notify import notify
from rightsguard.services.planning import case_facts, replan_case
from rightsguard.services.recheck import recheck_and_capture
from rightsguard.store import Store, open_store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.profiles import update_profile
from rightsguard.store.target_import import import_targets
from rightsguard.store.users import add_user
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


def record_holder(store: Store) -> None:
    """The sandbox brand's identity, as documents name the right holder."""

    holder = world.RIGHTS_HOLDER
    update_profile(
        store,
        "holder",
        {
            "name": holder.name_zh,
            "address": holder.address_zh,
            "uscc": holder.uscc,
            "email": world.RIGHTS_HOLDER_EMAIL,
            "phone": world.RIGHTS_HOLDER_PHONE,
            "signatory": "法务部 Legal Department",
        },
    )


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
        # Announced like `sandbox up`, so that the worker processes of step 15 find it.
        with process.announced(sandbox):
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
            _show_plan(out, store, ws, case_id)
            _capture(out, ws, store, case_id, sandbox)
            _capture_fidelity(out, ws, store, case_id, sandbox)
            _evidence_by_hand(out, ws, store, case_id)
            _ready(out, store, ws, case_id)
            _act(out, ws, store, case_id)
            _watch(out, ws, store, case_id, sandbox)
            _discover(out, ws, store, case_id, sandbox)
            _new_registrations(out, ws, store)
            _court_bundle(out, ws, store, case_id)
            _scale_out(out, ws, store, case_id)
            _workbench(out, ws, store, case_id)
            _daily_tool(out, ws, store)
            _panel_and_police(out, ws, store, case_id)
        finally:
            store.close()

    out.print(
        Panel.fit(
            "Try next:\n"
            f"  rightsguard --workspace {ws.root} case show {case_id}\n"
            f"  rightsguard --workspace {ws.root} target list --case {case_id} --json\n"
            f"  rightsguard --workspace {ws.root} plan {case_id}\n"
            f"  rightsguard --workspace {ws.root} rules list\n"
            "  rightsguard rules sources --lang zh-CN\n"
            f"  rightsguard --workspace {ws.root} export --case {case_id} -o case.json\n"
            f"  rightsguard verify {ws.root}/bundles/case-{case_id}.zip\n"
            f"  unzip -d b {ws.root}/bundles/case-{case_id}.zip && less b/VERIFY.txt\n"
            "  rightsguard sandbox up     # keep the stand-in internet running, then browse it\n"
            f"  rightsguard --workspace {ws.root} serve --sandbox   # the web workbench",
            title="What to try next",
        )
    )
    return ws


def _show_plan(out: Console, store: Store, ws: Workspace, case_id: int) -> None:
    """The plan for the case, then the gates refusing what the guide warns against."""

    today = date.today()
    document, facts = case_facts(
        store, case_id, today=today, capture_max_age_days=ws.settings.capture_max_age_days
    )
    out.print(f"6. The enforcement plan for case {case_id} (rightsguard plan {case_id}):")
    plan = make_plan(facts)
    render_plan(plan, "en", out)

    rules = all_rules()
    out.print(
        f"   The plan comes from {len(rules)} rules citing {len(all_sources())} legal sources "
        "(rightsguard rules sources), e.g.:"
    )
    for rule_id in ("suit.limitation", "evidence.first"):
        for citation in get_rule(rule_id).law[:1]:
            gist = get_source(citation.instrument).article(citation.article or "")
            out.print(
                f"   {rule_id} cites {citation}"
                + (f": {gist.gist.en} / {gist.gist.zh}" if gist else "")
            )

    out.print("7. The gates at work (every send goes through them):")
    for blocked in plan.blocked:
        for block in blocked.blocks:
            out.print(
                f"   {blocked.title.en} (targets {', '.join(blocked.target_ids)}) → "
                f"closed by [bold]{block.rule_id}[/]: {block.text.en}"
            )
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


#: The demo's workbench accounts: one per role, password ``demo-<role>-2026``.
DEMO_ROLES = ROLES


def demo_password(role: str) -> str:
    return f"demo-{role}-2026"


#: The demo's broker (step 15): the usual local Redis, database 15.
DEMO_BROKER_URL = "redis://127.0.0.1:6379/15"
#: Rechecks per job in step 15.
RECHECK_BATCH = 3


def _scale_out(out: Console, ws: Workspace, store: Store, case_id: int) -> None:
    """The day's watch over the case as jobs: a recheck of every target and a fresh HTTP
    capture of each, run by two ``rightsguard worker`` processes as two machines would
    run them (Celery where the broker answers, inline worker processes otherwise)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    targets = {t.id: t for t in store.targets.list(case_id=case_id)}
    ids = list(targets)
    runner, why = choose_runner(ws)
    fleet = LocalFleet(ws, runner, processes=2)
    with fleet:
        fleet.ready()
        recheck_jobs = submit_many(
            ws,
            store,
            "recheck.targets",
            [
                {"target_ids": ids[i : i + RECHECK_BATCH], "sandbox": True}
                for i in range(0, len(ids), RECHECK_BATCH)
            ],
            runner=runner,
        )
        capture_jobs = submit_many(
            ws,
            store,
            "capture.once",
            [{"target_ids": [t], "mode": "http", "sandbox": True} for t in ids],
            runner=runner,
        )
        jobs = [*recheck_jobs, *capture_jobs]
        out.print(
            f"15. Scale-out: the day's watch as {len(recheck_jobs)} recheck jobs ({len(ids)} "
            f"targets, {RECHECK_BATCH} a job) and {len(capture_jobs)} capture jobs (one a "
            "target) on the recheck and capture queues, run by 2 worker processes, each "
            f"standing for a machine; {why}:\n"
            f"      rightsguard --workspace {ws.root} worker --runner {runner} "
            "--queues capture,recheck --concurrency 1"
        )
        with Progress(
            TextColumn("   jobs"), BarColumn(), MofNCompleteColumn(), console=out, transient=True
        ) as bar:
            task = bar.add_task("jobs", total=len(jobs))
            results = fleet.wait(store, jobs, progress=lambda n, _: bar.update(task, completed=n))
    table = Table("job", "task", "targets", "status", "tries", "worker process", "result")
    for r in results:
        table.add_row(
            str(r.id),
            r.name,
            ", ".join(map(str, r.args.get("target_ids", []))),
            r.status,
            str(r.attempts),
            r.process or "—",
            json_brief(r.result) if r.status == "done" else (r.error or "")[:80],
        )
    out.print(table)
    done = sum(1 for r in results if r.status == "done")
    processes = sorted({r.process for r in results if r.process})
    effects = sum(
        1
        for job in recheck_jobs
        for e in store.events.list(entity="job", entity_id=job)
        if e.verb == EFFECT
    )
    out.print(
        f"   {done} of {len(jobs)} jobs done by {len(processes)} worker processes "
        f"({', '.join(processes)}); each recheck job took effect once ({effects} "
        f"job.effect markers for {len(recheck_jobs)} jobs); logs in {fleet.log_path(1).parent}"
    )
    for job in capture_jobs:
        (target_id,) = next(r for r in results if r.id == job).args["target_ids"]
        latest = max(store.captures.list_for_target(target_id), key=lambda c: c.id)
        if latest.status.value != "complete":
            out.print(
                f"   capture {latest.id} of {targets[target_id].url} {latest.status.value}: "
                f"{latest.partial_reason}"
            )


def json_brief(value: object) -> str:
    """A job's result on one short line."""
    import json

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= 60 else text[:59] + "…"


def _workbench(out: Console, ws: Workspace, store: Store, case_id: int) -> None:
    """Accounts for the web workbench, one per role, and how to open it."""

    names = {
        "analyst": "王分析 (analyst)",
        "liaison": "李联络 (liaison)",
        "counsel": "张律师 (counsel)",
        "admin": "赵管理 (admin)",
    }
    for role in DEMO_ROLES:
        add_user(
            store,
            role,
            role,
            demo_password(role),
            names[role],
            email=f"{role}@aurorix.com",
            language="en" if role == "counsel" else "zh-CN",
        )
    store.cases.assign(case_id, "analyst")
    table = Table("user", "password", "role: what the role may do")
    what = {
        "analyst": "monitor, capture, identify, triage",
        "liaison": "notices to service providers: draft, approve, send",
        "counsel": "letters and disputes, approvals, gate overrides",
        "admin": "everything, plus accounts and settings",
    }
    for role in DEMO_ROLES:
        table.add_row(role, demo_password(role), f"{role}: {what[role]}")
    out.print(
        f"16. The web workbench: case {case_id} is assigned to the analyst. Start it with\n"
        f"      rightsguard sandbox up && rightsguard --workspace {ws.root} serve --sandbox\n"
        "    then open http://127.0.0.1:8710/ and sign in as any of:"
    )
    out.print(table)
    _digest(out, ws, store)


def _daily_tool(out: Console, ws: Workspace, store: Store) -> None:
    """The header's search box over the demo's records, and the language each document
    would be drafted in when the form is left to the recipient's (#20)."""
    from rightsguard.actions.gating import Recipient
    from rightsguard.services.doc_language import document_language
    from rightsguard.store.read.search import search_all

    with store.transaction() as session:
        found = search_all(session, "gouwu")
    counts = ", ".join(f"{len(hits)} {group}" for group, hits in found.items() if hits)
    out.print(f"18. Search from the workbench's header for 'gouwu': {counts or 'nothing'}")
    fallback = str(ws.settings.language)
    examples = (
        ("notice.ecommerce", Recipient("Mall", None, "ipr@gouwu-tianxia.cn", "provider")),
        ("notice.dmca", Recipient("Host Inc.", None, "dmca@host.example", "provider")),
        ("cease_and_desist", Recipient("Outlet LLC", None, "legal@outlet.example")),
        ("cease_and_desist", Recipient("深圳市晨曦优品贸易有限公司")),
    )
    out.print("    a draft's language follows its recipient (the draft form's default):")
    for kind, r in examples:
        out.print(f"      {kind} to {r.email or r.name}: {document_language(kind, r, fallback)}")


def _digest(out: Console, ws: Workspace, store: Store) -> None:
    """Each person's daily digest a week on (when the checks of the actions sent fall
    due), e-mailed to the sandbox's mail server; a second run the same day sends
    nothing (``rightsguard notify digest --today …``)."""
    today = date.today() + timedelta(days=7)
    report = notify(ws, store, today=today, base_url="http://127.0.0.1:8710")
    table = Table("to", "lang", "to approve", "to send", "ready for liaison", "due")
    for m in report.sent:
        c = m.counts
        table.add_row(
            f"{m.username} <{m.email}>",
            m.lang,
            *(str(c[k]) for k in ("to_approve", "to_send", "ready", "due")),
        )
    out.print(
        f"17. The daily digest of {today.isoformat()} (rightsguard notify digest --today "
        f"{today.isoformat()}): {len(report.sent)} e-mailed through the sandbox mail server, "
        "each in their language:"
    )
    out.print(table)
    for username, why in report.skipped:
        out.print(f"    {username}: {why}")
    again = notify(ws, store, today=today)
    out.print(f"    run again the same day: {len(again.sent)} sent (never twice a day)")


def _demo_workspace(root: Path, sandbox: Sandbox | SandboxMap) -> Workspace:
    """The workspace, with the sandbox's TSA and mail server as its own."""

    tsa = sandbox.endpoints()["tsa.tsa"]
    mail = sandbox.endpoints()["smtp.smtp"]
    keys = root / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_state_dir() / "tsa" / "ca.pem", keys / "tsa-ca.pem")
    shutil.copyfile(sandbox.ca_cert_path, keys / "sandbox-ca.pem")
    return init_workspace(
        root,
        {
            "allow_private_targets": True,
            "operator": "demo-analyst",
            "tsa_url": f"http://{tsa.host}:{tsa.port}/",
            "tsa_ca_file": "keys/tsa-ca.pem",
            "smtp_url": f"smtp://{smtp.USER}:{smtp.PASSWORD}@{mail.host}:{mail.port}?starttls=true",
            "smtp_from": world.RIGHTS_HOLDER_EMAIL,
            "smtp_ca_file": "keys/sandbox-ca.pem",
            "role": "counsel",
            # Step 15's Celery workers use a Redis database of the demo's own, so that
            # they never take the jobs of a deployment on the same Redis.
            "broker_url": DEMO_BROKER_URL,
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
            f"9. Test purchase recorded as evidence {item.id}: sha256 {item.sha256[:16]}…, "
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


def _new_registrations(out: Console, ws: Workspace, store: Store) -> None:
    """Names not guessed but watched: the likeliest combination names of the marks, and
    a certificate-transparency log (the sandbox's, on loopback) read through the
    workspace's guarded network, as the ``discover.ct`` job reads ``ct_log_url``."""
    from rightsguard.sandbox.ctlog import LocalCtLog

    seeds = [parse_seed(world.OFFICIAL_HOST), *seeds_for_mark(world.MARK_ZH)]
    combos = candidates_for(seeds, combinations=CombinationPlan(budget=5, year=date.today().year))
    with LocalCtLog() as log:
        log.add(["cdn.unrelated-news.example"])
        log.add(["aurorix-outlet.top", "www.aurorix-outlet.top"])
        log.add(["weather-today.example"])
        run = watch_ct(ws, store, seeds, url=log.url)
    out.print(
        f"13b. New registrations: the {len(combos)} likeliest combination names "
        f"({', '.join(c.unicode for c in combos)}); the CT log read "
        f"{run.summary['entries read']} new certificates through the guarded network:"
    )
    for hit in run.assessed:
        out.print(
            f"   CT-log hit {hit.candidate.unicode} (score {hit.score:.2f}: {hit.reasons[0]})"
        )
    out.print("   daily: set ct_log_url / zone_file and run `rightsguard schedule`")


def _court_bundle(out: Console, ws: Workspace, store: Store, case_id: int) -> None:
    """The case's court bundle, then its offline verification."""
    from rightsguard.evidence.ledger import Ledger
    from rightsguard.evidence.signing import Signer
    from rightsguard.evidence.tsa_config import tsa_client
    from rightsguard.store.blobs import BlobStore

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
        f"14. Court bundle written: {summary.path} ({summary.files} files); "
        "verified offline with nothing but the bundle:"
    )
    checks = verify_bundle(path)
    failed = [c for c in checks if c.ok is False]
    for check in [c for c in checks if not c.name.startswith("item ")] + failed:
        mark = "✓" if check.ok else ("!" if check.ok is None else "✗")
        out.print(f"   {mark} {check.name}: {check.detail}")
    items = [c for c in checks if c.name.startswith("item ")]
    out.print(
        f"   {'✗' if failed else '✓'} {len(items) - len(failed)} of {len(items)} item checks "
        "passed (WACZ digests, SHA-256, timestamps, ledger inclusion): "
        f"rightsguard verify {path}"
    )


def _network(ws: Workspace, sandbox: Sandbox | SandboxMap) -> Network:
    """The demo's sandbox as the workspace's network (``rightsguard.net``)."""
    return backend.network_of(
        sandbox.map() if isinstance(sandbox, Sandbox) else sandbox, ws.settings
    )


def _identify(
    out: Console, ws: Workspace, store: Store, case_id: int, sandbox: Sandbox | SandboxMap
) -> None:
    """Who runs the look-alikes: registration, DNS, page facts, then parties and providers."""

    targets = store.targets.list(case_id=case_id)
    done = identify_all(ws, store, targets, network=_network(ws, sandbox))
    report, replies = done.report, done.replies
    parties = {p.id: p for p in store.parties.list()}
    out.print(
        f"5. Identified {len(targets)} targets (RDAP, WHOIS, DNS, page facts; {replies} raw "
        "replies kept as evidence and ledgered); parties:"
    )
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


def _capture(
    out: Console, ws: Workspace, store: Store, case_id: int, sandbox: Sandbox | SandboxMap
) -> None:
    """Every target captured in the real Chromium: WACZ, screenshot, PDF, DOM, network
    context; each sealed with a TSA token and a ledger leaf."""
    targets = store.targets.list(case_id=case_id)
    outcomes = capture_targets(
        ws, store, [(t.url, t.id) for t in targets], network=_network(ws, sandbox)
    )
    done = [o for o in outcomes if o.status.value == "complete"]
    out.print(
        f"8. Captured {len(done)} of {len(outcomes)} targets in Chromium "
        "(WACZ + screenshot + PDF + DOM, time-stamped and ledgered):"
    )
    for o in outcomes:
        wacz = o.artefact("wacz")
        out.print(
            f"   capture {o.capture_id}: {o.status.value} {o.url} "
            f"WACZ {wacz.sha256[:12] + '…' if wacz else '—'}"
        )
    out.print(
        f"   evidence lies in {ws.evidence_dir}/sha256/…; "
        f"check one with: rightsguard verify --capture {outcomes[0].capture_id}"
    )


def _capture_fidelity(
    out: Console, ws: Workspace, store: Store, case_id: int, sandbox: Sandbox | SandboxMap
) -> None:
    """How a capture saw the page as a visitor would (what it waited for, how the browser
    appeared), its clean-environment record, and page facts read from its rendered DOM."""
    from rightsguard.evidence.cleanenv import summary

    target = next(t for t in store.targets.list(case_id=case_id) if t.host == world.OUTLET_HOST)
    capture = store.captures.list_for_target(target.id)[-1]
    env = capture.environment or {}
    settle = env.get("settle") or {}
    out.print(
        f"   capture {capture.id} settled ({settle.get('ended_by')}, {settle.get('seconds')} s of "
        f"at most {settle.get('ceiling_seconds')} s: network, DOM and script timers quiet) as "
        f"an ordinary Chrome (navigator.webdriver "
        f"{(env.get('browser') or {}).get('navigator_webdriver')})"
    )
    zh, en = summary(env.get("clean_environment"))
    out.print(f"   取证环境清洁性检查：{zh}")
    out.print(f"   clean environment: {en}")
    done = identify_all(ws, store, [target], network=_network(ws, sandbox), resolve_after=False)
    source = done.report.findings[target.id].page_source
    out.print(
        f"   page facts of {target.host} read from: {source.get('source')} "
        f"{source.get('capture_id', source.get('why', ''))}"
    )


def _act(out: Console, ws: Workspace, store: Store, case_id: int) -> None:
    """Letters, notices and complaints drafted, approved by counsel, sent, received."""

    record_holder(store)
    targets = store.targets.list(case_id=case_id)
    by_host = {t.host: t for t in targets if t.kind.value == "domain"}
    operator_sites = [t.id for t in targets if t.host in world.INFRINGER_HOSTS]
    cache = gating.FactsCache()
    drafted: list[tuple[int, str]] = []
    letter, _ = workflow.draft_action(
        ws,
        store,
        role="counsel",
        case_id=case_id,
        kind="cease_and_desist",
        lang="zh-CN",
        recipient=gating.Recipient(
            world.OPERATOR.name_zh,
            world.OPERATOR.address_zh,
            world.OPERATOR_EMAIL,
            "primary_infringer",
        ),
        target_ids=operator_sites,
        cache=cache,
    )
    drafted.append((letter.id, "cease-and-desist letter to the operator"))
    listings = [t.id for t in targets if t.host == world.MALL_HOST]
    found, _ = providers_for_targets(store, Directory.load(sandbox=True), listings)
    kinds = {store.rights.get(r).kind.value for r in store.cases.get(case_id).right_ids}
    for batch in plan_bulk_notices(found, copyright_claimed="copyright" in kinds):
        notice, _ = workflow.draft_action(
            ws,
            store,
            role="counsel",
            case_id=case_id,
            kind=batch.document,
            lang=batch.lang,
            recipient=gating.Recipient(batch.provider.name, None, batch.provider.email),
            target_ids=list(batch.target_ids),
            cache=cache,
        )
        drafted.append(
            (notice.id, f"notice to {batch.provider.name} ({len(batch.target_ids)} listings)")
        )
    icp, _ = workflow.draft_action(
        ws,
        store,
        role="counsel",
        case_id=case_id,
        kind="icp_complaint",
        lang="zh-CN",
        recipient=gating.Recipient(
            "广东省通信管理局", None, world.SANDBOX_CA_GUANGDONG_EMAIL, "authority"
        ),
        target_ids=[by_host[world.GUANWANG_HOST].id],
        facts={"icp_status": "mismatched", "icp_number": world.MISMATCHED_ICP},
        cache=cache,
    )
    drafted.append((icp.id, "ICP-filing complaint to the Guangdong Communications Administration"))
    cndrp, _ = workflow.draft_action(
        ws,
        store,
        role="counsel",
        case_id=case_id,
        kind="cndrp_complaint",
        lang="zh-CN",
        recipient=gating.Recipient(
            "中国国际经济贸易仲裁委员会网上争议解决中心",
            None,
            world.SANDBOX_ODRC_EMAIL,
            "dispute_provider",
        ),
        target_ids=[by_host[world.OUTLET_HOST].id],
        facts={"registrant": world.OPERATOR.name_zh},
        cache=cache,
    )
    drafted.append((cndrp.id, f"CNDRP complaint over {world.OUTLET_HOST}"))
    out.print(
        "11. Drafted (DOCX, PDF, e-mail; each hashed and ledgered), approved by a second "
        "counsel (four eyes), sent by SMTP:"
    )
    try:
        workflow.approve_action(ws, store, drafted[0][0], role="counsel")
    except InputError as refused:
        out.print(f"   the drafter approving their own letter → refused: {refused.message}")
    reviewer = Store(ws.database_url, "demo:reviewing-counsel", engine=store.engine)
    sent: dict[int, dict[str, Any]] = {}
    for action_id, what in drafted:
        workflow.approve_action(ws, reviewer, action_id, role="counsel", note="demo approval")
        _, data, _ = workflow.send_action(ws, store, action_id, role="counsel", cache=cache)
        sent[action_id] = data
        out.print(
            f"   action {action_id}: {what} → {data['dispatch']['to']} "
            f"(Message-ID {data['dispatch']['message_id']})"
        )
    inbox = default_state_dir() / "smtp" / "inbox"
    # by Message-ID: the inbox is shared with other runs, whose files may sort after ours
    ids = {str(data["dispatch"]["message_id"]).strip() for data in sent.values()}
    received = [p for p in sorted(inbox.glob("*.eml")) if _message_id(p) in ids]
    out.print(
        f"   the sandbox mail server received {len(received)} of them; the last: "
        f"{received[-1] if received else '—'}"
    )
    if len(drafted) > 1:
        _show_attachments(out, received, drafted[1][1], sent[drafted[1][0]])


def _panel_and_police(out: Console, ws: Workspace, store: Store, case_id: int) -> None:
    """A UDRP complaint over the .com look-alike, argued from RDAP and the capture, and a
    police report with the amounts: drafted for counsel, not sent."""
    out.print("19. For a panel and the police, drafted for counsel's review:")
    by_host = {t.host: t for t in store.targets.list(case_id=case_id)}
    udrp, data = workflow.draft_action(
        ws,
        store,
        role="counsel",
        case_id=case_id,
        kind="udrp_complaint",
        lang="en",
        recipient=gating.Recipient("ADNDRC Beijing Office", None, "adndrc@example.org"),
        target_ids=[by_host[world.STORE_HOST].id],
        facts={"panel_size": "1"},
    )
    out.print(
        f"   action {udrp.id}: {data['title']} over {world.STORE_HOST}, drafted; registrar, "
        "respondent and bad faith (¶4(b)(iv)) from RDAP and the capture"
    )
    police, data = workflow.draft_action(
        ws,
        store,
        role="counsel",
        case_id=case_id,
        kind="police_report",
        lang="zh-CN",
        recipient=gating.Recipient("深圳市公安局南山分局", "深圳市南山区", None, "authority"),
        target_ids=[by_host[h].id for h in world.INFRINGER_HOSTS],
        facts={"suspect": world.OPERATOR.name_zh, "business_volume": "128000"},
    )
    out.print(
        f"   action {police.id}: {data['title']} (报案材料), drafted with the business volume "
        "RMB 128,000 for the police to weigh"
    )


def _message_id(path: Path) -> str:
    import email
    from email import policy

    return str(
        email.message_from_bytes(path.read_bytes(), policy=policy.default)["Message-ID"]
    ).strip()


def _show_attachments(out: Console, received: list[Path], what: str, data: dict[str, Any]) -> None:
    """What one notice carried: the document and its evidence files, as they arrived."""
    import email
    from email import policy

    wanted = str(data["dispatch"]["message_id"]).strip()
    for path in received:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if str(msg["Message-ID"]).strip() != wanted:
            continue
        names = [str(part.get_filename()) for part in msg.iter_attachments()]
        out.print(f"   the {what} arrived with {len(names)} attachments:")
        for name in names:
            out.print(f"     📎 {name}")
        for warning in data.get("warnings") or []:
            out.print(f"   (listed without a file: {warning})")
        return


def _ready(out: Console, store: Store, ws: Workspace, case_id: int) -> None:
    """With the evidence preserved, the plan's actions are ready."""
    replanned = replan_case(
        store,
        case_id,
        today=date.today(),
        capture_max_age_days=ws.settings.capture_max_age_days,
    )
    plan, stored = replanned.plan, replanned.deadlines_changed
    ready = [a for a in plan.actions if a.ready]
    out.print(
        f"10. With the evidence preserved, {len(ready)} of {len(plan.actions)} planned "
        f"actions are ready ({stored} running clocks kept as the case's deadlines):"
    )
    for action in plan.actions:
        venue = action.venue.name.en if action.venue else "—"
        missing = [p.text.en for p in action.preconditions if not p.met][:1]
        state = "ready" if action.ready else f"waiting: {missing[0] if missing else '?'}"
        out.print(f"   {action.rank}. {action.title.en} → {venue} ({state})")


def _watch(
    out: Console, ws: Workspace, store: Store, case_id: int, sandbox: Sandbox | SandboxMap
) -> None:
    """The outlet shop goes offline after the letter, then comes back: the rechecks see
    both, record the take-down and flag the repeat; each change is captured."""
    sandbox_map = sandbox.map() if isinstance(sandbox, Sandbox) else sandbox
    network = _network(ws, sandbox)
    outlet = [t for t in store.targets.list(case_id=case_id) if t.host == world.OUTLET_HOST]
    ids = [t.id for t in outlet]

    def switch(mode: str) -> None:
        with sandbox_map.httpx_client() as client:
            client.post(
                sandbox_map.url(world.OUTLET_HOST, "/__sandbox__/mode"),
                json={"host": world.OUTLET_HOST, "mode": mode},
            ).raise_for_status()

    def look(step: str) -> None:
        results = recheck_and_capture(ws, store, ids, network, capture_mode="http").results
        for r in results:
            change = " → ".join(r.status_change) if r.status_change else "no change"
            out.print(
                f"   {step}: target {r.target_id} {r.state} ({r.reason}); {change}"
                f"{'; REPEAT INFRINGEMENT' if r.repeat else ''}"
            )

    out.print("12. Watching: the rechecks after the letter (each change captured as evidence):")
    try:
        switch("removed")
        look("the shop goes offline")
        done = [
            d for a, d in store.actions.list(case_id) if d.get("time_to_takedown_hours") is not None
        ]
        if done:
            out.print(
                f"   take-down recorded on action(s) "
                f"{[a.id for a, d in store.actions.list(case_id) if d in done]}"
            )
        switch("live")
        look("the shop comes back")
    finally:
        switch("live")


def _discover(
    out: Console, ws: Workspace, store: Store, case_id: int, sandbox: Sandbox | SandboxMap
) -> None:
    """Look-alike names of the marks, checked against the sandbox's DNS; their pages
    looked at and screenshotted against the brand's own site; the registered ones join
    the case as suspected targets."""
    seeds = [parse_seed(world.OFFICIAL_HOST), *seeds_for_mark(world.MARK_ZH)]
    seen = look_alikes(
        seeds,
        resolvers=list(_network(ws, sandbox).endpoints.dns_resolvers),
        mark_names=[r.name for r in store.rights.list()],
        port=sandbox.endpoints()["sites.http"].port,
        allow_private=True,
        chromium_path=ws.settings.chromium_path,
    )
    candidates, found = seen.candidates, seen.assessed
    answered = sum(1 for p in seen.pages.values() if p.status == 200)
    out.print(
        f"13. Discovery: {len(candidates):,} look-alike names of {world.OFFICIAL_HOST} and "
        f"{world.MARK_ZH} checked over DNS; {len(found)} registered; the {answered} that "
        "answered were fetched and screenshotted against the brand's own site:"
    )
    for assessed in found[:8]:
        page = assessed.page
        look = ""
        if page is not None and page.look_distance is not None:
            same = "looks like the brand's site" if page.looks_like_brand else "its own design"
            look = f"; screenshot {page.look_distance}/64 bits from {world.OFFICIAL_HOST}: {same}"
        out.print(
            f"   {assessed.candidate.unicode} ({assessed.candidate.fuzzer}, "
            f"score {assessed.score:.2f}{look})"
        )
    known = {t.host for t in store.targets.list(case_id=case_id)}
    rows = [r for r in discovered_rows(found) if r["url"] not in known]
    fresh = [a for a in found if a.candidate.domain in {r["url"] for r in rows}]
    report = import_discovered(ws, store, fresh, case_id)
    out.print(
        f"   {len(found) - len(rows)} are sites already in the case; {report['created']} new "
        f"suspected targets added: {', '.join(r['url'] for r in rows)}; next: capture and "
        "identify them"
    )
