"""Writing Agora's files so that a crash never leaves a half-written one.

Every file Agora writes (settings, account index, keystores, content blocks, devnet record,
command history) goes through here: a private temp file beside the target, fsync, atomic
rename, then an fsync of the directory so the rename itself survives a power cut. Files are
created 0600: the data directory holds nothing other users should read.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` atomically with mode 0600 (temp file, fsync, rename, fsync dir)."""
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """``write_atomic`` for data produced piece by piece (a large file never held whole)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        if hasattr(os, "fchmod"):  # not on Windows, where the ACL of the user dir applies
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
