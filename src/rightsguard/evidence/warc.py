"""Writing and reading WARC 1.1 files with warcio, digests in SHA-256.

:class:`WarcBuilder` appends records to one gzip-per-record ``.warc.gz``:
``warcinfo``, HTTP ``request``/``response`` pairs (the header block as the
server sent it, the payload as received), ``resource`` records (screenshot,
PDF, DOM…) and ``metadata`` records (JSON network context). Each record gets
``WARC-Block-Digest`` and, where it has a payload, ``WARC-Payload-Digest``.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import surt  # type: ignore[import-untyped]
from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.timeutils import iso_date_to_timestamp  # type: ignore[import-untyped]
from warcio.utils import Digester  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

WARC_VERSION = "WARC/1.1"


#: zlib level of each record's gzip member. warcio uses 9, which costs a third of
#: an HTTP-mode capture's time for about 2 % smaller files; 6 is zlib's own default.
GZIP_LEVEL = 6


class _GzipMember:
    """One gzip member per record, as WARC requires, at ``GZIP_LEVEL``."""

    def __init__(self, out: IO[bytes]) -> None:
        self._zip = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self._out = out

    def write(self, data: bytes) -> None:
        self._out.write(self._zip.compress(data))

    def flush(self) -> None:
        self._out.write(self._zip.flush())
        self._out.flush()


class _Sha256Writer(WARCWriter):  # type: ignore[misc]
    def _create_digester(self) -> Digester:
        return Digester("sha256")

    def _write_warc_record(self, out: IO[bytes], record: Any) -> None:
        if not self.gzip:
            super()._write_warc_record(out, record)
            return
        self.gzip = False  # warcio would wrap at level 9; we wrap ourselves
        try:
            super()._write_warc_record(_GzipMember(out), record)
        finally:
            self.gzip = True


def warc_date(when: datetime | None = None) -> str:
    when = (when or datetime.now(UTC)).astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond:06d}Z"


class WarcBuilder:
    """Appends records to ``path`` (gzip, WARC/1.1, SHA-256 digests)."""

    def __init__(self, path: Path | IO[bytes], info: dict[str, Any] | None = None) -> None:
        """Write to ``path`` (a new file) or to a seekable binary file object."""
        self._owned = isinstance(path, Path)
        self._fh: IO[bytes] = path.open("xb") if isinstance(path, Path) else path
        name = path.name if isinstance(path, Path) else "data.warc.gz"
        self._writer = _Sha256Writer(self._fh, gzip=True, warc_version=WARC_VERSION)
        self.records = 0
        self.foreign = False  # records appended raw are not in ``cdxj()``
        self._index: list[tuple[str, str, dict[str, Any]]] = []  # key, timestamp, entry
        if info is not None:
            record = self._writer.create_warcinfo_record(name, info)
            self._write(record)

    def _write(self, record: Any) -> None:
        start = self._fh.tell()
        self._writer.write_record(record)
        self.records += 1
        if record.rec_type in ("response", "resource", "metadata"):
            self._index.append(_cdxj_entry(record, start, self._fh.tell() - start))

    def cdxj(self, filename: str) -> bytes | None:
        """The sorted CDXJ index of the records written (None after ``append_raw``)."""
        if self.foreign:
            return None
        lines = sorted(
            f"{key} {ts} {json.dumps({**entry, 'filename': filename}, ensure_ascii=False)}"
            for key, ts, entry in self._index
        )
        return ("".join(line + "\n" for line in lines)).encode()

    def request_response(
        self,
        uri: str,
        *,
        request_line: tuple[str, str, str],
        request_headers: Iterable[tuple[str, str]],
        status_line: str,
        response_headers: Iterable[tuple[str, str]],
        body: IO[bytes],
        body_length: int,
        ip: str | None = None,
        when: datetime | None = None,
        truncated: str | None = None,
        protocol: str = "HTTP/1.1",
    ) -> None:
        """A ``request`` and a ``response`` record for one exchange."""
        date = warc_date(when)
        common = {"WARC-Date": date}
        if ip:
            common["WARC-IP-Address"] = ip
        method, target, req_proto = request_line
        req_headers = StatusAndHeaders(
            f"{method} {target} {req_proto}", list(request_headers), is_http_request=True
        )
        resp_headers = StatusAndHeaders(status_line, list(response_headers), protocol=protocol)
        resp_extra = dict(common)
        if truncated:
            resp_extra["WARC-Truncated"] = truncated
        response = self._writer.create_warc_record(
            uri,
            "response",
            payload=body,
            length=body_length,
            http_headers=resp_headers,
            warc_headers_dict=resp_extra,
        )
        request = self._writer.create_warc_record(
            uri,
            "request",
            payload=io.BytesIO(),
            length=0,
            http_headers=req_headers,
            warc_headers_dict=dict(common),
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        self._write(response)
        self._write(request)

    def resource(
        self,
        uri: str,
        media_type: str,
        data: bytes | Path,
        when: datetime | None = None,
        extra: dict[str, str] | None = None,
    ) -> None:
        """A ``resource`` record (an artefact made by the capture, e.g. the screenshot)."""
        headers = {"WARC-Date": warc_date(when), **(extra or {})}
        if isinstance(data, Path):
            with data.open("rb") as fh:
                record = self._writer.create_warc_record(
                    uri,
                    "resource",
                    payload=fh,
                    length=data.stat().st_size,
                    warc_content_type=media_type,
                    warc_headers_dict=headers,
                )
                self._write(record)
            return
        record = self._writer.create_warc_record(
            uri,
            "resource",
            payload=io.BytesIO(data),
            length=len(data),
            warc_content_type=media_type,
            warc_headers_dict=headers,
        )
        self._write(record)

    def append_raw(self, path: Path) -> None:
        """Append the records of another gzip WARC file (e.g. the proxy's) as they are."""
        self.foreign = True
        self._fh.flush()
        with path.open("rb") as src:
            while chunk := src.read(1 << 20):
                self._fh.write(chunk)
        self._fh.flush()

    def metadata(self, uri: str, data: Any, when: datetime | None = None) -> None:
        """A ``metadata`` record holding ``data`` as JSON."""
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        record = self._writer.create_warc_record(
            uri,
            "metadata",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type="application/json",
            warc_headers_dict={"WARC-Date": warc_date(when)},
        )
        self._write(record)

    def close(self) -> None:
        # A working file: durability comes when the WACZ is put in the blob store.
        if self._owned and not self._fh.closed:
            self._fh.close()
        elif not self._owned:
            self._fh.flush()

    def __enter__(self) -> WarcBuilder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _cdxj_entry(record: Any, offset: int, length: int) -> tuple[str, str, dict[str, Any]]:
    """A CDXJ line's key, timestamp and entry (the entry's ``filename`` comes later)."""
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI")
    entry: dict[str, Any] = {"url": uri}
    if record.rec_type == "response" and record.http_headers is not None:
        mime = record.http_headers.get_header("Content-Type") or ""
        entry["mime"] = mime.split(";")[0].strip()
        entry["status"] = record.http_headers.get_statuscode()
    else:
        entry["mime"] = (headers.get_header("Content-Type") or "").split(";")[0].strip()
    digest = headers.get_header("WARC-Payload-Digest") or headers.get_header("WARC-Block-Digest")
    if digest:
        entry["digest"] = digest
    entry |= {"length": str(length), "offset": str(offset)}
    try:
        key = surt.surt(uri)
    except Exception:
        key = uri
    ts = iso_date_to_timestamp(headers.get_header("WARC-Date"))
    return key, ts, entry


def iter_records(path: Path) -> Iterator[Any]:
    """Every record of a WARC file (warcio ``ArcWarcRecord``), content readable."""
    with path.open("rb") as fh:
        yield from ArchiveIterator(fh)
