"""What both capture engines share: the environment attestation and the network facts
written into each WARC, and the packaging of a capture as one WACZ (plus, in browser mode,
the loose artefacts) in the content-addressed blob store.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import importlib.metadata as md
import json
import platform
import socket
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from rightsguard import __version__
from rightsguard.domain.nouns import Artefact
from rightsguard.evidence.errors import CaptureRefused
from rightsguard.evidence.limits import CaptureLimits
from rightsguard.evidence.netguard import Guard
from rightsguard.evidence.netinfo import certificate_chain
from rightsguard.evidence.wacz import Page, write_wacz
from rightsguard.store.blobs import BlobStore

MEDIA = {
    "wacz": "application/wacz",
    "screenshot": "image/png",
    "pdf": "application/pdf",
    "dom": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "video": "video/webm",
    "network": "application/json",
}
SOFTWARE = f"RightsGuard {__version__}"
SPOOL = 8 << 20  # WARC and WACZ of HTTP mode stay in memory up to this size


class CapturePackager:
    """A run's attestation and packaging, the same for every capture in it."""

    def __init__(
        self,
        blobs: BlobStore,
        guard: Guard,
        limits: CaptureLimits,
        *,
        operator: str,
        allow_private: bool,
    ) -> None:
        self.blobs = blobs
        self.guard = guard
        self.limits = limits
        self.allow_private = allow_private
        self.software = {
            "rightsguard": __version__,
            "warcio": _version("warcio"),
            "httpx": _version("httpx"),
        }
        self._static = {
            "operator": operator,
            "hostname": socket.gethostname(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        }
        #: The run's clean-environment record (cleanenv.py), set when the run opens.
        self.clean: dict[str, Any] = {}
        self._warcinfo = {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": self._static["hostname"],
            "operator": operator,
        }

    # --- environment ------------------------------------------------------

    def info(self, url: str, mode: str) -> dict[str, Any]:
        """The warcinfo record of one capture's WARC."""
        return {**self._warcinfo, "description": f"RightsGuard {mode} capture of {url}"}

    def environment(self, started: datetime, extra: dict[str, Any]) -> dict[str, Any]:
        """The environment attestation: who, where, with what software and limits."""
        return {
            **self._static,
            "started_at": started.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(),
            "software": self.software,
            "limits": self.limits.as_dict(),
            "allow_private_targets": self.allow_private,
            "clean_environment": self.clean,
            **extra,
        }

    async def network(self, hosts: dict[str, str], ips: dict[str, set[str]]) -> dict[str, Any]:
        """DNS answers and, for HTTPS hosts, the certificate chain, per host."""
        out: dict[str, Any] = {}

        async def one(hostport: str, scheme: str) -> None:
            parts = urlsplit(f"{scheme}://{hostport}/")
            host = parts.hostname or hostport
            port = parts.port or (443 if scheme == "https" else 80)
            entry: dict[str, Any] = {"scheme": scheme, "port": port}
            try:
                resolution = await self.guard.aresolve(host)
                entry["dns"] = resolution.as_dict()
                if scheme == "https":
                    address, real_port = self.guard.connect_target(host, port)
                    entry["tls"] = await asyncio.to_thread(
                        certificate_chain, host, real_port, address, 5.0
                    )
            except CaptureRefused as exc:
                entry["refused"] = exc.message
            entry["connected_ips"] = sorted(ips.get(host, set()))
            out[hostport] = entry

        await asyncio.gather(*(one(h, s) for h, s in list(hosts.items())[:50]))
        return out

    # --- packaging ----------------------------------------------------------

    def package_memory(
        self, warc: IO[bytes], pages: list[Page], index: bytes | None
    ) -> tuple[Artefact, ...]:
        """The WACZ of a WARC held in a (spooled) file object: HTTP mode, no loose files."""
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as out:
            write_wacz(
                out,
                warc,
                pages,
                title=f"RightsGuard capture of {pages[0].url}",
                software=SOFTWARE,
                index=index,
            )
            out.seek(0)
            blob = self.blobs.put_stream(out)  # type: ignore[arg-type]
        return (Artefact("wacz", blob.sha256, blob.size, MEDIA["wacz"]),)

    def package(
        self,
        workdir: Path,
        warc_path: Path,
        pages: list[Page],
        loose: dict[str, Path],
        index: bytes | None = None,
    ) -> tuple[Artefact, ...]:
        """The WACZ of a WARC file, and the loose artefacts, stored by hash."""
        wacz_path = workdir / "capture.wacz"
        write_wacz(
            wacz_path,
            warc_path,
            pages,
            title=f"RightsGuard capture of {pages[0].url}",
            software=SOFTWARE,
            index=index,
        )
        artefacts = []
        for role, path in [("wacz", wacz_path), *loose.items()]:
            blob = self.blobs.put_file(path)
            artefacts.append(Artefact(role, blob.sha256, blob.size, media_type(role, path)))
        return tuple(artefacts)


# --- helpers ------------------------------------------------------------------


def media_type(role: str, path: Path) -> str:
    """The media type an artefact of this role is stored with."""
    if role == "video" and path.suffix == ".zip":
        return "application/zip"  # JPEG frames + frames.json (no ffmpeg to make a WebM)
    return MEDIA[role]


def _version(name: str) -> str:
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return "not installed"


@functools.cache
def dns_method() -> str:
    """How host names were resolved, for the network facts."""
    try:  # a probe, not a use: dnspython is an optional dependency
        import dns.resolver  # noqa: F401
    except ImportError:
        return "getaddrinfo (dnspython not installed)"
    return "dnspython (A, AAAA, CNAME); names in the resolver map answer from the map"


def json_file(workdir: Path, data: Any) -> Path:
    """``data`` written as a JSON file in ``workdir`` (a loose artefact)."""
    path = workdir / f"network-{uuid.uuid4().hex[:8]}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    return path


def digest_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
