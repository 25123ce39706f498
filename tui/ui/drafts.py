"""Drafts on disk, so nothing a user types is lost when they leave a screen or the app dies.

One small JSON file per draft under ``AGORA_HOME/drafts/`` (``post.json``, ``reply-12.json``,
``article.json``), written atomically on every (debounced) change and deleted once the content
is safely in the content store.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from tui.core.config.paths import data_dir

_KEY = re.compile(r"^[a-z0-9-]{1,40}$")
MAX_DRAFT = 512 * 1024
"""A draft file larger than this is ignored (an article body is at most 256 KiB)."""


def draft_key(reply_to: int = 0) -> str:
    """The draft name of a new post (``post``) or of a reply (``reply-<id>``)."""
    return f"reply-{reply_to}" if reply_to else "post"


class DraftStore:
    """Drafts as ``{field: text}`` dictionaries under one directory."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else data_dir() / "drafts"

    def _path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"bad draft key {key!r}")
        return self.root / f"{key}.json"

    def load(self, key: str) -> dict[str, str]:
        """The saved draft, or an empty dict when there is none (or it is unreadable)."""
        path = self._path(key)
        try:
            if path.stat().st_size > MAX_DRAFT:
                return {}
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def save(self, key: str, fields: dict[str, str]) -> None:
        """Write the draft atomically; an all-empty draft is deleted instead."""
        if not any(v.strip() for v in fields.values()):
            self.delete(key)
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".draft-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(fields, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()
