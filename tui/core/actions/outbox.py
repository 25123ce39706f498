"""The write-ahead outbox: every signed transaction is persisted here before it is broadcast.

SQLite in WAL mode with ``synchronous=FULL``: once ``insert`` returns, the signed bytes survive a
crash or power loss, so a restart re-sends the *same* transaction instead of signing another.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class TxStatus(StrEnum):
    PENDING = "pending"
    """Signed and persisted; broadcast or about to be; not in a block yet."""
    CONFIRMED = "confirmed"
    FAILED = "failed"
    """Mined but reverted (status 0): the nonce and the gas are spent."""
    REPLACED = "replaced"
    """Another transaction with the same nonce (a speed-up, or one sent elsewhere) landed."""
    DROPPED = "dropped"
    """Refused by the node, or gone: the nonce moved on and nobody knows this hash."""
    CANCELLED = "cancelled"
    """Our cancel (a 0-value self-send with the same nonce) landed instead."""


FINAL = {TxStatus.CONFIRMED, TxStatus.FAILED, TxStatus.REPLACED, TxStatus.DROPPED,
         TxStatus.CANCELLED}  # fmt: skip

_SCHEMA = """
CREATE TABLE IF NOT EXISTS txs (
    hash TEXT PRIMARY KEY,
    chain_id INTEGER NOT NULL,
    sender TEXT NOT NULL,
    nonce INTEGER NOT NULL,
    raw TEXT NOT NULL,
    data TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    value_wei TEXT NOT NULL,
    gas INTEGER NOT NULL,
    max_fee TEXT NOT NULL,
    priority_fee TEXT NOT NULL,
    kind TEXT NOT NULL,
    intent TEXT NOT NULL,
    status TEXT NOT NULL,
    replaces TEXT,
    block INTEGER,
    error TEXT,
    sends INTEGER NOT NULL DEFAULT 0,
    sent_at REAL,
    moved_at_block INTEGER,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS txs_nonce ON txs (chain_id, sender, nonce);
CREATE INDEX IF NOT EXISTS txs_status ON txs (status);
"""


@dataclass(frozen=True)
class OutboxEntry:
    """One signed transaction and what became of it."""

    hash: str
    chain_id: int
    sender: str
    nonce: int
    raw: str
    data: str
    """Calldata (``0x`` for a cancel), kept to replay a revert or speed the call up."""
    to: str
    value_wei: int
    gas: int
    max_fee_per_gas: int
    max_priority_fee_per_gas: int
    kind: str
    """post, reply, tip…, or ``cancel`` for a cancellation."""
    intent: dict[str, Any]
    status: TxStatus
    replaces: str | None = None
    """Hash of the transaction this one speeds up or cancels."""
    block: int | None = None
    error: str | None = None
    """Revert reason or the node's refusal, sanitised."""
    sends: int = 0
    sent_at: float | None = None
    moved_at_block: int | None = None
    created: float = 0.0
    updated: float = 0.0

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("raw")
        data.pop("data")
        data["status"] = str(self.status)
        for key in ("value_wei", "max_fee_per_gas", "max_priority_fee_per_gas"):
            data[key] = str(data[key])
        return data


def _row(row: sqlite3.Row) -> OutboxEntry:
    return OutboxEntry(
        hash=row["hash"],
        chain_id=row["chain_id"],
        sender=row["sender"],
        nonce=row["nonce"],
        raw=row["raw"],
        data=row["data"],
        to=row["to_addr"],
        value_wei=int(row["value_wei"]),
        gas=row["gas"],
        max_fee_per_gas=int(row["max_fee"]),
        max_priority_fee_per_gas=int(row["priority_fee"]),
        kind=row["kind"],
        intent=json.loads(row["intent"]),
        status=TxStatus(row["status"]),
        replaces=row["replaces"],
        block=row["block"],
        error=row["error"],
        sends=row["sends"],
        sent_at=row["sent_at"],
        moved_at_block=row["moved_at_block"],
        created=row["created"],
        updated=row["updated"],
    )


class Outbox:
    """The outbox database (``<home>/outbox.sqlite``). Thread-safe; safe across processes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def insert(self, entry: OutboxEntry) -> None:
        """Persist a signed transaction (durable when this returns)."""
        now = time.time()
        with self._lock:
            self._db.execute(
                "INSERT INTO txs (hash, chain_id, sender, nonce, raw, data, to_addr, value_wei, gas,"
                " max_fee, priority_fee, kind, intent, status, replaces, created, updated)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    entry.hash, entry.chain_id, entry.sender, entry.nonce, entry.raw, entry.data, entry.to,
                    str(entry.value_wei), entry.gas, str(entry.max_fee_per_gas),
                    str(entry.max_priority_fee_per_gas), entry.kind, json.dumps(entry.intent),
                    str(entry.status), entry.replaces, now, now,
                ),
            )  # fmt: skip

    def update(self, tx_hash: str, **fields: Any) -> OutboxEntry:
        columns = {"status", "block", "error", "sends", "sent_at", "moved_at_block"}
        if not set(fields) <= columns:
            raise ValueError(f"cannot update {set(fields) - columns}")
        values = [str(v) if isinstance(v, TxStatus) else v for v in fields.values()]
        assignments = ", ".join(f"{k} = ?" for k in fields)
        with self._lock:
            self._db.execute(
                f"UPDATE txs SET {assignments}, updated = ? WHERE hash = ?",
                (*values, time.time(), tx_hash),
            )
        found = self.get(tx_hash)
        assert found is not None
        return found

    def get(self, tx_hash: str) -> OutboxEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM txs WHERE hash = ?", (tx_hash.lower(),)
            ).fetchone()
        return _row(row) if row else None

    def find(self, prefix: str) -> list[OutboxEntry]:
        """Entries whose hash starts with ``prefix`` (users paste short hashes)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM txs WHERE hash LIKE ? ORDER BY created", (prefix.lower() + "%",)
            ).fetchall()
        return [_row(r) for r in rows]

    def group(self, chain_id: int, sender: str, nonce: int) -> list[OutboxEntry]:
        """Every transaction we signed for this nonce (original, speed-ups, cancels)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM txs WHERE chain_id = ? AND sender = ? AND nonce = ? ORDER BY created",
                (chain_id, sender, nonce),
            ).fetchall()
        return [_row(r) for r in rows]

    def unfinished(self, chain_id: int | None = None) -> list[OutboxEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM txs WHERE status = 'pending' AND (? IS NULL OR chain_id = ?)"
                " ORDER BY nonce, created",
                (chain_id, chain_id),
            ).fetchall()
        return [_row(r) for r in rows]

    def next_nonce(self, chain_id: int, sender: str) -> int:
        """One past the highest nonce of our pending transactions (0 when none)."""
        with self._lock:
            row = self._db.execute(
                "SELECT MAX(nonce) FROM txs WHERE chain_id = ? AND sender = ? AND status = 'pending'",
                (chain_id, sender),
            ).fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def abandon_chain(self, chain_id: int, reason: str) -> int:
        """Mark every pending transaction of a chain that no longer exists as dropped.

        Used when the devnet is reset: its old transactions can never land, and counting them
        as pending would leave a nonce gap on the new chain. Rows (and their intents, with the
        CIDs of what the user wrote) are kept, so nothing is lost.
        """
        with self._lock:
            cursor = self._db.execute(
                "UPDATE txs SET status = 'dropped', error = ?, updated = ?"
                " WHERE chain_id = ? AND status = 'pending'",
                (reason, time.time(), chain_id),
            )
        return cursor.rowcount

    def list(self, limit: int = 200) -> list[OutboxEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM txs ORDER BY created DESC LIMIT ?", (limit,)
            ).fetchall()
        return [_row(r) for r in rows]
