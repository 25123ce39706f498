"""The index's part of private messages: the ``Sealed`` announcements of the Inbox contract.

Only what the chain says is stored (encapsulated key, view tag, block digest, block and time);
nothing here tells whom a message is for. ``tui.core.messages.inbox`` scans these rows with
the user's own key.
"""

from __future__ import annotations

from typing import Any

from tui.core.index.sources import EventSource

KEY = "inbox"
"""The deployment key of the Inbox contract."""
ARTIFACT = "Inbox"
TABLE = "dm_sealed"
SCHEMA = """
CREATE TABLE IF NOT EXISTS dm_sealed (
    block_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    block INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    enc BLOB NOT NULL,
    view_tag INTEGER NOT NULL,
    digest BLOB NOT NULL,
    PRIMARY KEY (block_hash, log_index)
);
CREATE INDEX IF NOT EXISTS dm_sealed_block ON dm_sealed(block, log_index);
"""
TABLES = (TABLE,)
INSERTS = {
    TABLE: "INSERT OR IGNORE INTO dm_sealed"
    "(block_hash, log_index, block, ts, enc, view_tag, digest) VALUES (?, ?, ?, ?, ?, ?, ?)"
}


def decode(event: Any, timestamp: int) -> list[tuple[str, tuple[Any, ...]]]:
    """One ``Sealed`` log → one ``dm_sealed`` row (anything else, or a malformed one: none)."""
    if getattr(event, "name", "") != "Sealed":
        return []
    args = event.args
    enc, tag, digest = args.get("enc"), args.get("viewTag"), args.get("digest")
    if not (isinstance(enc, bytes) and isinstance(tag, bytes) and isinstance(digest, bytes)):
        return []
    if len(enc) != 32 or len(tag) != 1 or len(digest) != 32:
        return []
    row = (
        event.block_hash,
        event.log_index,
        event.block_number,
        int(timestamp),
        enc,
        tag[0],
        digest,
    )
    return [(TABLE, row)]


SOURCE = EventSource(key=KEY, abi=ARTIFACT, schema=SCHEMA, tables=TABLES, inserts=INSERTS,
                     decode=decode)  # fmt: skip
"""Listed in ``tui.core.index.sources.SOURCES``."""
