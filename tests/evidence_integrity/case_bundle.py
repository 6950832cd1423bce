"""A real court bundle for the bundle tests: a workspace with a TSA, a case with two
items and one sealed capture (HTTP or browser mode), bundled by the CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.sandbox import Sandbox, sites
from rightsguard.sandbox import tsa as tsa_module
from rightsguard.sandbox.tsa import TsaService

runner = CliRunner()


def make_case_bundle(tmp: Path, mode: str = "http") -> Path:
    """Write ``tmp/case1.zip``: case 1 with two evidence items and a ``mode`` capture."""
    with Sandbox(
        state_dir=tmp / "sb", services=[sites.make_service, tsa_module.make_service]
    ) as sandbox:
        tsa = sandbox.service("tsa")
        assert isinstance(tsa, TsaService)
        ws = tmp / "ws"
        assert runner.invoke(app, ["init", str(ws)]).exit_code == 0
        (ws / "rightsguard.toml").write_text(
            f'[rightsguard]\ntsa_url = "{tsa.url}"\ntsa_ca_file = "{tsa.ca_cert_path}"\n'
            "allow_private_targets = true\n"
        )
        base = ["--workspace", str(ws)]
        assert (
            runner.invoke(
                app,
                [
                    *base,
                    "right",
                    "add",
                    "--kind",
                    "trademark",
                    "--name",
                    "极光",
                    "--owner",
                    "极光智能科技有限公司",
                ],
            ).exit_code
            == 0
        )
        assert (
            runner.invoke(app, [*base, "case", "new", "极光 look-alikes", "--right", "1"]).exit_code
            == 0
        )
        for name, body in (("订单.txt", "test purchase 订单 RMB 199"), ("chat.png", "PNG chat")):
            (tmp / name).write_text(body)
            added = runner.invoke(
                app, [*base, "evidence", "add", str(tmp / name), "--case", "1", "--kind", "chat"]
            )
            assert added.exit_code == 0, added.output
        _capture_into_case(ws, sandbox, mode)
        out = tmp / "case1.zip"
        made = runner.invoke(app, [*base, "bundle", "1", "-o", str(out)])
        assert made.exit_code == 0, made.output
        again = runner.invoke(app, [*base, "bundle", "1", "-o", str(out)])
        assert again.exit_code == 2 and "exists" in again.stderr
    return out


def _capture_into_case(root: Path, sandbox: Sandbox, mode: str) -> None:
    """A capture of the outlet shop, sealed, so the bundle carries a WACZ."""
    from rightsguard.domain.target_rows import parse_target_row
    from rightsguard.evidence.capture import CaptureOptions, capture_urls
    from rightsguard.evidence.seal import make_sealer
    from rightsguard.sandbox import world
    from rightsguard.store import open_store
    from rightsguard.store.blobs import BlobStore
    from rightsguard.workspace import open_workspace

    ws = open_workspace(root)
    store = open_store(ws)
    try:
        url = sandbox.url(world.OUTLET_HOST, "/")
        target = store.targets.add(parse_target_row({"url": url, "control": "infringer"}), 1)
        blobs = BlobStore(ws.evidence_dir)
        sealer = make_sealer(ws, store, blobs)
        options = CaptureOptions(
            mode=mode, allow_private=True, resolver=sandbox.map().static_resolver()
        )
        [done] = capture_urls(blobs, [(target.url, target.id)], options, store=store, sealer=sealer)
        assert done.status.value == "complete", done.reason
        assert sealer.tsa is not None
        sealer.tsa.close()
    finally:
        store.close()
