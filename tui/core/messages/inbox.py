"""Finding this account's messages among every ``Sealed`` announcement, and what is kept.

**What is stored, and where.** Decrypted messages are never written to disk. Per account and
chain, ``<data>/messages/<chain id>-<address>.sqlite`` (mode 0600, in a 0700 folder) keeps
only: how far the scan has gone, which announcements opened with this account's key (digest,
block, log index, chain time, key epoch, whether it is a sent copy), their read marks, the
ones whose block could not be fetched yet, and the digests that were refused. The
ciphertext blocks stay in the content store, as public as the chain. Showing a message opens
its block again in memory with the key derived from the account key (about 2 ms a message),
so losing the laptop without its keyring loses no plaintext. The peer of each message is not
stored either: it is inside the ciphertext.

**Bounded work.** A pass looks at most ``budget`` announcements (one X25519 each); the report
says how many are left, so a flood of announcements slows the catch-up down but never stalls
a screen. Only view-tag matches (about 1 in 256 of strangers' messages) are fetched.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.content.cid import cid_from_digest
from tui.core.messages.crypto import ENC_SIZE, DmKey, NotADirectMessage, ViewTagger
from tui.core.messages.envelope import Envelope
from tui.core.messages.message import open_message

SCAN_BUDGET = 50_000
"""Announcements one pass looks at (about 6 s of X25519 on a slow core)."""
REWIND_BLOCKS = 128
"""After a reorg under the scan's cursor, this many blocks are scanned again."""
RETRY_LIMIT = 200
"""Matched announcements whose block was missing, tried again per pass."""

Loader = Callable[[str], bytes | None]
"""CID → verified block bytes, or None when it cannot be had now."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mine (
    digest BLOB PRIMARY KEY, block INTEGER NOT NULL, log_index INTEGER NOT NULL,
    ts INTEGER NOT NULL, epoch INTEGER NOT NULL, sent INTEGER NOT NULL,
    read INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS mine_order ON mine(block, log_index);
CREATE TABLE IF NOT EXISTS waiting (
    digest BLOB PRIMARY KEY, enc BLOB NOT NULL, block INTEGER NOT NULL,
    log_index INTEGER NOT NULL, ts INTEGER NOT NULL, epoch INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refused (digest BLOB PRIMARY KEY, reason TEXT NOT NULL);
"""


def state_path(home: Path, chain_id: int, address: str) -> Path:
    """``<home>/messages/<chain id>-<address>.sqlite``."""
    if not re.fullmatch(r"0x[0-9a-fA-F]{40}", address):
        raise ValueError("not an address")
    return home / "messages" / f"{int(chain_id)}-{address.lower()}.sqlite"


@dataclass(frozen=True)
class Found:
    """One announcement that opened with our key (no plaintext: that stays in memory)."""

    digest: bytes
    block: int
    log_index: int
    ts: int
    epoch: int
    sent: bool
    read: bool


@dataclass
class ScanReport:
    """What a pass did; ``remaining`` > 0 means call ``scan`` again."""

    scanned: int = 0
    matched: int = 0
    """View-tag matches (ours, plus about 1 in 256 of everyone else's)."""
    opened: int = 0
    duplicates: int = 0
    refused: int = 0
    waiting: int = 0
    """Matches whose block could not be fetched yet (tried again next pass)."""
    remaining: int = 0
    rewound: bool = False
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "scanned": self.scanned,
            "matched": self.matched,
            "opened": self.opened,
            "duplicates": self.duplicates,
            "refused": self.refused,
            "waiting": self.waiting,
            "remaining": self.remaining,
            "rewound": self.rewound,
        }


