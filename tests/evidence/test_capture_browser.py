"""Browser mode in the real Chromium against the sandbox: the full evidence package."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from capture_checks import (
    artefact_bytes,
    metadata,
    require_chromium,
    service_missing,
    wacz_validate,
    warc_records,
)

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.capture import CaptureOptions, CaptureOutcome, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.hostile import BENCH_HOST
from rightsguard.store.blobs import BlobStore

pytestmark = pytest.mark.browser
PYWB_VENV = "/opt/rightsguard-pywb/bin/wayback"


class Run:
    def __init__(self, blobs: BlobStore, outcomes: list[CaptureOutcome], urls: dict[str, str]):
        self.blobs = blobs
        self.by_name = {name: next(o for o in outcomes if o.url == u) for name, u in urls.items()}
        self.urls = urls


@pytest.fixture(scope="module")
def run(
    capture_sandbox: Sandbox,
    sandbox_resolver: StaticResolver,
    tmp_path_factory: pytest.TempPathFactory,
) -> Run:
    require_chromium()
    blobs = BlobStore(tmp_path_factory.mktemp("evidence"))
    urls = {
        "outlet": capture_sandbox.url(world.OUTLET_HOST, "/", "https"),
        "zh1": capture_sandbox.url(BENCH_HOST, "/zh?text=极光智能手表", "http"),
        "zh2": capture_sandbox.url(BENCH_HOST, "/zh?text=晨曦优品贸易", "http"),
    }
    options = CaptureOptions(
        mode="browser",
        video=True,
        allow_private=True,
        resolver=sandbox_resolver,
        limits=CaptureLimits(timeout=30, settle=2),
        concurrency=3,
    )
    outcomes = capture_urls(blobs, [(u, None) for u in urls.values()], options, operator="tester")
    return Run(blobs, outcomes, urls)


def test_complete_with_every_artefact(run: Run) -> None:
    outcome = run.by_name["outlet"]
    assert outcome.status is CaptureStatus.COMPLETE, outcome.reason
    roles = {a.role for a in outcome.artefacts}
    assert roles == {"wacz", "screenshot", "pdf", "dom", "text", "video", "network"}
    for artefact in outcome.artefacts:
        assert run.blobs.has(artefact.sha256)
    assert outcome.http_status == 200 and outcome.title == "极光官方折扣店"
    env = outcome.environment
    assert env["operator"] == "tester" and env["hostname"]
    assert env["software"]["chromium"] and env["software"]["playwright"]
    assert env["software"]["rightsguard"]
    assert env["profile"]["fresh_context"] is True and env["profile"]["cookies_at_start"] == 0
    assert env["locale"] == "zh-CN" and env["timezone"] == "Asia/Shanghai"
    assert "Chrome/" in env["user_agent"] and env["viewport"]["width"] == 1280
    assert "--disable-background-networking" in env["browser"]["args"]
    video = outcome.artefact("video")
    assert video is not None and video.media_type in ("video/webm", "application/zip")
    if video.media_type == "application/zip":
        with zipfile.ZipFile(io.BytesIO(run.blobs.read(video.sha256))) as zf:
            frames = json.loads(zf.read("frames.json"))
            assert frames and zf.read(frames[0]["file"]).startswith(b"\xff\xd8")


def test_wacz_validates_and_warc_digests_match(run: Run, tmp_path: Path) -> None:
    wacz = artefact_bytes(run.blobs, run.by_name["outlet"], "wacz")
    (tmp_path / "c.wacz").write_bytes(wacz)
    checked = wacz_validate(tmp_path / "c.wacz")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        package = json.loads(zf.read("datapackage.json"))
        assert package["wacz_version"] == "1.1.1"
        assert all(r["hash"].startswith("sha256:") for r in package["resources"])
    records = warc_records(wacz)
    assert all(r["digest_ok"] is not False and not r["problems"] for r in records)
    responses = {r["uri"]: r for r in records if r["type"] == "response"}
    url = run.urls["outlet"]
    assert responses[url]["ip"] == "127.0.0.5"
    assert world.OPERATOR.uscc.encode() in responses[url]["body"]
    assert any(u.endswith("/logo.png") for u in responses)
    assert any(u.startswith("https://hm.baidu.com/hm.js") for u in responses)
    resources = {str(r["uri"]).split(":")[2] for r in records if r["type"] == "resource"}
    assert resources == {"screenshot", "pdf", "dom", "text", "video"}


def test_screenshot_shows_the_page(run: Run) -> None:
    image_mod = pytest.importorskip("PIL.Image")
    png = artefact_bytes(run.blobs, run.by_name["outlet"], "screenshot")
    image = image_mod.open(io.BytesIO(png)).convert("RGB")
    assert image.width == 1280 and image.height >= 800
    colours = image.resize((64, 64)).getcolors(64 * 64)
    assert colours is not None and len(colours) > 20  # not blank
    # the red header of the outlet site
    assert image.getpixel((5, 5)) == (0xC8, 0x10, 0x2E)


def test_pdf_has_the_chinese_footer(run: Run) -> None:
    pypdf = pytest.importorskip("pypdf")
    pdf = artefact_bytes(run.blobs, run.by_name["outlet"], "pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert world.OPERATOR.name_zh in text
    assert world.SITE_ICP[world.OUTLET_HOST] in text
    dom = artefact_bytes(run.blobs, run.by_name["outlet"], "dom").decode()
    assert world.OPERATOR.uscc in dom
    assert "极光官方折扣店" in artefact_bytes(run.blobs, run.by_name["outlet"], "text").decode()


def test_chinese_renders_as_chinese(run: Run) -> None:
    one = artefact_bytes(run.blobs, run.by_name["zh1"], "screenshot")
    two = artefact_bytes(run.blobs, run.by_name["zh2"], "screenshot")
    assert one != two
    image_mod = pytest.importorskip("PIL.Image")
    from PIL import ImageChops

    a = image_mod.open(io.BytesIO(one)).convert("L")
    b = image_mod.open(io.BytesIO(two)).convert("L")
    assert ImageChops.difference(a, b).getbbox() is not None


def test_network_context_and_certificate_chain(run: Run) -> None:
    outcome = run.by_name["outlet"]
    network = json.loads(artefact_bytes(run.blobs, outcome, "network"))
    hostport = run.urls["outlet"].split("/")[2]
    host = network["hosts"][hostport]
    assert host["dns"]["A"] == ["127.0.0.5"] and host["connected_ips"] == ["127.0.0.5"]
    chain = host["tls"]["chain"]
    assert chain and world.OUTLET_HOST in chain[0]["sans"]
    assert chain[0]["pem"].startswith("-----BEGIN CERTIFICATE-----")
    assert "hm.baidu.com" in network["hosts"]
    assert network["redirects"][-1]["status"] == 200
    assert any(k.lower() == "content-type" for k, _ in network["response_headers"])
    records = warc_records(artefact_bytes(run.blobs, outcome, "wacz"))
    assert metadata(records, "network")["hosts"][hostport]["tls"]["chain"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wayback() -> Path | None:
    """A pywb ``wayback`` that imports (the workbench's replay server finds it alike)."""
    from rightsguard.web.replay import find_wayback

    return find_wayback()


@pytest.fixture
def pywb(run: Run, tmp_path: Path) -> Iterator[str]:
    wayback = _wayback()
    if wayback is None:
        service_missing("a working pywb (pip install pywb into its own venv)")
        raise AssertionError  # unreachable
    wacz = artefact_bytes(run.blobs, run.by_name["outlet"], "wacz")
    coll = tmp_path / "collections" / "evidence"
    (coll / "archive").mkdir(parents=True)
    (coll / "indexes").mkdir()
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        (coll / "archive" / "data.warc.gz").write_bytes(zf.read("archive/data.warc.gz"))
        (coll / "indexes" / "index.cdxj").write_bytes(zf.read("indexes/index.cdxj"))
    port = _free_port()
    log = (tmp_path / "pywb.log").open("wb")
    proc = subprocess.Popen(
        [str(wayback), "-b", "127.0.0.1", "-p", str(port)],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(trust_env=False, timeout=2) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get(base + "/")
                    break
                except httpx.TransportError:
                    assert proc.poll() is None, (tmp_path / "pywb.log").read_text()
                    assert time.monotonic() < deadline, "pywb did not start within 60 s"
                    time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def test_pywb_replays_the_page(run: Run, pywb: str) -> None:
    url = run.urls["outlet"]
    with httpx.Client(trust_env=False, timeout=20) as client:
        page = client.get(f"{pywb}/evidence/2030id_/{url}")
        assert page.status_code == 200
        assert "极光官方折扣店" in page.text and world.OPERATOR.uscc in page.text
        rewritten = client.get(f"{pywb}/evidence/2030mp_/{url}")
        assert rewritten.status_code == 200 and world.OPERATOR.name_zh in rewritten.text
        image = client.get(f"{pywb}/evidence/2030id_/{url}logo.png")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    records = warc_records(artefact_bytes(run.blobs, run.by_name["outlet"], "wacz"))
    [logo] = [r for r in records if r["type"] == "response" and str(r["uri"]).endswith("logo.png")]
    assert image.content == logo["body"]


def test_replay_from_the_index_with_warcio(run: Run) -> None:
    """Replay without pywb: look the page and its image up in the CDXJ, read them by offset."""
    from warcio.archiveiterator import ArchiveIterator

    wacz = artefact_bytes(run.blobs, run.by_name["outlet"], "wacz")
    with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
        warc = zf.read("archive/data.warc.gz")
        index = [line.split(" ", 2) for line in zf.read("indexes/index.cdxj").decode().splitlines()]
    entries = {json.loads(data)["url"]: json.loads(data) for _, _, data in index}
    url = run.urls["outlet"]

    def replay(target: str) -> bytes:
        entry = entries[target]
        offset, length = int(entry["offset"]), int(entry["length"])
        record = next(iter(ArchiveIterator(io.BytesIO(warc[offset : offset + length]))))
        assert record.rec_headers.get_header("WARC-Target-URI") == target
        return bytes(record.content_stream().read())

    page = replay(url).decode()
    assert "极光官方折扣店" in page and world.OPERATOR.uscc in page
    assert replay(url + "logo.png").startswith(b"\x89PNG")
