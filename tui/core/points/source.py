"""Points events into the index: points enabled, roots proposed, accepted and vetoed, claims
and redemptions, one row per log, rolled back with the base events on a reorg.

The points screen and ``agora points log`` read roots and claims from here instead of asking
the node each time, and the notifications read points news from here: claims by the account,
and roots proposed or vetoed in the communities it belongs to. Each row keeps the log's
arguments (integers as decimal text, bytes as 0x hex) and a one-line description built from
integers only, so nothing a stranger wrote reaches a notification.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.index.sources import EventSource, NotificationKind, Row
from tui.core.points import KEY, gov_source

if TYPE_CHECKING:
    from tui.core.chain.abi import DecodedEvent

MAX_INT = 2**63 - 1
NAMES = ("PointsEnabled", "RootProposed", "RootAccepted", "RootVetoed", "Claimed", "Redeemed")

SCHEMA = """
CREATE TABLE IF NOT EXISTS points_log (
    block_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    community INTEGER NOT NULL,
    name TEXT NOT NULL,
    account TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    args TEXT NOT NULL,
    text TEXT NOT NULL,
    block INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
);
CREATE INDEX IF NOT EXISTS points_log_community ON points_log(community, block, log_index);
CREATE INDEX IF NOT EXISTS points_log_account ON points_log(account, name);
CREATE INDEX IF NOT EXISTS points_log_block ON points_log(block);
"""

NOTIFICATIONS = {
    "points_claimed": """SELECT 'points_claimed', l.account, l.block, l.log_index, l.timestamp,
            l.tx_hash, 0, 0, '0', l.text
        FROM points_log l
        WHERE l.name = 'Claimed' AND l.account = :me AND l.block < :before""",
    "points_root": """SELECT CASE l.name WHEN 'RootProposed' THEN 'points_proposed'
                ELSE 'points_vetoed' END,
            l.account, l.block, l.log_index, l.timestamp, l.tx_hash, 0, 0, '0', l.text
        FROM points_log l
        WHERE l.name IN ('RootProposed', 'RootVetoed') AND l.account != :me
            AND l.block < :before
            AND (SELECT m.joined FROM community_members m
                 WHERE m.community = l.community AND m.account = :me
                 ORDER BY m.block DESC, m.log_index DESC LIMIT 1) = 1""",
}
"""Notification queries in the index's shape (kind, actor, block, log_index, timestamp, tx_hash,
post_id, article_id, amount, text): the account's own claims, and roots proposed or vetoed by
someone else in a community it is a member of now."""
KINDS = {
    "points_claimed": NotificationKind("claimed community points", "claimed points: {text}"),
    "points_proposed": NotificationKind("proposed a points root", "proposed a points root: {text}"),
    "points_vetoed": NotificationKind("vetoed a points root", "vetoed a points root: {text}"),
    # computed from the node by the rule (tui.core.points.alerts), shown beside the indexed ones
    "points_earned": NotificationKind("earned community points", "points news: {text}"),
    "points_claimable": NotificationKind("have community points to claim", "points news: {text}"),
    "points_mismatch": NotificationKind(
        "✗ a pending points root does not match the rule", "points news: {text}"
    ),
}
"""How each points notification reads (the text is Agora's own line, from integers)."""

_BYTES = {"root"}
_INTS = {
    "community", "epoch", "cumulativeTotal", "activeBlock", "amount", "cumulative", "perk",
    "startBlock", "epochBlocks", "epochCap", "modShareBps",
}  # fmt: skip


def _points(amount: int) -> str:
    from tui.core.units import format_units

    return format_units(amount, 18, "points")


def describe(name: str, a: dict[str, Any]) -> str:
    """One line about a points event, from its integers only (never a name or CID)."""
    c = f"community #{a['community']}"
    if name == "PointsEnabled":
        return f"points enabled in {c} (epochs of {a['epochBlocks']} blocks)"
    if name == "RootProposed":
        return (
            f"epoch {a['epoch']}'s root proposed in {c}: {_points(a['cumulativeTotal'])} in "
            f"all, active from block {a['activeBlock']} unless vetoed; check it with "
            f"agora points verify {a['community']} {a['epoch']}"
        )
    if name == "RootAccepted":
        return f"epoch {a['epoch']}'s root accepted in {c}"
    if name == "RootVetoed":
        return f"epoch {a['epoch']}'s root vetoed in {c}"
    if name == "Claimed":
        return f"{_points(a['amount'])} claimed in {c} ({_points(a['cumulative'])} in all)"
    return f"{_points(a['amount'])} burned in {c} for perk {a['perk']}"


def _encode(args: dict[str, Any]) -> str:
    out = {
        k: "0x" + bytes(v).hex() if isinstance(v, bytes | bytearray) else
        str(v) if isinstance(v, int) else v
        for k, v in args.items()
    }  # fmt: skip
    return json.dumps(out, sort_keys=True, separators=(",", ":"))


def decode(event: DecodedEvent, ts: int) -> list[Row]:
    if event.name not in NAMES:
        return []
    a = event.args
    if not isinstance(a.get("community"), int) or a["community"] > MAX_INT:
        return []
    epoch = a.get("epoch", -1)
    if not isinstance(epoch, int) or epoch > MAX_INT:
        return []
    account = str(a.get("proposer") or a.get("by") or a.get("account") or "")
    if event.name == "PointsEnabled":
        account = str(a.get("by", ""))
    row = (
        event.block_hash,
        event.log_index,
        a["community"],
        event.name,
        account,
        epoch,
        _encode(a),
        describe(event.name, a),
        event.block_number,
        event.tx_hash,
        ts,
    )
    return [("points_log", row)]


SOURCE = EventSource(
    key=KEY,
    abi="Points",
    schema=SCHEMA + gov_source.SCHEMA,
    tables=("points_log", gov_source.TABLE),
    inserts={
        "points_log": "INSERT OR IGNORE INTO points_log(block_hash, log_index, community, name,"
        " account, epoch, args, text, block, tx_hash, timestamp)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        gov_source.TABLE: gov_source.INSERT,  # Communities' logs (tui.core.index.communities)
    },
    decode=decode,
    notifications={**NOTIFICATIONS, **gov_source.NOTIFICATIONS},
    kinds={**KINDS, **gov_source.KINDS},
)


# --- reading it back --------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexedEvent:
    """A points log read back from the index, shaped like a decoded log (name, args, place)."""

    name: str
    args: dict[str, Any]
    block_number: int
    log_index: int
    tx_hash: str = ""


def _decode_args(raw: str) -> dict[str, Any]:
    data = json.loads(raw)
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k in _BYTES:
            out[k] = bytes.fromhex(str(v).removeprefix("0x"))
        elif k in _INTS:
            out[k] = int(v)
        else:
            out[k] = v
    return out


def has_points(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'points_log'").fetchone()
    return found is not None


def indexed_events(
    conn: sqlite3.Connection, community: int, names: tuple[str, ...] = NAMES
) -> list[IndexedEvent]:
    """The community's points logs the index holds, in chain order."""
    if not has_points(conn):
        return []
    marks = ",".join("?" * len(names))
    rows = conn.execute(
        f"SELECT name, args, block, log_index, tx_hash FROM points_log"
        f" WHERE community = ? AND name IN ({marks}) ORDER BY block, log_index",
        (community, *names),
    ).fetchall()
    return [IndexedEvent(n, _decode_args(a), b, i, t) for n, a, b, i, t in rows]


def indexed_claimed(conn: sqlite3.Connection, community: int, account: str) -> int:
    """What ``account`` has claimed in ``community`` (its latest cumulative), from the index."""
    if not has_points(conn):
        return 0
    row = conn.execute(
        "SELECT args FROM points_log WHERE community = ? AND name = 'Claimed' AND account = ?"
        " ORDER BY block DESC, log_index DESC LIMIT 1",
        (community, account),
    ).fetchone()
    return int(_decode_args(row[0])["cumulative"]) if row else 0


def log_lines(events: list[IndexedEvent]) -> list[str]:
    """``agora points log``: one line per event, oldest first."""
    return [f"block {e.block_number}  {describe(e.name, e.args)}" for e in events]
