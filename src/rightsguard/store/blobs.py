"""A content-addressed store of evidence files: ``sha256/ab/cd/<hex>``.

Files are written to a temporary name in the same folder, flushed and fsynced,
then renamed into place, so a reader never sees half a file. A blob is never
overwritten: writing content that is already stored is a no-op after the
stored copy is checked against its name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rightsguard.domain.errors import OperationalError

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Blob:
    sha256: str
    size: int


def hash_file(path: Path) -> Blob:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Blob(digest.hexdigest(), size)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_stream(self, stream: BinaryIO) -> Blob:
        """Store the bytes of ``stream``; return their digest and size."""
        staging = self.root / "tmp"
        staging.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=staging, prefix="incoming-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            blob = Blob(digest.hexdigest(), size)
            final = self.path_for(blob.sha256)
            if final.exists():
                if hash_file(final) != blob:
                    raise OperationalError(
                        f"stored evidence {final} does not match its name; "
                        "the store is damaged and was not changed",
                        code="evidence_damaged",
                    )
                return blob
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, 0o444)
            os.link(tmp, final)  # fails if another writer won the race: never overwrite
            _fsync_dir(final.parent)
            return blob
        except FileExistsError:
            return Blob(digest.hexdigest(), size)
        finally:
            tmp.unlink(missing_ok=True)

    def put_bytes(self, data: bytes) -> Blob:
        import io

        return self.put_stream(io.BytesIO(data))

    def put_file(self, path: Path) -> Blob:
        with path.open("rb") as fh:
            return self.put_stream(fh)

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()
