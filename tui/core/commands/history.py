"""Command-line history, persisted in ``AGORA_HOME/command-history`` (one command a line)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from tui.core.files import write_atomic

HISTORY_FILE = "command-history"
MAX_ENTRIES = 500
"""Most commands kept; the oldest fall off."""


class CommandHistory:
    """Recall with up/down like a shell: ``previous()``/``next()`` walk from the newest entry."""

    def __init__(self, path: Path | None, limit: int = MAX_ENTRIES) -> None:
        self.path = path
        self.limit = limit
        self.entries: list[str] = self._load()
        self._cursor = len(self.entries)

    def _load(self) -> list[str]:
        if self.path is None:
            return []
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if line.strip()][-self.limit :]

    def add(self, line: str) -> None:
        """Remember ``line`` (not twice in a row) and save; history is a convenience, never fatal."""
        line = " ".join(line.splitlines()).strip()
        if line and (not self.entries or self.entries[-1] != line):
            self.entries.append(line)
            del self.entries[: -self.limit]
            self._save()
        self.reset()

    def _save(self) -> None:
        if self.path is None:
            return
        with contextlib.suppress(OSError):
            write_atomic(self.path, ("\n".join(self.entries) + "\n").encode("utf-8"))

    def reset(self) -> None:
        """Start walking from the newest entry again."""
        self._cursor = len(self.entries)

    def previous(self) -> str | None:
        """The entry before the current one (None at the oldest)."""
        if self._cursor == 0:
            return None
        self._cursor -= 1
        return self.entries[self._cursor]

    def next(self) -> str:
        """The entry after the current one ("" past the newest: a fresh line)."""
        if self._cursor < len(self.entries):
            self._cursor += 1
        return self.entries[self._cursor] if self._cursor < len(self.entries) else ""
