"""Drafts on disk, so nothing a user types is lost when they leave a screen or the app dies.

One small JSON file per draft under ``AGORA_HOME/drafts/`` (``post.json``, ``reply-12.json``,
``article.json``; ``post-2.json`` and the like when another is already kept), written atomically (0600, fsync, rename) on every debounced change and
deleted once the content is safely in the content store. The TUI's editors and the Drafts
screen, and ``agora drafts`` in the CLI, all read the same files through ``DraftStore``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.config.paths import data_dir
from tui.core.errors import NotFoundError, UsageError
from tui.core.files import write_atomic

_KEY = re.compile(r"^[a-z0-9-]{1,40}$")
MAX_DRAFT = 512 * 1024
"""A draft file larger than this is ignored (an article body is at most 256 KiB)."""
PREVIEW_CHARS = 80
"""How much of a draft's first line the list shows."""


def draft_key(reply_to: int = 0) -> str:
    """The draft name of a new post (``post``) or of a reply (``reply-<id>``)."""
    return f"reply-{reply_to}" if reply_to else "post"


@dataclass(frozen=True)
class DraftInfo:
    """One draft as the lists show it: what it is, its first words, when it was last saved."""

    key: str
    """The draft's id (``post``, ``reply-12``, ``article``): what ``agora drafts delete`` takes."""
    kind: str
    """``post``, ``reply`` or ``article``."""
    reply_to: int
    """The post a reply answers (0 otherwise)."""
    preview: str
    """The title of an article, else the first line of the text (raw: sanitise to show)."""
    saved_at: int
    """Unix time of the last save."""
    size: int
    """Characters written, over every field."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "kind": self.kind,
            "reply_to": self.reply_to or None,
            "preview": self.preview,
            "saved_at": self.saved_at,
            "chars": self.size,
        }


_REPLY = re.compile(r"^reply-(\d{1,19})(?:-\d+)?$")


def _kind(key: str) -> tuple[str, int]:
    reply = _REPLY.match(key)
    if reply:
        return "reply", int(reply.group(1))
    if key.startswith("article"):
        return "article", 0
    return "post", 0


def _preview(kind: str, fields: dict[str, str]) -> str:
    source = fields.get("title", "") if kind == "article" else ""
    if not source.strip():
        source = fields.get("text", "") or fields.get("body", "") or fields.get("summary", "")
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:PREVIEW_CHARS]
    return ""


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
        """Write the draft atomically (0600); an all-empty draft is deleted instead."""
        if not any(v.strip() for v in fields.values()):
            self.delete(key)
            return
        data = json.dumps(fields, ensure_ascii=False).encode("utf-8")
        write_atomic(self._path(key), data)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def new_key(self, base: str) -> str:
        """``base`` when no draft has it, else ``base-2``, ``base-3``…: a second unsent post
        never overwrites the first."""
        if not self.exists(base):
            return base
        n = 2
        while self.exists(f"{base}-{n}"):
            n += 1
        return f"{base}-{n}"

    def list(self) -> list[DraftInfo]:
        """Every readable draft, the most recently saved first."""
        try:
            paths = [p for p in self.root.glob("*.json") if _KEY.match(p.stem)]
        except OSError:
            return []
        drafts: list[DraftInfo] = []
        for path in paths:
            try:
                saved = int(path.stat().st_mtime)
            except OSError:
                continue
            fields = self.load(path.stem)
            if not fields:
                continue
            kind, reply_to = _kind(path.stem)
            drafts.append(
                DraftInfo(
                    key=path.stem,
                    kind=kind,
                    reply_to=reply_to,
                    preview=_preview(kind, fields),
                    saved_at=saved,
                    size=sum(len(v) for v in fields.values()),
                )
            )
        drafts.sort(key=lambda d: (-d.saved_at, d.key))
        return drafts

    def remove(self, key: str) -> None:
        """Delete a draft the user named; NotFoundError when there is none, UsageError on a
        name that cannot be a draft's."""
        if not _KEY.match(key):
            raise UsageError(f"{key[:40]!r} is not a draft id.", hint="`agora drafts` lists them.")
        if not self.exists(key):
            raise NotFoundError(f"No draft {key!r}.", hint="`agora drafts` lists them.")
        self.delete(key)
