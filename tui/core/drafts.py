"""Drafts on disk, so nothing a user types is lost when they leave a screen or the app dies.

One small JSON file per draft under ``AGORA_HOME/drafts/`` (``post.json``, ``reply-12.json``,
``article.json``; ``post-2.json`` and the like when another is already kept), written atomically (0600, fsync, rename) on every debounced change and
deleted once the content is safely in the content store. The TUI's editors and the Drafts
screen, and ``agora drafts`` in the CLI, all read the same files through ``DraftStore``.
"""

from __future__ import annotations

import builtins
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.config.paths import data_dir
from tui.core.errors import NotFoundError, UsageError
from tui.core.files import write_atomic
from tui.core.text import is_digits

_KEY = re.compile(r"^[a-z0-9-]{1,40}$")
MAX_DRAFT = 512 * 1024
"""A draft file larger than this is ignored (an article body is at most 256 KiB)."""
PREVIEW_CHARS = 80
"""How much of a draft's first line the list shows."""
SCHEDULE_FIELD = "scheduled_at"
"""The draft field holding when a scheduled post is due (unix seconds, as text)."""


def draft_key(reply_to: int = 0) -> str:
    """The draft name of a new post (``post``) or of a reply (``reply-<id>``)."""
    return f"reply-{reply_to}" if reply_to else "post"


COMMUNITY = "community"
"""The kind (and key prefix) of the drafts of community dialogs: a post or reply in a
community, an appeal, a moderation reason, a new community or fork, a proposal."""


def community_draft_key(community: int, what: str, target: int | str = "") -> str:
    """The draft name of a community dialog: ``community-3-post``, ``community-3-reply-12``,
    ``community-3-appeal-0x7099…``, ``community-0-new``. Too long or odd a name (a huge id, an
    address) is shortened to a hash of it, so every dialog has a valid, stable name."""
    import hashlib

    parts = [COMMUNITY, str(community), what] + ([str(target).lower()] if str(target) else [])
    key = "-".join(parts)
    if _KEY.match(key):
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    head = f"{COMMUNITY}-{community}-{what}" if community < 10**9 else COMMUNITY
    return f"{head[: 40 - 17]}-{digest}"


def draft_community(key: str) -> int:
    """The community a community dialog's draft belongs to (0: a new community, or unknown)."""
    parts = key.split("-")
    if parts[0] != COMMUNITY or len(parts) < 2 or not is_digits(parts[1]):
        return 0
    return int(parts[1])


