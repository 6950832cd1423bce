"""Watching new registrations: an RFC 6962 log client against the sandbox's local log,
and zone-file diffs."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import idna
import pytest
from clikit import rg

from rightsguard.discover.ctlog import CtLog, CtLogError, Fetch, client_fetch, leaf_names, read_new
from rightsguard.discover.zonediff import new_names, zone_names
from rightsguard.net import network_for
from rightsguard.sandbox.ctlog import LocalCtLog, make_certificate, precert_entry, x509_entry
from rightsguard.settings import resolve

BRAND_NAMES = {
    "aurorix-outlet.shop",
    "aurorixstore.top",
    "jiguang-guanwang.cn",
    idna.encode("极光官网.cn").decode(),
    idna.encode("吉光.com").decode(),  # a homophone of 极光
    "aurorix-sale.store",  # in a precertificate
}


@pytest.fixture
def guarded() -> Iterator[Fetch]:
    """Reads through the network's SSRF guard, private addresses allowed (the log is
    on loopback)."""
    network = network_for(resolve({"allow_private_targets": True}, environ={}))
    with network.http_client(timeout=10) as client:
        yield client_fetch(client)


def _private_ws(tmp_path: Path) -> tuple[str, str]:
    """A workspace whose guard lets the loopback log through."""
    ws = tmp_path / "ws"
    assert rg("--workspace", str(ws), "init", str(ws))[0] == 0
    (ws / "rightsguard.toml").write_text("[rightsguard]\nallow_private_targets = true\n")
    return ("--workspace", str(ws))


@pytest.fixture
def log() -> Iterator[LocalCtLog]:
    with LocalCtLog(page=3) as server:
        server.add(["unrelated.example", "www.unrelated.example"])
        server.add(["aurorix-outlet.shop", "www.aurorix-outlet.shop"])
        server.add(["*.aurorixstore.top"])
        server.add(["shop.aurorix.com"])  # the brand's own subdomain: no hit
        server.add(["jiguang-guanwang.cn"])
        server.add([idna.encode("极光官网.cn").decode(), idna.encode("吉光.com").decode()])
        server.add(["aurorix-sale.store"], precert=True)
        server.add(["aurora-borealis.example"])  # near, not the brand
        yield server


def test_leaves_decode_to_the_certificates_names() -> None:
    der = make_certificate(["a.example", "*.b.example"], common_name="c.example")
    leaf, extra = x509_entry(der, 1)
    assert leaf_names(leaf, extra) == ("a.example", "b.example", "c.example")
    leaf, extra = precert_entry(make_certificate(["p.example"], precert=True), 2)
    assert leaf_names(leaf, extra) == ("p.example",)
    with pytest.raises(CtLogError, match="bytes wanted"):
        leaf_names(leaf[:20], extra)
    with pytest.raises(CtLogError, match="entry type 7"):
        leaf_names(leaf[:10] + b"\x00\x07" + leaf[12:], extra)


def test_the_client_pages_through_the_log(log: LocalCtLog, guarded: Fetch) -> None:
    client = CtLog(log.url, guarded, batch=5)  # the log answers 3 at most: the client asks again
    read = read_new(client, 0)
    assert (read.start, read.next_index, read.tree_size) == (0, 8, 8)
    assert [e.index for e in read.entries] == list(range(8))
    assert read.entries[2].names == ("aurorixstore.top",)
    assert read.entries[6].names == ("aurorix-sale.store",)
    assert read_new(client, 8).entries == ()
    assert [e.index for e in read_new(client, None, max_entries=2).entries] == [6, 7]
    with pytest.raises(CtLogError, match="beyond the tree size"):
        read_new(client, 9)


@pytest.mark.parametrize(
    ("answer", "message"), [("garbage", "not JSON"), ("short", "bytes wanted")]
)
def test_a_log_answering_garbage_fails_with_a_clear_error(
    log: LocalCtLog, guarded: Fetch, answer: str, message: str
) -> None:
    log.answer = answer
    with pytest.raises(CtLogError, match=message) as caught:
        read_new(CtLog(log.url, guarded), 0)
    assert log.url in str(caught.value)


def test_ct_hits_are_imported_once_and_the_position_is_remembered(
    tmp_path: Path, log: LocalCtLog
) -> None:
    base = _private_ws(tmp_path)
    _, out, _ = rg(*base, "case", "new", "CT hits", "--json")
    case = str(json.loads(out)["id"])
    args = (*base, "discover", "ct", "aurorix.com", "极光.cn", "--log", log.url, "--json")
    code, out, err = rg(*args, "--case", case)
    assert code == 0, err
    report = json.loads(out)
    assert {h["domain"] for h in report["hits"]} == BRAND_NAMES
    assert report["next"] == 8
    assert report["import"]["created"] == len(BRAND_NAMES)
    hit = next(h for h in report["hits"] if h["domain"] == "aurorix-outlet.shop")
    assert hit["score"] > 0.3 and "entry 1" in " ".join(hit["reasons"])
    # Again: nothing new is read.
    code, out, _ = rg(*args, "--case", case)
    assert json.loads(out)["hits"] == [] and json.loads(out)["entries read"] == 0
    # A new certificate: only it is read and imported.
    log.add(["aurorix-official.online"])
    code, out, _ = rg(*args, "--case", case)
    report = json.loads(out)
    assert [h["domain"] for h in report["hits"]] == ["aurorix-official.online"]
    assert report["import"]["created"] == 1
    # Read from the start again: the same hits, already in the case.
    code, out, _ = rg(*args, "--case", case, "--start", "0")
    assert json.loads(out)["import"]["duplicates"] == len(BRAND_NAMES) + 1
    code, out, _ = rg(*base, "target", "list", "--case", case, "--json")
    assert len(json.loads(out)) == len(BRAND_NAMES) + 1


def test_a_failed_read_keeps_the_position(tmp_path: Path, log: LocalCtLog) -> None:
    base = _private_ws(tmp_path)
    args = (*base, "discover", "ct", "aurorix.com", "--log", log.url, "--json")
    log.answer = "short"
    code, _, err = rg(*args)
    assert code != 0 and "bytes wanted" in err and "Traceback" not in err
    log.answer = "ok"
    code, out, _ = rg(*args)
    assert json.loads(out)["from"] == 0
    code, _, err = rg(*base, "discover", "ct", "aurorix.com")
    assert code == 2 and "ct_log_url" in err


ZONE_OLD = """$ORIGIN shop.
$TTL 3600
@ IN SOA ns.nic.shop. admin.nic.shop. 1 7200 900 1209600 3600
@ IN NS ns.nic.shop.
example 3600 IN NS ns1.host.example.
   IN NS ns2.host.example.  ; a second NS, blank owner
