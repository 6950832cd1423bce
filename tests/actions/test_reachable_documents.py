"""The AMR complaint, the other-authority complaint, the disclosure request and the
technical-measure memo can be drafted without a counsel override once the case holds
what their gates ask: a verified party (``parties verify``), a breach recorded on the
target (``target breach``), the provider picked from the directory (``--provider``);
the memo is not gated by the approval it asks for."""

from __future__ import annotations

import json

import pytest
from test_actions_flow import _capture, _holder, mail, world  # noqa: F401  (fixtures)
from typer.testing import CliRunner

from rightsguard.actions import drafting, gating
from rightsguard.actions.errors import MissingElements
from rightsguard.cli.main import app
from rightsguard.domain.errors import GateBlocked
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.models import PartyRow, TargetRow
from rightsguard.workspace import Workspace

COUNSEL = gating.Recipient("法务部 王律师", "杭州市西湖区文三路 100 号", None, "authority")


def test_the_memo_is_not_gated_by_the_approval_it_asks_for(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    ws, store, case_id = world
    _holder(store)
    _capture(store)
    action, data = drafting.draft(
        ws,
        store,
        case_id=case_id,
        kind_id="technical_measure_memo",
        lang="zh-CN",
        recipient=COUNSEL,
        facts={"measure": "DNS 重定向"},
        with_pdf=False,
    )
    assert data["overrides"] == []
    assert action.type.value == "technical_measure"


def cli(ws: Workspace, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--workspace", str(ws.root), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


def _party(store: Store, *, known: bool = True) -> int:
    with store.transaction() as session:
        row = PartyRow(
            label="深圳市晨曦优品贸易有限公司",
            role="primary_infringer",
            identity_known=known,
            address_known=known,
            links=[],
        )
        session.add(row)
        session.flush()
        session.get(TargetRow, 1).party_id = row.id  # type: ignore[union-attr]
        return row.id


AMR = gating.Recipient("深圳市市场监督管理局", None, "ts@amr.example.cn", "authority")
INFRINGER = {
    "infringer": "深圳市晨曦优品贸易有限公司",
    "infringer_address": "深圳市龙华区星河路18号",
}


def test_an_amr_complaint_once_the_party_is_verified(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    ws, store, case_id = world
    _holder(store)
    _capture(store)
    party = _party(store)

    def draft() -> dict:
        return drafting.draft(
            ws,
            store,
            case_id=case_id,
            kind_id="amr_complaint",
            lang="zh-CN",
            recipient=AMR,
            facts=INFRINGER,
            with_pdf=False,
        )[1]

    with pytest.raises(GateBlocked, match=r"amr\.identity-address"):
        draft()
    code, out = cli(ws, "parties", "verify", str(party), "--source", " ")
    assert code != 0 and "--source" in out
    code, out = cli(ws, "parties", "verify", str(party), "--source", "国家企业信用信息公示系统")
    assert code == 0, out
    assert draft()["overrides"] == []
    verbs = [e.verb for e in store.events.list(entity="party", entity_id=party)]
    assert "party.verified" in verbs


def test_a_party_not_yet_identified_cannot_be_verified(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    ws, store, _ = world
    party = _party(store, known=False)
    code, out = cli(ws, "parties", "verify", str(party), "--source", "registry")
    assert code != 0 and "not both known yet" in out


def test_an_other_authority_complaint_once_a_breach_is_recorded(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    ws, store, case_id = world
    _holder(store)
    _capture(store)
    recipient = gating.Recipient("深圳市市场监督管理局", None, "ts@amr.example.cn", "authority")

    def draft() -> dict:
        return drafting.draft(
            ws,
            store,
            case_id=case_id,
            kind_id="other_authority_complaint",
            lang="zh-CN",
            recipient=recipient,
            with_pdf=False,
        )[1]

    with pytest.raises(MissingElements, match="fact:breach"):
        draft()
    code, out = cli(ws, "target", "breach", "1", "--breach", "no_label", "--note", "x")
    assert code != 0 and "'no_label' is not one of labels_not_chinese, no_ccc" in out
    code, out = cli(ws, "target", "breach", "1", "--breach", "no_ccc", "--note", " ")
    assert code != 0 and "--note" in out
    note = "2026年11月20日购买取证：包装无CCC标志"
    code, out = cli(ws, "target", "breach", "1", "--breach", "no_ccc", "--note", note)
    assert code == 0, out
    data = draft()
    assert data["overrides"] == [] and data["facts"] == {}
    text = (
        BlobStore(ws.evidence_dir)
        .read(next(d["sha256"] for d in data["documents"] if d["format"] == "txt"))
        .decode()
    )
    assert "未经强制性产品认证（无CCC标志）" in text and f"链接1：{note}" in text
    verbs = [e.verb for e in store.events.list(entity="target", entity_id=1)]
    assert "target.breach" in verbs


PROVIDERS = """
[[provider]]
key = "test-host"
name = "Test Host Ltd"
name_zh = "测试主机有限公司"
kind = "host"
[provider.channels]
email = "abuse@test-host.example"

[[provider]]
key = "portal-only"
name = "Portal Only"
kind = "host"
[provider.channels]
portal = "https://portal-only.example/ipr"
"""


def test_a_disclosure_request_to_a_provider_of_the_directory(
    world: tuple[Workspace, Store, int],  # noqa: F811
) -> None:
    ws, store, case_id = world
    _holder(store)
    _capture(store)
    (ws.root / "providers.toml").write_text(PROVIDERS, encoding="utf-8")
    settings = ws.root / "rightsguard.toml"
    settings.write_text(settings.read_text() + '\nrole = "liaison"\n', encoding="utf-8")
    draft = ["act", "draft", str(case_id), "--type", "disclosure_request", "--json"]
    code, out = cli(ws, *draft, "--provider", "nobody")
    assert code != 0 and "'nobody' is not in the provider directory" in out
    code, out = cli(ws, *draft, "--provider", "portal-only")
    assert code != 0 and "portal-only has no e-mail or postal address" in out
    # A Chinese document names the provider by its Chinese name (left to the recipient,
    # the language would be en: the provider's e-mail domain is not Chinese).
    code, out = cli(ws, *draft, "--provider", "test-host", "--lang", "zh-CN")
    assert code == 0, out
    data = json.loads(out)
    assert data["recipient"]["name"] == "测试主机有限公司"
    assert data["recipient"]["email"] == "abuse@test-host.example"
    assert data["overrides"] == []
