"""Which blocks of the local store are public: what ``agora gateway`` may serve.

The store also holds what was never published: a post written and then not signed, a
``--dry-run``, a draft article whose transaction was cancelled. Those are the user's private
words. A block counts as published when a chain event references it (any network's index:
the ``content`` table, plus the body, image and avatar an indexed document points at) or when
it belongs to one of this profile's confirmed transactions (the outbox records the CIDs of each
intent), which covers one's own writes before the index has seen them.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

RELOAD_EVERY = 1.0
"""Seconds between re-reads of the databases when an unknown CID is asked for."""

_INDEX_SQL = """
SELECT cid FROM content
UNION SELECT json_extract(extra, '$.body_cid') FROM content WHERE kind = 'article'
UNION SELECT json_extract(extra, '$.image_cid') FROM content WHERE kind = 'article'
UNION SELECT json_extract(extra, '$.avatar') FROM content WHERE kind = 'profile'
"""


class PublishedCids:
    """A set-like view of the published CIDs under one data directory, re-read on misses."""

    def __init__(self, home: Path, reload_every: float = RELOAD_EVERY) -> None:
        self.home = home
        self.reload_every = reload_every
        self._cids: frozenset[str] = frozenset()
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def __contains__(self, cid: object) -> bool:
        if not isinstance(cid, str):
            return False
        if cid in self._cids:
            return True
        with self._lock:
            if time.monotonic() - self._loaded_at >= self.reload_every:
                self._cids = frozenset(self._load())
                self._loaded_at = time.monotonic()
            return cid in self._cids

    def _load(self) -> Iterator[str]:
        for path in sorted((self.home / "index").glob("*.sqlite")):
            for (value,) in _rows(path, _INDEX_SQL):
                if isinstance(value, str) and value:
                    yield value.removeprefix("ipfs://")
        for (intent,) in _rows(
            self.home / "outbox.sqlite", "SELECT intent FROM txs WHERE status = 'confirmed'"
        ):
            try:
                cids = json.loads(str(intent)).get("cids", ())
            except (TypeError, ValueError, AttributeError):
                continue
            yield from (c for c in cids if isinstance(c, str))


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows of ``sql`` over the database at ``path``, read-only ([] when unreadable)."""
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=5.0)
        try:
            return list(conn.execute(sql))
        finally:
            conn.close()
    except sqlite3.Error:
        return []