old-aurorix IN NS ns1.host.example.
"""
ZONE_NEW = (
    ZONE_OLD
    + """aurorix-outlet 3600 IN NS ns1.cheap.example.
aurorix-outlet IN A 192.0.2.1
xn--54q24wk1j03x.shop. 3600 IN NS ns1.cheap.example.
unrelated IN 3600 NS ns1.host.example.
www.aurorix.shop. IN CNAME aurorix.example.
"""
)


def test_a_log_on_a_private_address_is_refused_by_the_guard(
    tmp_path: Path, log: LocalCtLog
) -> None:
    """The CT client's HTTP goes through the network's SSRF guard: with private
    addresses forbidden (the default), a log on loopback is refused, nothing read."""
    network = network_for(resolve({"allow_private_targets": False}, environ={}))
    with network.http_client(timeout=10) as client, pytest.raises(CtLogError, match="refused"):
        read_new(CtLog(log.url, client_fetch(client)), 0)
    ws = tmp_path / "ws"
    base = ("--workspace", str(ws))
    assert rg(*base, "init", str(ws))[0] == 0
    code, _, err = rg(*base, "discover", "ct", "aurorix.com", "--log", log.url)
    assert code != 0 and "refused" in err and "Traceback" not in err


def test_zone_names_and_what_a_newer_zone_adds() -> None:
    old = zone_names(ZONE_OLD)
    assert old == {"example.shop", "old-aurorix.shop"}
    new = zone_names(ZONE_NEW)
    added = ["aurorix-outlet.shop", "unrelated.shop", "xn--54q24wk1j03x.shop"]  # 极光官网.shop
    assert new_names(old, new) == added


def test_zone_diff_runs_keep_the_previous_copy(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    base = ("--workspace", str(ws))
    assert rg(*base, "init", str(ws))[0] == 0
    zone = tmp_path / "shop.zone"
    zone.write_text(ZONE_OLD, encoding="utf-8")
    args = (*base, "discover", "zone", "aurorix.com", "极光.cn", "--zone", str(zone), "--json")
    code, out, err = rg(*args)
    assert code == 0, err
    assert json.loads(out)["hits"] == []  # first run: today's names kept
    zone.write_text(ZONE_NEW, encoding="utf-8")
    code, out, _ = rg(*args)
    report = json.loads(out)
    assert report["new"] == 3
    assert {h["domain"] for h in report["hits"]} == {"aurorix-outlet.shop", "xn--54q24wk1j03x.shop"}
    code, out, _ = rg(*args)
    assert json.loads(out)["new"] == 0
    older = tmp_path / "older.zone"
    older.write_text(ZONE_OLD, encoding="utf-8")
    code, out, _ = rg(*args, "--previous", str(older))
    assert json.loads(out)["new"] == 3


def test_base64_of_the_sandbox_entries_is_what_the_log_serves(log: LocalCtLog) -> None:
    import httpx

    got = httpx.get(f"{log.url}/ct/v1/get-entries?start=0&end=0").json()["entries"][0]
    names = leaf_names(base64.b64decode(got["leaf_input"]), base64.b64decode(got["extra_data"]))
    assert names == ("unrelated.example", "www.unrelated.example")
    sth = httpx.get(f"{log.url}/ct/v1/get-sth").json()
    assert sth["tree_size"] == 8 and len(base64.b64decode(sth["sha256_root_hash"])) == 32