class InboxState:
    """The small per-account file described in the module docstring."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        self.path = path
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> InboxState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # cursor: the last announcement scanned, as (block, log index, block hash)
    def cursor(self) -> tuple[int, int, str]:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'cursor'").fetchone()
        if row is None:
            return (-1, -1, "")
        block, log_index, block_hash = str(row[0]).split(":", 2)
        return int(block), int(log_index), block_hash

    def set_cursor(self, block: int, log_index: int, block_hash: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('cursor', ?)",
            (f"{block}:{log_index}:{block_hash}",),
        )

    def rewind(self, block: int) -> None:
        """Forget everything found after ``block`` (a reorg); the next pass finds it again."""
        with self.conn:
            self.conn.execute("DELETE FROM mine WHERE block > ?", (block,))
            self.conn.execute("DELETE FROM waiting WHERE block > ?", (block,))
            self.set_cursor(block, 1 << 62, "")

    def known(self, digest: bytes) -> bool:
        return any(
            self.conn.execute(f"SELECT 1 FROM {table} WHERE digest = ?", (digest,)).fetchone()
            for table in ("mine", "refused")
        )

    def found(self) -> list[Found]:
        rows = self.conn.execute(
            "SELECT digest, block, log_index, ts, epoch, sent, read FROM mine "
            "ORDER BY block, log_index"
        ).fetchall()
        return [Found(r[0], r[1], r[2], r[3], r[4], bool(r[5]), bool(r[6])) for r in rows]

    def mark_read(self, digests: Iterable[bytes]) -> int:
        with self.conn:
            cur = self.conn.executemany(
                "UPDATE mine SET read = 1 WHERE digest = ? AND read = 0", [(d,) for d in digests]
            )
        return cur.rowcount


def _cid(digest: bytes) -> str:
    return cid_from_digest(digest)


def _open(
    state: InboxState,
    key: DmKey,
    me: str,
    chain_id: int,
    load: Loader,
    row: tuple[bytes, bytes, int, int, int],
    report: ScanReport,
    ctx: object = None,
) -> None:
    """Fetch and open one matched announcement; record the outcome in ``state``."""
    digest, enc, block_no, log_index, ts = row
    block = load(_cid(digest))
    if block is None:
        state.conn.execute(
            "INSERT OR IGNORE INTO waiting(digest, enc, block, log_index, ts, epoch) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (digest, enc, block_no, log_index, ts, key.epoch),
        )
        report.waiting += 1
        return
    state.conn.execute("DELETE FROM waiting WHERE digest = ?", (digest,))
    try:
        if block[:ENC_SIZE] != enc:
            raise NotADirectMessage("The block does not match its announcement.")
        env = open_message(key, me, block, chain_id, ctx)
    except NotADirectMessage as exc:
        state.conn.execute(
            "INSERT OR IGNORE INTO refused(digest, reason) VALUES (?, ?)", (digest, str(exc))
        )
        report.refused += 1
        if len(report.reasons) < 20:
            report.reasons.append(str(exc))
        return
    sent = env.sender.lower() == me.lower()
    state.conn.execute(
        "INSERT OR IGNORE INTO mine(digest, block, log_index, ts, epoch, sent, read) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (digest, block_no, log_index, ts, key.epoch, int(sent), int(sent)),
    )
    report.opened += 1


def scan(
    index: sqlite3.Connection,
    state: InboxState,
    keys: Sequence[DmKey],
    me: str,
    chain_id: int,
    load: Loader,
    *,
    budget: int = SCAN_BUDGET,
) -> ScanReport:
    """Look at up to ``budget`` new announcements in ``index`` and keep those for us."""
    report = ScanReport()
    epochs = ",".join(str(k.epoch) for k in keys)
    row = state.conn.execute("SELECT value FROM meta WHERE key = 'epochs'").fetchone()
    if row is not None and row[0] != epochs:  # a new key: what was scanned without it, again
        with state.conn:
            state.set_cursor(-1, -1, "")
    with state.conn:
        state.conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('epochs', ?)", (epochs,)
        )
    block, log_index, block_hash = state.cursor()
    if (
        block_hash
        and not index.execute(
            "SELECT 1 FROM dm_sealed WHERE block_hash = ? AND log_index = ?",
            (block_hash, log_index),
        ).fetchone()
    ):
        block, log_index = max(-1, block - REWIND_BLOCKS), 1 << 62
        state.rewind(block)
        report.rewound = True
    with state.conn:
        _retry_waiting(state, keys, me, chain_id, load, report)
        rows = index.execute(
            "SELECT block, log_index, block_hash, ts, enc, view_tag, digest FROM dm_sealed "
            "WHERE block > ? OR (block = ? AND log_index > ?) ORDER BY block, log_index LIMIT ?",
            (block, block, log_index, budget),
        )  # iterated, not fetched whole: memory stays flat whatever the budget
        last: tuple[int, int, str] | None = None
        taggers = [(key, ViewTagger.for_chain(key, chain_id)) for key in keys]
        for row_block, row_index, row_hash, ts, enc, tag, digest in rows:
            report.scanned += 1
            last = (row_block, row_index, row_hash)
            for key, tagger in taggers:
                try:
                    mine_tag = tagger.tag(enc)
                except NotADirectMessage:
                    break  # not a valid point: nobody's message
                if mine_tag[0] != tag:
                    continue
                report.matched += 1
                if state.known(digest):
                    report.duplicates += 1
                    break
                _open(state, key, me, chain_id, load, (digest, enc, row_block, row_index, ts),
                      report)  # fmt: skip
                break
        if last is not None:
            state.set_cursor(*last)
            block, log_index = last[0], last[1]
    report.remaining = index.execute(
        "SELECT COUNT(*) FROM dm_sealed WHERE block > ? OR (block = ? AND log_index > ?)",
        (block, block, log_index),
    ).fetchone()[0]
    return report


def _retry_waiting(
    state: InboxState,
    keys: Sequence[DmKey],
    me: str,
    chain_id: int,
    load: Loader,
    report: ScanReport,
) -> None:
    by_epoch = {k.epoch: k for k in keys}
    rows = state.conn.execute(
        "SELECT digest, enc, block, log_index, ts, epoch FROM waiting ORDER BY block LIMIT ?",
        (RETRY_LIMIT,),
    ).fetchall()
    for digest, enc, block_no, log_index, ts, epoch in rows:
        key = by_epoch.get(epoch)
        if key is None:
            continue
        _open(state, key, me, chain_id, load, (digest, enc, block_no, log_index, ts), report)


def read_found(
    found: Found, keys: Sequence[DmKey], me: str, chain_id: int, load: Loader
) -> Envelope | None:
    """Open one stored announcement again, in memory (None when its block is gone)."""
    key = next((k for k in keys if k.epoch == found.epoch), None)
    block = load(_cid(found.digest))
    if key is None or block is None:
        return None
    try:
        return open_message(key, me, block, chain_id)
    except NotADirectMessage:
        return None
