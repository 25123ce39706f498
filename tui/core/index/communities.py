"""Communities in the index: event tables, the log decoder, and the read models (views).

The tables hold events only, keyed ``(block_hash, log_index)`` with a ``block`` column, so a
reorg rollback (``DELETE … WHERE block > fork``) leaves them exactly as a clean sync would.
Current state (members, moderators, owner, rules, hidden posts, bans) is folded from them at
read time (``tui.core.index.community_views``) by the pure rules in ``tui.core.communities.fold``:
incremental and from-scratch syncs therefore agree by construction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.core.chain.address import checksum_hex40
from tui.core.communities.fold import (
    Action,
    ProposalKind,
)

# The SQL the timelines read community posts with lives apart (Home opens before the first
# frame without this event source); importable from here as before.
from tui.core.index.community_home import HOME_WHERE as HOME_WHERE
from tui.core.index.community_home import JOINED as JOINED
from tui.core.index.community_home import has_posts as has_posts
from tui.core.index.community_home import home_post_ids as home_post_ids
from tui.core.index.sources import EventSource
from tui.core.points import gov_source as points_governance

if TYPE_CHECKING:
    from tui.core.chain.abi import DecodedEvent

KEY = "communities"
"""The deployment key whose logs this part reads."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS communities (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    id INTEGER NOT NULL, owner TEXT NOT NULL, parent INTEGER NOT NULL, fork_block INTEGER NOT NULL,
    meta_cid TEXT NOT NULL, rules_cid TEXT NOT NULL, restricted INTEGER NOT NULL,
    governance INTEGER NOT NULL, tx_hash TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS communities_id ON communities(id);
CREATE INDEX IF NOT EXISTS communities_block ON communities(block);

