"""Rounds' event tables and log decoder: the index's ``EventSource`` for the Rounds contract.

Amounts are stored as decimal text (SQLite integers stop at 2**63, about 9.2 ETH in wei).
No triggers: a round's results are folded from its allocation logs (tui.core.rounds.results),
so a reorg rollback (``DELETE ... WHERE block > fork``) needs nothing else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from tui.core.index.sources import EventSource
from tui.core.rounds.notices import KINDS, NOTIFICATIONS

KEY = "rounds"

SCHEMA = """
CREATE TABLE IF NOT EXISTS round_opened (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    round_id INTEGER NOT NULL, funder TEXT NOT NULL, token TEXT NOT NULL, pot TEXT NOT NULL,
    quorum INTEGER NOT NULL, evaluator_count INTEGER NOT NULL,
    allocate_end INTEGER NOT NULL, claim_end INTEGER NOT NULL,
    post_count INTEGER NOT NULL, article_count INTEGER NOT NULL, scope_cid TEXT NOT NULL,
    tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS round_opened_id ON round_opened(round_id);
CREATE INDEX IF NOT EXISTS round_opened_block ON round_opened(block);

CREATE TABLE IF NOT EXISTS round_evaluators (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    round_id INTEGER NOT NULL, evaluator TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS round_evaluators_round ON round_evaluators(round_id, position);
CREATE INDEX IF NOT EXISTS round_evaluators_who ON round_evaluators(evaluator);
CREATE INDEX IF NOT EXISTS round_evaluators_block ON round_evaluators(block);

CREATE TABLE IF NOT EXISTS round_allocations (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    round_id INTEGER NOT NULL, evaluator TEXT NOT NULL, kind INTEGER NOT NULL,
    target INTEGER NOT NULL, amount TEXT NOT NULL, reason_cid TEXT NOT NULL,
    tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS round_allocations_round ON round_allocations(round_id, block, log_index);
CREATE INDEX IF NOT EXISTS round_allocations_target ON round_allocations(kind, target);
CREATE INDEX IF NOT EXISTS round_allocations_block ON round_allocations(block);

CREATE TABLE IF NOT EXISTS round_claims (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    round_id INTEGER NOT NULL, payee TEXT NOT NULL, kind INTEGER NOT NULL, target INTEGER NOT NULL,
    amount TEXT NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS round_claims_round ON round_claims(round_id);
CREATE INDEX IF NOT EXISTS round_claims_block ON round_claims(block);

CREATE TABLE IF NOT EXISTS round_reclaims (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    round_id INTEGER NOT NULL, funder TEXT NOT NULL, amount TEXT NOT NULL,
    tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS round_reclaims_round ON round_reclaims(round_id);
CREATE INDEX IF NOT EXISTS round_reclaims_block ON round_reclaims(block);
"""

TABLES = (
    "round_reclaims",
    "round_claims",
    "round_allocations",
    "round_evaluators",
    "round_opened",
)
"""Children first, for rollbacks."""

INSERTS = {  # parents first
    "round_opened": "INSERT OR IGNORE INTO round_opened(block_hash, log_index, block, round_id,"
    " funder, token, pot, quorum, evaluator_count, allocate_end, claim_end, post_count,"
    " article_count, scope_cid, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "round_evaluators": "INSERT OR IGNORE INTO round_evaluators(block_hash, log_index, block,"
    " round_id, evaluator, position) VALUES (?,?,?,?,?,?)",
    "round_allocations": "INSERT OR IGNORE INTO round_allocations(block_hash, log_index, block,"
    " round_id, evaluator, kind, target, amount, reason_cid, tx_hash, timestamp)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "round_claims": "INSERT OR IGNORE INTO round_claims(block_hash, log_index, block, round_id,"
    " payee, kind, target, amount, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?,?)",
    "round_reclaims": "INSERT OR IGNORE INTO round_reclaims(block_hash, log_index, block,"
    " round_id, funder, amount, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?)",
}

MAX_ID = 2**63 - 1
"""Ids beyond SQLite's integers cannot be real rounds or posts: such logs are skipped."""


def _small(*values: int) -> bool:
    return all(0 <= v <= MAX_ID for v in values)


def decode(event: Any, timestamp: int) -> list[tuple[str, tuple[Any, ...]]]:
    """Rows for one decoded Rounds log (``tui.core.chain.abi.DecodedEvent``); [] if not ours."""
    a = event.args
    head = (event.block_hash, event.log_index, event.block_number)
    tail = (event.tx_hash, timestamp)
    name = event.name
    if name == "RoundOpened":
        ints = (a["roundId"], a["quorum"], a["evaluatorCount"], a["allocateEnd"], a["claimEnd"])
        if not _small(*ints, a["postCount"], a["articleCount"]):
            return []
        row: tuple[Any, ...] = (
            *head, a["roundId"], a["funder"], a["token"], str(a["pot"]), a["quorum"],
            a["evaluatorCount"], a["allocateEnd"], a["claimEnd"], a["postCount"],
            a["articleCount"], str(a["scopeCid"])[:128], *tail,
        )  # fmt: skip
        return [("round_opened", row)]
    if name == "EvaluatorAppointed":
        if not _small(a["roundId"], a["position"]):
            return []
        return [("round_evaluators", (*head, a["roundId"], a["evaluator"], a["position"]))]
    if name == "Allocated":
        if not _small(a["roundId"], a["id"]):
            return []
        row = (
            *head, a["roundId"], a["evaluator"], a["kind"], a["id"], str(a["amount"]),
            str(a["reasonCid"])[:128], *tail,
        )  # fmt: skip
        return [("round_allocations", row)]
    if name == "Claimed":
        if not _small(a["roundId"], a["id"]):
            return []
        row = (*head, a["roundId"], a["payee"], a["kind"], a["id"], str(a["amount"]), *tail)
        return [("round_claims", row)]
    if name == "Reclaimed":
        if not _small(a["roundId"]):
            return []
        return [("round_reclaims", (*head, a["roundId"], a["funder"], str(a["amount"]), *tail))]
    return []


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def insert_events(conn: sqlite3.Connection, events: Iterable[tuple[Any, int]]) -> int:
    """Decode and insert ``(event, timestamp)`` pairs in one transaction; return rows added.

    The indexer does the same through the EventSource hook; tools and tests use this directly.
    """
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in INSERTS}
    for event, timestamp in events:
        for table, row in decode(event, timestamp):
            rows[table].append(row)
    with conn:
        for table in reversed(TABLES):
            if rows[table]:
                conn.executemany(INSERTS[table], rows[table])
    return sum(len(r) for r in rows.values())


SOURCE = EventSource(
    key=KEY, abi="Rounds", schema=SCHEMA, tables=TABLES, inserts=INSERTS, decode=decode,
    notifications=NOTIFICATIONS, kinds=KINDS,
)  # fmt: skip
"""The index's source for the Rounds contract (listed in tui.core.index.sources.SOURCES)."""
