"""The notices log: the warnings and errors the TUI showed, kept after their toast is gone.

A toast lasts seconds; a failed transaction's reason, a refused write or a node's error can
be gone before the user reads it (or before a test looks). Each warning and error the app
shows is appended, one sanitised line, to ``notices.log`` in the data directory (private, like
every file there), which ``agora`` never reads back: it is for people. Bounded: past
``MAX_BYTES`` the file becomes ``notices.log.1`` (the older one is dropped).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tui.core.text import clean_line

FILE_NAME = "notices.log"
MAX_BYTES = 256 * 1024
"""Size at which the log is rotated (one older file is kept)."""

_lock = threading.Lock()


def log_path(home: Path) -> Path:
    return home / FILE_NAME


def append(
    home: Path, severity: str, title: str, message: str, *, now: float | None = None
) -> None:
    """Add one notice (``severity``: warning or error; text is untrusted, so sanitised)."""
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))
    line = (
        f"{when} {clean_line(severity, 12)} {clean_line(title, 80)}: {clean_line(message, 600)}\n"
    )
    path = log_path(home)
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if path.stat().st_size > MAX_BYTES:
                path.replace(path.with_name(FILE_NAME + ".1"))
        except FileNotFoundError:
            pass
        with path.open("a", encoding="utf-8") as out:
            out.write(line)