CREATE TABLE IF NOT EXISTS community_posts (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    community INTEGER NOT NULL, post_id INTEGER NOT NULL, author TEXT NOT NULL,
    parent INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_posts_feed ON community_posts(community, post_id);
CREATE INDEX IF NOT EXISTS community_posts_post ON community_posts(post_id);
CREATE INDEX IF NOT EXISTS community_posts_block ON community_posts(block);

CREATE TABLE IF NOT EXISTS community_moderation (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    community INTEGER NOT NULL, target TEXT NOT NULL, moderator TEXT NOT NULL,
    action INTEGER NOT NULL, reason_cid TEXT NOT NULL, tx_hash TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_moderation_c ON community_moderation(community, block, log_index);
CREATE INDEX IF NOT EXISTS community_moderation_block ON community_moderation(block);
CREATE INDEX IF NOT EXISTS community_moderation_target ON community_moderation(community, target);
CREATE INDEX IF NOT EXISTS community_moderation_action ON community_moderation(community, action);

CREATE TABLE IF NOT EXISTS community_appeals (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    community INTEGER NOT NULL, target TEXT NOT NULL, by TEXT NOT NULL, cid TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_appeals_c ON community_appeals(community, target);
CREATE INDEX IF NOT EXISTS community_appeals_block ON community_appeals(block);

-- Owner, moderator, rules, meta, restriction and invite changes, in one table by kind.
CREATE TABLE IF NOT EXISTS community_changes (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    community INTEGER NOT NULL, kind TEXT NOT NULL, account TEXT NOT NULL, by TEXT NOT NULL,
    value TEXT NOT NULL, timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_changes_c ON community_changes(community, block, log_index);
CREATE INDEX IF NOT EXISTS community_changes_block ON community_changes(block);

CREATE TABLE IF NOT EXISTS community_members (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    community INTEGER NOT NULL, account TEXT NOT NULL, joined INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_members_c ON community_members(community, block, log_index);
CREATE INDEX IF NOT EXISTS community_members_account ON community_members(account);
CREATE INDEX IF NOT EXISTS community_members_block ON community_members(block);

CREATE TABLE IF NOT EXISTS community_proposals (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    proposal INTEGER NOT NULL, community INTEGER NOT NULL, proposer TEXT NOT NULL,
    kind INTEGER NOT NULL, target TEXT NOT NULL, cid TEXT NOT NULL, end_block INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_proposals_c ON community_proposals(community, proposal);
CREATE INDEX IF NOT EXISTS community_proposals_block ON community_proposals(block);

CREATE TABLE IF NOT EXISTS community_votes (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    proposal INTEGER NOT NULL, voter TEXT NOT NULL, support INTEGER NOT NULL, weight TEXT NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_votes_p ON community_votes(proposal);
CREATE INDEX IF NOT EXISTS community_votes_block ON community_votes(block);

CREATE TABLE IF NOT EXISTS community_executed (
    block_hash TEXT NOT NULL, log_index INTEGER NOT NULL, block INTEGER NOT NULL,
    proposal INTEGER NOT NULL, community INTEGER NOT NULL, by TEXT NOT NULL,
    PRIMARY KEY (block_hash, log_index)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS community_executed_block ON community_executed(block);
"""

TABLES = (
    "community_executed",
    "community_votes",
    "community_proposals",
    "community_members",
    "community_changes",
    "community_appeals",
    "community_moderation",
    "community_posts",
    "communities",
)
"""Event tables, children first (a rollback deletes in this order)."""


def _insert(table: str, columns: str) -> str:
    marks = ",".join("?" * len(columns.split(",")))
    return f"INSERT OR IGNORE INTO {table}({columns}) VALUES ({marks})"


_HEAD = "block_hash, log_index, block"
INSERTS = {
    "communities": _insert(
        "communities",
        f"{_HEAD}, id, owner, parent, fork_block, meta_cid, rules_cid, restricted, governance,"
        " tx_hash, timestamp",
    ),
    "community_posts": _insert("community_posts", f"{_HEAD}, community, post_id, author, parent"),
    "community_moderation": _insert(
        "community_moderation",
        f"{_HEAD}, community, target, moderator, action, reason_cid, tx_hash, timestamp",
    ),
    "community_appeals": _insert(
        "community_appeals", f"{_HEAD}, community, target, by, cid, timestamp"
    ),
    "community_changes": _insert(
        "community_changes", f"{_HEAD}, community, kind, account, by, value, timestamp"
    ),
    "community_members": _insert("community_members", f"{_HEAD}, community, account, joined"),
    "community_proposals": _insert(
        "community_proposals",
        f"{_HEAD}, proposal, community, proposer, kind, target, cid, end_block, timestamp",
    ),
    "community_votes": _insert("community_votes", f"{_HEAD}, proposal, voter, support, weight"),
    "community_executed": _insert("community_executed", f"{_HEAD}, proposal, community, by"),
}

MAX_ID = 2**63 - 1
"""SQLite integers stop here: larger ids (only a hostile log carries them) are skipped."""


def as_address(value: int) -> str | None:
    """A ``uint256`` target read as an address, or None when it is not one."""
    if not 0 < value < 2**160:
        return None
    return checksum_hex40(f"{value:040x}")


def _target(action: int, value: int) -> str:
    if action in (Action.BAN, Action.UNBAN):
        return as_address(value) or str(value)
    return str(value)


def decode(event: DecodedEvent, timestamp: int) -> list[tuple[str, tuple[Any, ...]]]:
    """Rows for one decoded Communities log; ``("content", (cid, kind))`` queues a document."""
    a = event.args
    head = (event.block_hash, event.log_index, event.block_number)
    name = event.name
    if name == "CommunityCreated":
        if a["id"] > MAX_ID or a["parent"] > MAX_ID:
            return []
        return [
            (
                "communities",
                (
                    *head,
                    a["id"],
                    a["owner"],
                    a["parent"],
                    min(a["forkBlock"], MAX_ID),
                    a["metaCid"],
                    a["rulesCid"],
                    int(bool(a["restricted"])),
                    int(a["governance"]),
                    event.tx_hash,
                    timestamp,
                ),
            ),
            ("content", (a["metaCid"], "community")),
            ("content", (a["rulesCid"], "rules")),
        ]
    if name == "CommunityPost":
        if max(a["community"], a["id"], a["parent"]) > MAX_ID:
            return []
        return [("community_posts", (*head, a["community"], a["id"], a["author"], a["parent"]))]
    if name == "Moderated":
        if a["community"] > MAX_ID:
            return []
        action = int(a["action"])
        rows: list[tuple[str, tuple[Any, ...]]] = [
            (
                "community_moderation",
                (
                    *head,
                    a["community"],
                    _target(action, a["target"]),
                    a["moderator"],
                    action,
                    a["reasonCid"],
                    event.tx_hash,
                    timestamp,
                ),
            )
        ]
        if a["reasonCid"]:
            rows.append(("content", (a["reasonCid"], "moderation")))
        return rows
    if name == "Appealed":
        if a["community"] > MAX_ID:
            return []
        target = as_address(a["target"]) if a["target"] >= 2**64 else None
        return [
            (
                "community_appeals",
                (*head, a["community"], target or str(a["target"]), a["by"], a["cid"], timestamp),
            ),
            ("content", (a["cid"], "note")),
        ]
    if name == "Joined" or name == "Left":
        if a["community"] > MAX_ID:
            return []
        joined = int(name == "Joined")
        return [("community_members", (*head, a["community"], a["account"], joined))]
    change = _change(name, a)
    if change is not None:
        if a["community"] > MAX_ID:
            return []
        kind, account, by, value = change
        rows = [("community_changes", (*head, a["community"], kind, account, by, value, timestamp))]
        if kind in ("rules", "meta"):
            rows.append(("content", (value, "rules" if kind == "rules" else "community")))
        return rows
    if name == "Proposed":
        if a["proposal"] > MAX_ID or a["community"] > MAX_ID:
            return []
        proposal_kind = int(a["kind"])
        rows = [
            (
                "community_proposals",
                (
                    *head,
                    a["proposal"],
                    a["community"],
                    a["proposer"],
                    proposal_kind,
                    _proposal_target(proposal_kind, a["target"]),
                    a["cid"],
                    min(a["endBlock"], MAX_ID),
                    timestamp,
                ),
            )
        ]
        if a["cid"]:
            rows.append(
                (
                    "content",
                    (a["cid"], "rules" if proposal_kind == ProposalKind.SET_RULES else "note"),
                )
            )
        return rows
    if name == "Voted":
        if a["proposal"] > MAX_ID:
            return []
        row = (*head, a["proposal"], a["voter"], int(bool(a["support"])), str(a["weight"]))
        return [("community_votes", row)]
    if name == "Executed":
        if a["proposal"] > MAX_ID:
            return []
        return [("community_executed", (*head, a["proposal"], a["community"], a["by"]))]
    if name in points_governance.NAMES:  # its table is the points source's
        return points_governance.decode(event, timestamp)
    return []


def _proposal_target(kind: int, value: int) -> str:
    if kind in (ProposalKind.ADD_MOD, ProposalKind.REMOVE_MOD, ProposalKind.SET_OWNER):
        return as_address(value) or str(value)
    if kind == ProposalKind.VETO_ROOT:  # the pending points root, as the contract names it
        return "0x" + f"{value:064x}"[-64:]
    return str(value)


def _change(name: str, a: dict[str, Any]) -> tuple[str, str, str, str] | None:
    if name == "ModeratorChanged":
        return ("moderator+" if a["added"] else "moderator-", a["account"], a["by"], "")
    if name == "OwnerChanged":
        return ("owner", a["owner"], a["by"], "")
    if name == "RulesChanged":
        return ("rules", "", a["by"], a["rulesCid"])
    if name == "MetaChanged":
        return ("meta", "", a["by"], a["metaCid"])
    if name == "RestrictedChanged":
        return ("restricted", "", a["by"], "1" if a["restricted"] else "0")
    if name == "Invited":
        return ("invited", a["account"], a["by"], "")
    return None


SOURCE = EventSource(KEY, "Communities", SCHEMA, TABLES, INSERTS, decode)
"""How the indexer reads the Communities contract (listed in ``tui.core.index.sources``)."""


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables (idempotent): for tests and tools that open an index by hand."""
    conn.executescript(SCHEMA)


def store(conn: sqlite3.Connection, rows: Iterable[tuple[str, tuple[Any, ...]]]) -> None:
    """Insert decoded rows (tests and tools; the indexer batches through ``INSERTS``)."""
    for table, row in rows:
        if table == "content":
            conn.execute("INSERT OR IGNORE INTO content(cid, kind) VALUES (?, ?)", row)
        else:
            conn.execute(INSERTS[table], row)


def rollback(conn: sqlite3.Connection, fork: int) -> None:
    """Drop every event after block ``fork`` (what the indexer does on a reorg)."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table} WHERE block > ?", (fork,))
