"""Muted and blocked people and bookmarks, in ``AGORA_HOME/reading.sqlite``.

Mutes and blocks are global to the data directory, not per account: they are about the person
at the keyboard, so switching wallet accounts or networks must not bring a muted author back,
and an address is the same on every chain. Bookmarks are kept per network (post and article
ids are numbered by each network's contracts). Nothing here goes on chain.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

FILE_NAME = "reading.sqlite"
MUTE = "mute"
BLOCK = "block"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS people (
    address TEXT PRIMARY KEY,
    level TEXT NOT NULL CHECK (level IN ('mute', 'block')),
    created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS bookmarks (
    network TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'article')),
    item_id INTEGER NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (network, kind, item_id)
);
CREATE TABLE IF NOT EXISTS slow_patterns (
    text TEXT PRIMARY KEY,
    created INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class Bookmark:
    """A saved post or article on one network."""

    kind: str
    item_id: int
    created: int

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.item_id, "created": self.created}


class ReadingStore:
    """The local reading choices of this data directory (mutes, blocks, bookmarks)."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = home / FILE_NAME
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")  # a bookmark the user made is kept
        self.conn.executescript(_SCHEMA)
        self._version = self._data_version()

    def close(self) -> None:
        self.conn.close()

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> bool:
        """True once after another process (``agora mute`` beside the TUI) wrote the file."""
        version = self._data_version()
        changed, self._version = version != self._version, version
        return changed

    # --- people -------------------------------------------------------------------------

    def set_level(self, address: str, level: str | None) -> bool:
        """Mute, block (``level``) or clear (None) an address; True when something changed."""
        before = self.level(address)
        if level is None:
            self.conn.execute("DELETE FROM people WHERE address = ?", (address,))
        else:
            self.conn.execute(
                "INSERT INTO people(address, level, created) VALUES (?, ?, ?) "
                "ON CONFLICT(address) DO UPDATE SET level = excluded.level",
                (address, level, int(time.time())),
            )
        return before != level

    def level(self, address: str) -> str | None:
        row = self.conn.execute("SELECT level FROM people WHERE address = ?", (address,)).fetchone()
        return str(row[0]) if row else None

    def people(self) -> dict[str, str]:
        """Address -> ``mute`` or ``block``."""
        rows = self.conn.execute("SELECT address, level FROM people ORDER BY created, address")
        return {str(a): str(level) for a, level in rows}

    # --- regexes that timed out ---------------------------------------------------------

    def record_slow(self, patterns: list[str]) -> None:
        """Remember regexes that hit the timeout: they stay off in every process."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO slow_patterns(text, created) VALUES (?, ?)",
            [(p, int(time.time())) for p in patterns],
        )

    def slow(self) -> set[str]:
        return {str(r[0]) for r in self.conn.execute("SELECT text FROM slow_patterns")}

    def forget_slow(self, pattern: str) -> None:
        """A regex removed or added again gets another chance."""
        self.conn.execute("DELETE FROM slow_patterns WHERE text = ?", (pattern,))

    # --- bookmarks ----------------------------------------------------------------------

    def bookmark(self, network: str, kind: str, item_id: int, on: bool = True) -> bool:
        """Add (or with ``on=False`` remove) a bookmark; True when something changed."""
        if on:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO bookmarks(network, kind, item_id, created) "
                "VALUES (?, ?, ?, ?)",
                (network, kind, item_id, int(time.time())),
            )
        else:
            cur = self.conn.execute(
                "DELETE FROM bookmarks WHERE network = ? AND kind = ? AND item_id = ?",
                (network, kind, item_id),
            )
        return cur.rowcount > 0

    def is_bookmarked(self, network: str, kind: str, item_id: int) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM bookmarks WHERE network = ? AND kind = ? AND item_id = ?",
                (network, kind, item_id),
            ).fetchone()
            is not None
        )

    def bookmarks(self, network: str, limit: int = 1000) -> list[Bookmark]:
        """Newest bookmark first."""
        rows = self.conn.execute(
            "SELECT kind, item_id, created FROM bookmarks WHERE network = ? "
            "ORDER BY created DESC, item_id DESC LIMIT ?",
            (network, limit),
        )
        return [Bookmark(str(k), int(i), int(c)) for k, i, c in rows]
