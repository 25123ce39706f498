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
from tui.core.timeline_view import MODES

FILE_NAME = "ui-state.json"


@dataclass
class UiState:
    """Where the user was: per-timeline post id, newest post seen, last tab, the welcome done."""

    positions: dict[str, int] = field(default_factory=dict)
    """Timeline kind -> id of the highlighted post."""
    seen: dict[str, int] = field(default_factory=dict)
    """Timeline kind -> id of the newest post the user has seen at the top of it: what is
    newer arrived since, and is announced as new on the next start."""
    tab: str = "home"
    welcomed: bool = False
    hide: dict[str, str] = field(default_factory=dict)
    """Timeline kind -> what it hides (``no-replies``, ``no-replies-reposts``); absent: all."""
    compact: bool = False
    """Post timelines drawn one line per post with a detail pane (``z``), not as cards."""
    experts_only: list[int] = field(default_factory=list)
    """Communities whose timeline shows only their acknowledged experts' posts (``*``)."""

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
        state = cls()
        state.positions = _ids(raw.get("positions", {}))
        state.seen = _ids(raw.get("seen", {}))
        if isinstance(raw.get("tab"), str):
            state.tab = raw["tab"]
        state.welcomed = bool(raw.get("welcomed", False))
        hide = raw.get("hide", {})
        if isinstance(hide, dict):
            state.hide = {str(k): v for k, v in hide.items() if v in MODES and v != "all"}
        state.compact = raw.get("compact") is True
        experts = raw.get("experts_only", [])
        if isinstance(experts, list):
            state.experts_only = sorted(
                {c for c in experts if isinstance(c, int) and not isinstance(c, bool) and c > 0}
            )
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


def _ids(raw: object) -> dict[str, int]:
    """A kind -> post id table from the file, keeping only positive integer ids."""
    if not isinstance(raw, dict):
        return {}
    return {
        str(k): v
        for k, v in raw.items()
        if isinstance(v, int) and not isinstance(v, bool) and v > 0
    }
