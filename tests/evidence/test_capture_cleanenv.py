"""The clean-environment record (取证环境清洁性检查) in every capture's attestation:
resolver, hosts-file digest, proxy settings and the clock's offset against the TSA."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import docx
import pytest
from capture_checks import artefact_bytes, metadata, warc_records

from clockkit import moved_clock
from rightsguard.evidence import cleanenv
from rightsguard.evidence.capture import CaptureOptions, capture_urls
from rightsguard.evidence.index_doc import IndexRow, index_docx, index_html
from rightsguard.evidence.ledger import Ledger
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.evidence.seal import CaptureSealer
from rightsguard.evidence.timestamp import TsaClient
from rightsguard.evidence.verify import clean_environment_check
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.tsa import TsaService
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore


def _outlet_clean_record(
    sandbox: Sandbox, resolver: StaticResolver, blobs: BlobStore, sealer: Any = None
) -> dict[str, Any]:
    """An HTTP capture's clean-environment record, checked to be the WARC's attested one."""
    url = sandbox.url(world.OUTLET_HOST, "/")
    options = CaptureOptions(mode="http", resolver=resolver, allow_private=True)
    [outcome] = capture_urls(blobs, [(url, None)], options, sealer=sealer)
    clean: dict[str, Any] = outcome.environment["clean_environment"]
    attested = metadata(warc_records(artefact_bytes(blobs, outcome, "wacz")), "environment")
    assert attested["clean_environment"] == clean  # in the WARC, under the TSA token
    return clean


def test_capture_attests_resolver_hosts_file_proxies_and_clock_offset(
    capture_sandbox: Sandbox,
    sandbox_resolver: StaticResolver,
    blobs: BlobStore,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tsa = capture_sandbox.service("tsa")
    assert isinstance(tsa, TsaService)
    client = TsaClient(tsa.url, tsa.ca_cert_path)
    monkeypatch.setenv("HTTPS_PROXY", "http://agent:s3cret@proxy.example:3128")
    # This machine's clock an hour behind the TSA's: the record shows the offset. The
    # hour is counted from the TSA's own time (its signer may run on another clock,
    # as under make test-future, where only this process's clock is moved).
    tsa_now = client.stamp(b"what time is it").gen_time
    behind = tsa_now.replace(tzinfo=tsa_now.tzinfo or UTC) - timedelta(hours=1)
    try:
        with moved_clock(behind.isoformat()):
            sealer = CaptureSealer(blobs, Ledger(store), client)
            clean = _outlet_clean_record(capture_sandbox, sandbox_resolver, blobs, sealer)
    finally:
        client.close()
    hosts = cleanenv.HOSTS_FILE.read_bytes()
    assert clean["hosts_file"]["sha256"] == hashlib.sha256(hosts).hexdigest()
    assert world.OUTLET_HOST in clean["resolver"]["static_map"]
    assert "nameservers" in clean["resolver"]
    assert clean["proxy"]["environment"] == {"HTTPS_PROXY": "http://agent:***@proxy.example:3128"}
    assert "no proxy" in clean["proxy"]["capture_traffic"]
    clock = clean["clock"]
    assert clock["measured"] and clock["tsa_url"] == tsa.url
    assert 3600 - 30 < clock["offset_seconds"] < 3600 + 30, clock


def test_without_a_tsa_the_clock_is_said_unmeasured(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    clean = _outlet_clean_record(capture_sandbox, sandbox_resolver, blobs)
    assert clean["clock"] == {
        "measured": False,
        "reason": "no time-stamp authority configured (tsa_url)",
    }
    zh, en = cleanenv.summary(clean)
    assert "未测时钟偏差" in zh and "clock offset not measured" in en
    assert clean["hosts_file"]["sha256"][:16] in zh and clean["hosts_file"]["sha256"][:16] in en


def _record(offset: float, proxies: dict[str, str]) -> dict[str, Any]:
    return {
        "resolver": {"nameservers": ["10.0.0.53"]},
        "hosts_file": {"path": "/etc/hosts", "sha256": "ab" * 32, "entries": []},
        "proxy": {"environment": proxies, "capture_traffic": "direct"},
        "clock": {"measured": True, "offset_seconds": offset},
    }


def test_verify_says_the_record_and_warns_on_proxies_or_a_wrong_clock() -> None:
    good = clean_environment_check("capture 7", {"clean_environment": _record(0.4, {})})
    assert good.ok is True and good.name == "capture 7: clean environment"
    assert "resolvers 10.0.0.53" in good.detail and "abababababababab" in good.detail
    assert "clock offset to the TSA +0.4 s" in good.detail
    proxied = _record(0.4, {"HTTP_PROXY": "http://p:3128"})
    assert clean_environment_check("c", {"clean_environment": proxied}).ok is None
    assert clean_environment_check("c", {"clean_environment": _record(-42, {})}).ok is None
    missing = clean_environment_check("c", {})
    assert missing.ok is None and "no clean-environment record" in missing.detail


def test_evidence_index_lists_the_clean_environment_of_each_capture() -> None:
    zh, en = cleanenv.summary(_record(1.25, {}))
    row = IndexRow(1, "网页取证", "http://x.cn/", None, None, "00" * 32, "a.wacz", (zh, en))
    plain = IndexRow(2, "订单", "chat", None, None, "11" * 32, "b.txt")
    page = index_html("案件", "权利人", datetime(2026, 1, 2, tzinfo=UTC), [row, plain])
    assert "取证环境清洁性检查" in page and "Clean-environment check" in page
    assert "1. 解析服务器 10.0.0.53" in page and "与时间戳机构时差 +1.2 s" in page
    assert "2. " not in page.split("取证环境清洁性检查", 1)[1]
    document = docx.Document(io.BytesIO(index_docx("案件", "权利人", datetime(2026, 1, 2), [row])))
    assert any("clock offset to the TSA +1.2 s" in p.text for p in document.paragraphs)