@dataclass(frozen=True)
class DraftInfo:
    """One draft as the lists show it: what it is, its first words, when it was last saved."""

    key: str
    """The draft's id (``post``, ``reply-12``, ``article``): what ``agora drafts delete`` takes."""
    kind: str
    """``post``, ``reply``, ``article`` or ``community`` (a community dialog's)."""
    reply_to: int
    """The post a reply answers (0 otherwise)."""
    preview: str
    """The title of an article, else the first line of the text (raw: sanitise to show)."""
    saved_at: int
    """Unix time of the last save."""
    size: int
    """Characters written, over every field."""
    scheduled_at: int = 0
    """Unix time the post is due to be sent (0: not scheduled)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "kind": self.kind,
            "reply_to": self.reply_to or None,
            "preview": self.preview,
            "saved_at": self.saved_at,
            "chars": self.size,
            "scheduled_at": self.scheduled_at or None,
        }


_REPLY = re.compile(r"^reply-(\d{1,19})(?:-\d+)?$")


def _kind(key: str) -> tuple[str, int]:
    reply = _REPLY.match(key)
    if reply:
        return "reply", int(reply.group(1))
    if key.startswith("article"):
        return "article", 0
    if key.startswith(COMMUNITY + "-"):
        return COMMUNITY, 0
    return "post", 0


def _schedule_of(fields: dict[str, str]) -> int:
    text = fields.get(SCHEDULE_FIELD, "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else 0


def _preview(kind: str, fields: dict[str, str]) -> str:
    source = fields.get("title", "") if kind == "article" else ""
    if not source.strip():
        named = ("text", "body", "summary", "note", "goal", "name", "target")
        source = next((fields[k] for k in named if fields.get(k, "").strip()), "")
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
        """Write the draft atomically (0600); an all-empty draft is deleted instead.

        A schedule already on the draft is kept unless ``fields`` names one: the editors
        autosave only what they show, and typing must not cancel a scheduled post.
        """
        if not any(v.strip() for k, v in fields.items() if k != SCHEDULE_FIELD):
            self.delete(key)
            return
        if SCHEDULE_FIELD not in fields:
            kept = self.load(key).get(SCHEDULE_FIELD)
            if kept:
                fields = {**fields, SCHEDULE_FIELD: kept}
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
                    size=sum(len(v) for k, v in fields.items() if k != SCHEDULE_FIELD),
                    scheduled_at=_schedule_of(fields),
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

    def schedule(self, key: str, when: int) -> None:
        """Mark a post or reply draft to be sent at ``when`` (0 removes the schedule).

        Only posts and replies can be scheduled: an article asks for its edition terms when
        it is published. Scheduling signs nothing: when the time comes the TUI shows the
        usual confirmation of the exact transaction.
        """
        if not _KEY.match(key):
            raise UsageError(f"{key[:40]!r} is not a draft id.", hint="`agora drafts` lists them.")
        fields = self.load(key)
        if not fields:
            raise NotFoundError(f"No draft {key!r}.", hint="`agora drafts` lists them.")
        if _kind(key)[0] == "article":
            raise UsageError(
                "Articles cannot be scheduled: publishing asks for the edition terms.",
                hint="Open it with `:drafts` and publish it with ctrl+s.",
            )
        if _kind(key)[0] == COMMUNITY:
            raise UsageError(
                "Community drafts cannot be scheduled: send them from the community's screen."
            )
        # An empty value is still named, so ``save`` does not keep the old schedule.
        fields[SCHEDULE_FIELD] = str(int(when)) if when else ""
        self.save(key, fields)

    def due(self, now: float) -> builtins.list[DraftInfo]:
        """Scheduled drafts whose time has come, the earliest first."""
        ready = [d for d in self.list() if d.scheduled_at and d.scheduled_at <= now]
        return sorted(ready, key=lambda d: (d.scheduled_at, d.key))


_DURATION = re.compile(r"^\+?(\d{1,6})\s*([mhd])$")
_UNIT = {"m": 60, "h": 3600, "d": 86400}
MAX_AHEAD = 366 * 86400
"""The furthest ahead a post can be scheduled (a year and a day)."""


def parse_when(text: str, now: float) -> int:
    """When a scheduled post is due, as unix seconds, from what the user typed.

    Accepts a delay (``10m``, ``2h``, ``1d``, ``+30m``), a time of day in UTC (``09:30``: today,
    or tomorrow once passed) or a UTC date and time (``2026-12-05 09:30``). UsageError saying
    what is accepted otherwise, or when the time is past or more than a year ahead.
    """
    from datetime import UTC, datetime, timedelta

    value = text.strip().lower().removesuffix("utc").strip()
    when: float
    delay = _DURATION.match(value)
    if delay:
        when = now + int(delay.group(1)) * _UNIT[delay.group(2)]
    else:
        try:
            if re.fullmatch(r"\d{1,2}:\d{2}", value):
                clock = datetime.strptime(value, "%H:%M").time()
                today = datetime.fromtimestamp(now, UTC)
                moment = today.replace(
                    hour=clock.hour, minute=clock.minute, second=0, microsecond=0
                )
                if moment.timestamp() <= now:
                    moment += timedelta(days=1)
                when = moment.timestamp()
            else:
                moment = datetime.strptime(value.replace("t", " "), "%Y-%m-%d %H:%M")
                when = moment.replace(tzinfo=UTC).timestamp()
        except ValueError:
            raise UsageError(
                f"{text[:40]!r} is not a time.",
                hint="Use a delay (10m, 2h, 1d), a UTC time (09:30) or 2026-12-05 09:30.",
            ) from None
    if when <= now:
        raise UsageError("That time has passed; pick a later one.")
    if when - now > MAX_AHEAD:
        raise UsageError("A post can be scheduled at most a year ahead.")
    return int(when)


def format_when(when: int) -> str:
    """``2026-12-05 09:30 UTC``: how scheduled times are shown."""
    from datetime import UTC, datetime

    return datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%d %H:%M UTC")
