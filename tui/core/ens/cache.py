"""A SQLite cache of ENS answers, kept in the network's index database.

Answers expire after ``TTL`` seconds (``NEGATIVE_TTL`` for "no name"), and on the devnet they go
at once when the indexer stores an ENS event about a node they depend on: the ``ens_touched``
table's trigger deletes every cached answer that read that node. The registry's own ``ttl()``
is ignored (it is 0 almost everywhere). A transfer never trusts this cache (``fresh=True``).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable

TTL = 600.0
"""Seconds a positive answer is trusted for display."""
NEGATIVE_TTL = 120.0
"""Seconds "no answer" is trusted (a name registered meanwhile shows up soon)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS ens_cache (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ens_cache_nodes (
    node TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (node, kind, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ens_touched (
    block_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    block INTEGER NOT NULL,
    node TEXT NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (block_hash, log_index)
);
CREATE TABLE IF NOT EXISTS ens_invalidated (
    node TEXT PRIMARY KEY,
    at REAL NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS ens_touched_invalidates AFTER INSERT ON ens_touched BEGIN
    DELETE FROM ens_cache WHERE (kind, key) IN
        (SELECT kind, key FROM ens_cache_nodes WHERE node = NEW.node);
    DELETE FROM ens_cache_nodes WHERE node = NEW.node;
    INSERT OR REPLACE INTO ens_invalidated (node, at)
        VALUES (NEW.node, (julianday('now') - 2440587.5) * 86400.0);
END;
CREATE TRIGGER IF NOT EXISTS ens_untouched_invalidates AFTER DELETE ON ens_touched BEGIN
    DELETE FROM ens_cache WHERE (kind, key) IN
        (SELECT kind, key FROM ens_cache_nodes WHERE node = OLD.node);
    DELETE FROM ens_cache_nodes WHERE node = OLD.node;
    INSERT OR REPLACE INTO ens_invalidated (node, at)
        VALUES (OLD.node, (julianday('now') - 2440587.5) * 86400.0);
END;
"""
"""Cache tables plus ``ens_touched``: one row per indexed ENS event, by the node it changed.
A reorg that deletes the row invalidates too (the rolled-back answer may be stale)."""


class EnsCache:
    """Cached ENS answers by (kind, key); thread-safe (one lock around the connection)."""

    def __init__(self, conn: sqlite3.Connection, *, clock: Callable[[], float] = time.time) -> None:
        self.conn = conn
        self.clock = clock
        self._lock = threading.Lock()
        with self._lock:
            conn.executescript(SCHEMA)

    @classmethod
    def open(cls, path: str, **kwargs: Callable[[], float]) -> EnsCache:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=5000")
        return cls(conn, **kwargs)

    def get(self, kind: str, key: str) -> str | None:
        """The cached value ("" for a cached "none"), or None when absent or expired."""
        with self._lock:
            row = self.conn.execute(
                "SELECT value, fetched_at FROM ens_cache WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        if row is None:
            return None
        value, fetched = str(row[0]), float(row[1])
        ttl = TTL if value else NEGATIVE_TTL
        if self.clock() - fetched > ttl:
            return None
        return value

    def put(
        self,
        kind: str,
        key: str,
        value: str,
        *,
        nodes: Iterable[bytes] = (),
        started: float | None = None,
    ) -> None:
        """Store an answer and the nodes it was read from (their events invalidate it).

        ``started`` (wall-clock seconds) is when the lookup began: an answer read before one of
        its nodes was invalidated is stale and is not stored, so a slow lookup cannot put back
        what an indexed event just removed.
        """
        hexes = ["0x" + node.hex() for node in nodes]
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                if started is not None and hexes:
                    marks = ",".join("?" * len(hexes))
                    (latest,) = self.conn.execute(
                        f"SELECT MAX(at) FROM ens_invalidated WHERE node IN ({marks})", hexes
                    ).fetchone()
                    if latest is not None and float(latest) >= started:
                        self.conn.execute("COMMIT")
                        return
                self.conn.execute(
                    "INSERT OR REPLACE INTO ens_cache (kind, key, value, fetched_at) "
                    "VALUES (?, ?, ?, ?)",
                    (kind, key, value, self.clock()),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO ens_cache_nodes (node, kind, key) VALUES (?, ?, ?)",
                    [(node, kind, key) for node in hexes],
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def clear(self) -> None:
        with self._lock:
            self.conn.execute("DELETE FROM ens_cache")
            self.conn.execute("DELETE FROM ens_cache_nodes")
            self.conn.execute("DELETE FROM ens_invalidated")
