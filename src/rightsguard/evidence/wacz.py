"""Packaging one capture as a WACZ 1.1.1 file.

The zip holds ``archive/data.warc.gz`` (stored, not deflated),
``indexes/index.cdxj`` (sorted CDXJ of every record), ``pages/pages.jsonl``,
``datapackage.json`` (SHA-256 and size of every file) and
``datapackage-digest.json`` (the SHA-256 of ``datapackage.json``). It passes
``wacz validate`` (py-wacz).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

WACZ_VERSION = "1.1.1"
WARC_NAME = "data.warc.gz"


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    ts: str  # ISO 8601, UTC
    title: str = ""
    text: str = ""


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _hash_and_size(source: Path | IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    fh = source.open("rb") if isinstance(source, Path) else source
    try:
        fh.seek(0)
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    finally:
        if isinstance(source, Path):
            fh.close()
    return "sha256:" + digest.hexdigest(), size


def cdxj_index(warc: Path) -> bytes:
    """The sorted CDXJ index of ``warc``, with ``filename`` as it sits in the WACZ."""
    from cdxj_indexer.main import write_cdx_index  # type: ignore[import-untyped]

    out = io.StringIO()
    with warc.open("rb") as fh:
        write_cdx_index(out, [fh], {"sort": True, "post_append": True, "filename": WARC_NAME})
    lines = out.getvalue().splitlines()
    fixed = []
    for line in lines:
        key, ts, data = line.split(" ", 2)
        record = json.loads(data)
        record["filename"] = WARC_NAME
        fixed.append(f"{key} {ts} {json.dumps(record, ensure_ascii=False)}")
    return ("\n".join(sorted(fixed)) + "\n").encode() if fixed else b""


def index_names_its_warc(index: bytes) -> bool:
    """Whether every line of a WACZ's CDXJ names ``WARC_NAME``. HTTP-mode captures sealed
    before the fix name a placeholder (``\\u0000FILENAME\\u0000``) and cannot be replayed
    from their own index: :func:`cdxj_index` re-indexes their WARC beside them."""
    try:
        for line in index.decode("utf-8").splitlines():
            if line.strip() and json.loads(line.split(" ", 2)[2]).get("filename") != WARC_NAME:
                return False
    except (UnicodeDecodeError, ValueError, IndexError, AttributeError):
        return False
    return True


def pages_jsonl(pages: list[Page]) -> bytes:
    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}]
    for i, page in enumerate(pages):
        entry: dict[str, Any] = {"id": f"page-{i}", "url": page.url, "ts": page.ts}
        if page.title:
            entry["title"] = page.title
        if page.text:
            entry["text"] = page.text
        lines.append(entry)
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()


def write_wacz(
    out: Path | IO[bytes],
    warc: Path | IO[bytes],
    pages: list[Page],
    *,
    title: str,
    software: str,
    created: datetime | None = None,
    index: bytes | None = None,
) -> dict[str, Any]:
    """Write the WACZ to ``out`` (a new file, or a seekable file object); return its datapackage.

    ``warc`` is the WARC file or a seekable file object holding it; ``index`` its CDXJ
    when already known (else it is computed)."""
    if not isinstance(warc, Path):
        warc.seek(0)
    created = (created or datetime.now(UTC)).astimezone(UTC)
    created_s = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    if index is None:
        if not isinstance(warc, Path):
            raise ValueError("give the index when the WARC is not a file")
        index = cdxj_index(warc)
    warc_hash, warc_size = _hash_and_size(warc)
    pages_bytes = pages_jsonl(pages)
    resources = [
        {
            "name": WARC_NAME,
            "path": f"archive/{WARC_NAME}",
            "hash": warc_hash,
            "bytes": warc_size,
        },
        {
            "name": "index.cdxj",
            "path": "indexes/index.cdxj",
            "hash": _sha256(index),
            "bytes": len(index),
        },
        {
            "name": "pages.jsonl",
            "path": "pages/pages.jsonl",
            "hash": _sha256(pages_bytes),
            "bytes": len(pages_bytes),
        },
    ]
    package: dict[str, Any] = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title,
        "created": created_s,
        "software": software,
        "resources": resources,
    }
    if pages:
        package["mainPageURL"] = pages[0].url
        package["mainPageDate"] = pages[0].ts
    package_bytes = json.dumps(package, ensure_ascii=False, indent=2).encode()
    digest = {"path": "datapackage.json", "hash": _sha256(package_bytes)}
    digest_bytes = json.dumps(digest, indent=2).encode()
    stamp = created.timetuple()[:6]
    with zipfile.ZipFile(out, "x" if isinstance(out, Path) else "w", allowZip64=True) as zf:

        def add(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> None:
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = method
            zf.writestr(info, data)

        info = zipfile.ZipInfo(f"archive/{WARC_NAME}", stamp)
        info.compress_type = zipfile.ZIP_STORED
        with zf.open(info, "w", force_zip64=True) as dst:
            if isinstance(warc, Path):
                with warc.open("rb") as src:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            else:
                warc.seek(0)
                while chunk := warc.read(1 << 20):
                    dst.write(chunk)
        add("indexes/index.cdxj", index)
        add("pages/pages.jsonl", pages_bytes)
        add("datapackage.json", package_bytes)
        add("datapackage-digest.json", digest_bytes)
    return package
