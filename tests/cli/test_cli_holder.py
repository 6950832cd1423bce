"""``rightsguard holder set``: the signer, the law firm and the holder's documents."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from test_cli import rg, ws  # noqa: F401  (ws is a fixture)


def test_holder_documents_are_stored_and_referenced(
    ws: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(b"%PDF-1.4 business licence")
    code, out, err = rg(
        ws,
        "holder",
        "set",
        "--name",
        "极光智能科技有限公司",
        "--signatory",
        "Wang Ming",
        "--capacity",
        "General Counsel",
        "--law-firm",
        "浙江明理律师事务所",
        "--lawyer",
        "李明",
        "--identity-file",
        str(licence),
    )
    assert code == 0, out + err
    code, out, _ = rg(ws, "holder", "show", "--json")
    profile = json.loads(out)
    digest = hashlib.sha256(licence.read_bytes()).hexdigest()
    assert profile["identity_doc"] == {"name": "licence.pdf", "sha256": digest, "size": 25}
    assert profile["signatory_capacity"] == "General Counsel" and profile["lawyer"] == "李明"
    stored = ws / "evidence"
    assert any(p.name.startswith(digest) or digest in str(p) for p in stored.rglob("*"))


def test_a_missing_holder_file_changes_nothing(ws: Path, tmp_path: Path) -> None:  # noqa: F811
    code, out, err = rg(
        ws, "holder", "set", "--name", "X", "--authorisation-file", str(tmp_path / "none.pdf")
    )
    assert code != 0 and "none.pdf is not a readable file" in (out + err)
    _, out, _ = rg(ws, "holder", "show", "--json")
    assert json.loads(out) == {}


def test_the_legal_representative_a_civil_complaint_names(ws: Path) -> None:  # noqa: F811
    code, out, err = rg(
        ws,
        "holder",
        "set",
        "--legal-representative",
        "张明",
        "--legal-representative-title",
        "董事长",
    )
    assert code == 0, out + err
    _, out, _ = rg(ws, "holder", "show", "--json")
    profile = json.loads(out)
    assert (profile["legal_representative"], profile["legal_representative_title"]) == (
        "张明",
        "董事长",
    )
