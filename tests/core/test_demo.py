"""The demo runs end to end against the sandbox and is safe to re-run."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from rightsguard.demo import MARKER, run_demo
from rightsguard.domain.errors import InputError
from rightsguard.sandbox import world
from rightsguard.store import open_store


def test_demo_builds_a_case_from_the_sandbox(tmp_path: Path) -> None:
    buf = io.StringIO()
    ws = run_demo(tmp_path / "demo", Console(file=buf, width=200))
    text = buf.getvalue()
    store = open_store(ws)
    try:
        rights = store.rights.list()
        assert {r.registration_number for r in rights} >= {
            t.registration_number for t in world.TRADEMARKS
        }
        ((case, n_targets),) = store.cases.list()
        assert n_targets == len(world.EXPORT_ROWS) + len(world.LOOKALIKE_REGISTERED)
        hosts = {t.host for t in store.targets.list(case_id=case.id)}
        assert set(world.INFRINGER_HOSTS) <= hosts and world.MALL_HOST in hosts
    finally:
        store.close()
    assert "Imported" in text and "What to try next" in text
    assert "✓ evidence 1 (test-purchase-order.txt): timestamp" in text
    assert re.search(r"✓ tree head \d+: signed", text) and "✗" not in text.replace("│ ✗", "")
    assert "blocked by evidence.first" in text and "blocked by cd.primary-only" in text
    assert "closed by domain.cndrp-age" in text
    assert "Captured 9 of 9 targets" in text
    assert "actioned → removed" in text and "REPEAT INFRINGEMENT" in text
    assert "new suspected targets added: aurorix-sale.cn, jiguang-shop.com" in text
    looks = re.findall(r"screenshot (\d+)/64 bits from aurorix\.com: ([a-z' ]+)\)", text)
    assert len(looks) == 3, text  # the three look-alike sites that answer
    assert all(("looks like" in verdict) == (int(bits) <= 10) for bits, verdict in looks)
    assert "the sandbox mail server received 4 of them" in text
    checked = re.search(r"✓ (\d+) of (\d+) item checks passed", text)
    assert checked and checked.group(1) == checked.group(2) and int(checked.group(1)) >= 30
    assert "same Baidu Tongji ID" in text and "Guangdong Communications Administration" in text
    assert ws.settings.allow_private_targets is True
    # It ends by offering the web workbench, with a log-in for each role that works.
    assert "serve --sandbox" in text and "demo-counsel-2026" in text
    from rightsguard.store.users import authenticate

    store = open_store(ws)
    try:
        for role in ("analyst", "liaison", "counsel", "admin"):
            user = authenticate(store, role, f"demo-{role}-2026")
            assert user is not None and user.role == role
        assert store.cases.get(case.id).assignee == "analyst"
    finally:
        store.close()
    # Running again replaces the previous demo, and only a demo.
    run_demo(tmp_path / "demo", Console(file=io.StringIO()))
    assert (tmp_path / "demo" / MARKER).is_file()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "precious.txt").write_text("keep me")
    with pytest.raises(InputError, match="not a RightsGuard demo folder"):
        run_demo(other, Console(file=io.StringIO()))
    assert (other / "precious.txt").read_text() == "keep me"
