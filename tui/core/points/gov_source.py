"""Points governance events into the index: the owner's points rules (``PointsRulesChanged``),
membership perks (``PerkSet``) and memberships bought with points (``MembershipBought``).

Communities emits them, so the Communities source's decoder hands these names to ``decode``
here; the table belongs to the points source (``tui.core.points.source``), which creates it and
rolls it back on a reorg with the other event tables. Each row keeps the log's arguments
(integers as decimal text) and a one-line description built from integers only, so nothing a
stranger wrote reaches a notification or the screen. A log whose values do not fit (a lying
node) is skipped, never raised.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tui.core.index.sources import NotificationKind, Row

if TYPE_CHECKING:
    from tui.core.chain.abi import DecodedEvent

MAX_INT = 2**63 - 1
NAMES = ("PointsRulesChanged", "PerkSet", "MembershipBought")
TABLE = "points_governance"

SCHEMA = """
CREATE TABLE IF NOT EXISTS points_governance (
    block_hash TEXT NOT NULL,
    log_index INTEGER NOT NULL,
    community INTEGER NOT NULL,
    name TEXT NOT NULL,
    account TEXT NOT NULL,
    perk INTEGER NOT NULL,
    args TEXT NOT NULL,
    text TEXT NOT NULL,
    block INTEGER NOT NULL,
    tx_hash TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    PRIMARY KEY (block_hash, log_index)
);
CREATE INDEX IF NOT EXISTS points_governance_c ON points_governance(community, block, log_index);
CREATE INDEX IF NOT EXISTS points_governance_name
    ON points_governance(community, name, block, log_index);
CREATE INDEX IF NOT EXISTS points_governance_account ON points_governance(account, name);
CREATE INDEX IF NOT EXISTS points_governance_block ON points_governance(block);
"""

INSERT = (
    "INSERT OR IGNORE INTO points_governance(block_hash, log_index, community, name, account,"
    " perk, args, text, block, tx_hash, timestamp) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
)

_LATEST_MEMBER = """(SELECT m.joined FROM community_members m
                 WHERE m.community = g.community AND m.account = :me
                 ORDER BY m.block DESC, m.log_index DESC LIMIT 1) = 1"""

NOTIFICATIONS = {
    "points_rules_changed": f"""SELECT 'points_rules_changed', g.account, g.block, g.log_index,
            g.timestamp, g.tx_hash, 0, 0, '0', g.text
        FROM points_governance g
        WHERE g.name IN ('PointsRulesChanged', 'PerkSet') AND g.account != :me
            AND g.block < :before
            AND ({_LATEST_MEMBER}
                 OR EXISTS (SELECT 1 FROM points_log l WHERE l.community = g.community
                            AND l.name = 'Claimed' AND l.account = :me))""",
    "points_membership": """SELECT 'points_membership', g.account, g.block, g.log_index,
            g.timestamp, g.tx_hash, 0, 0, '0', g.text
        FROM points_governance g
        WHERE g.name = 'MembershipBought' AND g.account = :me AND g.block < :before""",
}
"""Rules or perks changed by someone else in a community the account is a member of now or
has claimed points in; and the account's own membership bought or extended."""
KINDS = {
    "points_rules_changed": NotificationKind(
        "changed the points rules", "changed the points rules: {text}"
    ),
    "points_membership": NotificationKind(
        "bought or extended a membership with points", "membership: {text}"
    ),
}


def _points(amount: int) -> str:
    from tui.core.units import format_units

    return format_units(amount, 18, "points")


def votes_phrase(by_points: bool, unproven: int) -> str:
    if by_points:
        return f"votes weigh by earned points (without a proof: {unproven})"
    return "one member, one vote"


def gate_phrase(threshold: int) -> str:
    return f"admits from {_points(threshold)} earned" if threshold else "no admission by points"


def perk_phrase(perk: int, blocks: int) -> str:
    if blocks:
        return f"perk {perk} buys {blocks} blocks of membership per point"
    return f"perk {perk} buys no membership"


def describe(name: str, a: dict[str, Any]) -> str:
    """One line about a governance event, from its integers only."""
    c = f"community #{a['community']}"
    if name == "PointsRulesChanged":
        return (
            f"{c}: {votes_phrase(a['voteByPoints'], a['unprovenWeight'])}; "
            f"{gate_phrase(a['postThreshold'])}"
        )
    if name == "PerkSet":
        return f"{c}: {perk_phrase(a['perk'], a['blocksPerPoint'])}"
    return f"{c}: membership until block {a['untilBlock']} for {_points(a['amount'])}"


_FIELDS: dict[str, dict[str, type]] = {
    "PointsRulesChanged": {
        "community": int, "by": str, "voteByPoints": bool, "unprovenWeight": int,
        "postThreshold": int,
    },
    "PerkSet": {"community": int, "perk": int, "by": str, "blocksPerPoint": int},
    "MembershipBought": {
        "community": int, "account": str, "perk": int, "amount": int, "untilBlock": int,
    },
}  # fmt: skip


def _valid(name: str, a: dict[str, Any]) -> bool:
    for key, kind in _FIELDS[name].items():
        value = a.get(key)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            return False
        if kind is not int and not isinstance(value, kind):
            return False
    if a["community"] > MAX_INT or a.get("perk", 0) > MAX_INT:
        return False
    return a["community"] > 0


def decode(event: DecodedEvent, ts: int) -> list[Row]:
    """A governance log -> its ``points_governance`` row ([] for any other or a bad one)."""
    if event.name not in NAMES:
        return []
    a = dict(event.args)
    if not _valid(event.name, a):
        return []
    who = str(a.get("by") or a.get("account") or "")
    out = {k: str(v) if isinstance(v, int) and not isinstance(v, bool) else v
           for k, v in a.items()}  # fmt: skip
    row = (
        event.block_hash,
        event.log_index,
        a["community"],
        event.name,
        who,
        int(a.get("perk", 0)),
        json.dumps(out, sort_keys=True, separators=(",", ":")),
        describe(event.name, a),
        event.block_number,
        event.tx_hash,
        ts,
    )
    return [(TABLE, row)]
