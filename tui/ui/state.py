"""Small UI state kept across restarts (reading positions, last tab) in AGORA_HOME/ui-state.json.

Not settings (the user does not edit it) and never secret. A corrupt file is ignored.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tui.core.config.paths import data_dir

FILE_NAME = "ui-state.json"


@dataclass
class UiState:
    """Where the user was: per-timeline post id, last tab, whether the welcome was done."""

    positions: dict[str, int] = field(default_factory=dict)
    """Timeline kind -> id of the highlighted post."""
    tab: str = "home"
    welcomed: bool = False

    @classmethod
    def path(cls, home: Path | None = None) -> Path:
        return (home or data_dir()) / FILE_NAME

    @classmethod
    def load(cls, home: Path | None = None) -> UiState:
        try:
            raw = json.loads(cls.path(home).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        positions = raw.get("positions", {})
        state = cls()
        if isinstance(positions, dict):
            state.positions = {
                str(k): int(v) for k, v in positions.items() if isinstance(v, int) and v > 0
            }
        if isinstance(raw.get("tab"), str):
            state.tab = raw["tab"]
        state.welcomed = bool(raw.get("welcomed", False))
        return state

    def save(self, home: Path | None = None) -> None:
        """Write atomically; failures are ignored (losing a reading position is harmless)."""
        target = self.path(home)
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".ui-state-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(self), fh)
            os.replace(tmp, target)
        except OSError:
            pass
