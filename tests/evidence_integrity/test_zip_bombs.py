"""`rightsguard verify` on a zip bomb (a bundle, or a WACZ on its own) fails fast, with
the member named, and with bounded memory: members are hashed in chunks and refused
when their size or compression ratio is absurd."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from rightsguard.evidence.zipread import MAX_MEMBER_BYTES, member_problem

BOMB_BYTES = 1 << 30  # 1 GiB of zeros: about 1 MB deflated
MAX_RSS_GROWTH = 200 << 20


def _bomb(out: Path, name: str, others: dict[str, bytes]) -> Path:
    """A zip with ``others`` and ``name``: 1 GiB of zeros, deflated (written in chunks)."""
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, content in others.items():
            zf.writestr(member, content)
        with zf.open(name, "w", force_zip64=True) as dst:
            for _ in range(BOMB_BYTES // len(chunk)):
                dst.write(chunk)
    return out


def _verify_in_a_subprocess(path: Path) -> dict[str, object]:
    code = textwrap.dedent(
        f"""
        import json, resource, sys, time
        from typer.testing import CliRunner
        from rightsguard.cli.main import app
        runner = CliRunner()
        runner.invoke(app, ["verify", "--help"])
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        started = time.monotonic()
        result = runner.invoke(app, ["verify", {str(path)!r}])
        print(json.dumps({{
            "exit": result.exit_code,
            "output": result.output,
            "seconds": time.monotonic() - started,
            "growth": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before,
        }}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=True
    )
    return dict(json.loads(done.stdout.splitlines()[-1]))


def test_a_bundle_with_a_zip_bomb_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    path = _bomb(tmp_path / "bomb.zip", "evidence/001-bomb.bin", {})
    got = _verify_in_a_subprocess(path)
    assert got["exit"] == 1, got
    assert "evidence/001-bomb.bin" in str(got["output"]), got
    assert "compress" in str(got["output"]), got
    assert int(str(got["growth"])) < MAX_RSS_GROWTH, got
    assert float(str(got["seconds"])) < 30, got


def test_a_wacz_with_a_zip_bomb_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    package = {"resources": [{"path": "archive/data.warc.gz", "hash": "sha256:00"}]}
    others = {"datapackage.json": json.dumps(package).encode()}
    path = _bomb(tmp_path / "bomb.wacz", "archive/data.warc.gz", others)
    got = _verify_in_a_subprocess(path)
    assert got["exit"] == 1, got
    assert "archive/data.warc.gz" in str(got["output"]), got
    assert int(str(got["growth"])) < MAX_RSS_GROWTH, got
    assert float(str(got["seconds"])) < 30, got


def test_declared_sizes_and_ratios_are_judged_before_reading() -> None:
    small = zipfile.ZipInfo("a.txt")
    small.file_size, small.compress_size = 10_000, 9_000
    assert member_problem(small) is None
    dense = zipfile.ZipInfo("b.bin")
    dense.file_size, dense.compress_size = 50 << 20, 50 << 10
    assert "compression ratio" in (member_problem(dense) or "")
    huge = zipfile.ZipInfo("c.warc.gz")
    huge.file_size = huge.compress_size = MAX_MEMBER_BYTES + 1
    assert "larger than" in (member_problem(huge) or "")
