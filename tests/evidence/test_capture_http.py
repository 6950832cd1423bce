"""HTTP mode against the sandbox: WARC records, WACZ, limits, SSRF."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from capture_checks import artefact_bytes, metadata, wacz_validate, warc_records

from rightsguard.domain.enums import CaptureStatus
from rightsguard.evidence.capture import CaptureOptions, capture_urls
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import StaticResolver
from rightsguard.sandbox import Sandbox, world
from rightsguard.sandbox.hostile import BENCH_HOST, HOSTILE_HOST
from rightsguard.store import Store
from rightsguard.store.blobs import BlobStore
from rightsguard.store.captures import CaptureRepo, find_or_add_target


def _options(resolver: StaticResolver, **limits: float) -> CaptureOptions:
    return CaptureOptions(
        mode="http",
        allow_private=True,
        resolver=resolver,
        limits=CaptureLimits(timeout=6, max_response_bytes=1_000_000).replace(**limits),
        concurrency=8,
    )


def test_http_capture_of_an_https_page(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore, tmp_path: Path
) -> None:
    url = capture_sandbox.url(world.OUTLET_HOST, "/", "https")
    [outcome] = capture_urls(blobs, [(url, None)], _options(sandbox_resolver))
    assert outcome.status is CaptureStatus.COMPLETE, outcome.reason
    assert outcome.http_status == 200 and outcome.title == "极光官方折扣店"
    wacz = artefact_bytes(blobs, outcome, "wacz")
    (tmp_path / "c.wacz").write_bytes(wacz)
    checked = wacz_validate(tmp_path / "c.wacz")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    records = warc_records(wacz)
    assert all(r["digest_ok"] is not False and not r["problems"] for r in records)
    [response] = [r for r in records if r["type"] == "response"]
    assert (
        response["ip"] == capture_sandbox.host and world.OPERATOR.uscc.encode() in response["body"]
    )
    network = metadata(records, "network")
    host = network["hosts"][url.split("/")[2]]
    assert host["dns"]["A"] == [capture_sandbox.host]
    leaf = host["tls"]["chain"][0]
    assert world.OUTLET_HOST in leaf["sans"] and len(leaf["sha256"]) == 64
    assert leaf["pem"].startswith("-----BEGIN CERTIFICATE-----")
    env = metadata(records, "environment")
    assert env["mode"] == "http" and env["software"]["rightsguard"]


def test_http_limits_end_hostile_pages_with_reasons(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    urls = {
        "loop": capture_sandbox.url(HOSTILE_HOST, "/loop/a"),
        "huge": capture_sandbox.url(HOSTILE_HOST, "/huge"),
        "drip": capture_sandbox.url(HOSTILE_HOST, "/drip"),
        "never": capture_sandbox.url(HOSTILE_HOST, "/never"),
    }
    started = time.monotonic()
    outcomes = capture_urls(
        blobs, [(u, None) for u in urls.values()], _options(sandbox_resolver, timeout=3)
    )
    assert time.monotonic() - started < 3 + 5
    by_url = {o.url: o for o in outcomes}
    reasons = {name: by_url[url].reason or "" for name, url in urls.items()}
    assert all(by_url[u].status is CaptureStatus.PARTIAL for u in urls.values()), reasons
    assert reasons["loop"].startswith("redirect loop")
    assert reasons["huge"].startswith("response size limit")
    assert reasons["drip"].startswith("time limit")
    assert reasons["never"].startswith("time limit")
    records = warc_records(artefact_bytes(blobs, by_url[urls["huge"]], "wacz"))
    [huge] = [r for r in records if r["type"] == "response"]
    assert huge["truncated"] == "length" and len(huge["body"]) == 1_000_000


def test_http_redirect_limit(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    url = capture_sandbox.url(HOSTILE_HOST, "/loop/a")
    [outcome] = capture_urls(blobs, [(url, None)], _options(sandbox_resolver, max_redirects=0))
    assert outcome.status is CaptureStatus.PARTIAL
    assert outcome.reason == "redirect limit: more than 0 redirects"


def test_ssrf_refused_unless_allowed(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    url = capture_sandbox.url(world.OUTLET_HOST, "/")
    strict = CaptureOptions(mode="http", allow_private=False, resolver=sandbox_resolver)
    [refused] = capture_urls(blobs, [(url, None)], strict)
    assert refused.status is CaptureStatus.FAILED
    assert "loopback" in (refused.reason or "") and not refused.artefacts
    [metadata_ip] = capture_urls(blobs, [("http://169.254.169.254/latest/", None)], strict)
    assert "cloud metadata" in (metadata_ip.reason or "")
    [allowed] = capture_urls(blobs, [(url, None)], _options(sandbox_resolver))
    assert allowed.status is CaptureStatus.COMPLETE


def test_ssrf_checked_on_every_redirect(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore
) -> None:
    """A public-looking name that redirects to loopback is refused at the redirect."""
    port = capture_sandbox.endpoints()["hostile.http"].port
    # The name "resolves" to a public address but the connection is pinned through the map's
    # port rewrite to the sandbox; only the address the rule sees differs.
    resolver = StaticResolver({HOSTILE_HOST: "1.1.1.1"}, fallback=sandbox_resolver)
    url = f"http://{HOSTILE_HOST}:{port}/redirect-private?to=http://127.0.0.1:{port}/"
    options = CaptureOptions(mode="http", allow_private=False, resolver=resolver)
    with pytest.MonkeyPatch.context() as mp:
        import rightsguard.evidence.httpfetch as httpfetch

        real = httpfetch.PinnedTransport.handle_async_request

        async def via_sandbox(self, request):  # type: ignore[no-untyped-def]
            if request.url.host == HOSTILE_HOST:
                self.guard.resolve(HOSTILE_HOST)  # the rule still runs
                request.url = request.url.copy_with(host=capture_sandbox.host)
                return await self.inner.handle_async_request(request)
            return await real(self, request)

        mp.setattr(httpfetch.PinnedTransport, "handle_async_request", via_sandbox)
        [outcome] = capture_urls(blobs, [(url, None)], options)
    assert outcome.status is CaptureStatus.FAILED
    assert "127.0.0.1 is a loopback address" in (outcome.reason or "")


def test_http_mode_in_worker_processes(
    capture_sandbox: Sandbox, sandbox_resolver: StaticResolver, blobs: BlobStore, store: Store
) -> None:
    urls = [capture_sandbox.url(BENCH_HOST, f"/page/{i}") for i in range(12)]
    items: list[tuple[str, int | None]] = [(u, find_or_add_target(store, u)) for u in urls]
    options = CaptureOptions(
        mode="http", allow_private=True, resolver=sandbox_resolver, concurrency=4, processes=2
    )
    seen: list[str] = []
    outcomes = capture_urls(
        blobs, items, options, store=store, on_done=lambda o: seen.append(o.url)
    )
    assert [o.url for o in outcomes] == urls and sorted(seen) == sorted(urls)
    assert all(o.status is CaptureStatus.COMPLETE for o in outcomes)
    repo = CaptureRepo(store)
    for outcome, (_, target_id) in zip(outcomes, items, strict=True):
        assert outcome.capture_id is not None and target_id is not None
        capture = repo.get(outcome.capture_id)
        assert capture.status is CaptureStatus.COMPLETE and capture.target_id == target_id
        assert blobs.has(capture.artefacts[0].sha256)
