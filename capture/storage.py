"""Content-addressed storage of originals under the data dir: one file per SHA-256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def original_relpath(sha256: str, filename: str) -> str:
    """originals/ab/abcdef….pdf: two-letter fan-out keeps directories small; the suffix helps humans."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"originals/{sha256[:2]}/{sha256}{suffix}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temp file in the same directory, fsync, then rename: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_original(data_dir: Path, data: bytes, filename: str) -> tuple[str, str]:
    """Store the bytes once; returns (sha256, path relative to the data dir)."""
    digest = sha256_of(data)
    relpath = original_relpath(digest, filename)
    target = data_dir / relpath
    if not target.exists():
        write_atomically(target, data)
    return digest, relpath
