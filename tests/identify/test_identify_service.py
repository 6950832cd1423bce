from __future__ import annotations

from rightsguard.sandbox import Sandbox, backend, world
from rightsguard.services.identify import identifier_for
from rightsguard.store.blobs import BlobStore
from rightsguard.workspace import Workspace


def test_build_identifier_from_workspace(workspace: Workspace, sb: Sandbox) -> None:
    """On the sandbox's network, with the SSRF rule on: its own servers are reachable."""
    (workspace.root / "providers.toml").write_text(
        '[[provider]]\nkey = "nanfeng-cloud"\nname = "Nanfeng (our contact)"\nkind = "host"\n',
        "utf-8",
    )
    assert workspace.settings.allow_private_targets is False
    with identifier_for(workspace, backend.network_of(sb.map(), workspace.settings)) as ident:
        found = ident.investigate(sb.url(world.GUANWANG_HOST, "/about.html"))
    assert not found.errors
    assert found.registration is not None and found.registration.source == "whois"
    blobs = BlobStore(workspace.evidence_dir)
    assert all(blobs.has(h) for h in found.registration.evidence)
    page = next(f for f in found.facts if f.source == "page")
    assert blobs.has(page.detail["evidence_sha256"])
    assert (workspace.root / "cache" / "lookups").is_dir()
    host = next(r for r in found.recommendations if r.kind == "host")
    assert host.name == "Nanfeng (our contact)"  # the workspace file overrides the overlay
    summary = found.summary()
    assert summary["registration"]["registrant"] == world.OPERATOR_RELATED.name_zh
    assert summary["ips"][0]["abuse_email"] == "abuse@nanfeng-cloud.test"


def test_marketplace_registration_is_the_platforms(identifier, sb: Sandbox) -> None:  # type: ignore[no-untyped-def]
    found = identifier.investigate(sb.url(world.MALL_HOST, "/item/600123454.html"))
    assert found.platform == "gouwu-tianxia"
    assert all(
        f.detail.get("owner") == "platform"
        for f in found.facts
        if f.source in ("whois", "dns", "tls")
    )
    assert found.recommendations[0].provider_key == "gouwu-tianxia"
    assert {f.value for f in found.facts if f.kind.value == "shop_id"} == {
        "gouwu-tianxia:shop:9903377",
        "gouwu-tianxia:listing:600123454",
    }


def test_a_failing_step_does_not_stop_the_others(identifier, sb: Sandbox) -> None:  # type: ignore[no-untyped-def]
    identifier.registrations.config.whois_servers = {"cn": "127.0.0.5:1"}  # refused
    found = identifier.investigate(sb.url(world.OUTLET_HOST, "/"))
    assert "LookupFailed" in found.errors["registration"]
    assert found.registration is None
    assert found.dns is not None and found.dns.exists
    assert any(f.kind.value == "icp_number" for f in found.facts)
    assert found.recommendations[0].provider_key == "ca-guangdong"
