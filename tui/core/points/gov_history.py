"""A community's points governance read back from the index: who changed what and when (old →
new, folded in chain order), and the current settings as the indexed events leave them.

``agora points history`` and the points screen's "Governance log" read this, so the history
is there offline; the settings read here stand in for the contract's when the index is current
(or, marked as possibly stale, when the node does not answer). Veto votes on a pending root
(``VETO_ROOT`` proposals, and their execution) come from the communities tables.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from tui.core.communities.fold import ProposalKind
from tui.core.points.gov_source import gate_phrase, votes_phrase
from tui.core.points.governance import MEMBERSHIP_PERK, Rules
from tui.core.points.intents import points

_DEFAULT_RULES = (False, 0, 0)
"""(voteByPoints, unprovenWeight, postThreshold) before the owner sets any: the contract's."""


@dataclass(frozen=True)
class Change:
    """One governance change: where, who, and what it changed."""

    block: int
    log_index: int
    timestamp: int
    tx_hash: str
    kind: str
    """"rules", "perk", "membership", "veto_vote" or "veto_executed"."""
    by: str
    """Who acted (the buyer, for a membership)."""
    text: str
    """One line from integers and Agora's own words: old → new where the event gives it."""
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"block": self.block, "log_index": self.log_index, "timestamp": self.timestamp,
                "tx_hash": self.tx_hash, "kind": self.kind, "by": self.by, "text": self.text,
                "old": self.old, "new": self.new}  # fmt: skip


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def community_known(conn: sqlite3.Connection, community: int) -> bool:
    """The index holds the community's creation."""
    if "communities" not in _tables(conn):
        return False
    row = conn.execute("SELECT 1 FROM communities WHERE id = ? LIMIT 1", (community,)).fetchone()
    return row is not None


def _rules_text(old: tuple[bool, int, int], new: tuple[bool, int, int]) -> str:
    parts = []
    if old[:2] != new[:2]:
        parts.append(f"{votes_phrase(*old[:2])} → {votes_phrase(*new[:2])}")
    if old[2] != new[2]:
        parts.append(f"{gate_phrase(old[2])} → {gate_phrase(new[2])}")
    if not parts:
        return f"rules set again, unchanged: {votes_phrase(*new[:2])}; {gate_phrase(new[2])}"
    return "rules: " + "; ".join(parts)


def _governance_rows(conn: sqlite3.Connection, community: int) -> list[tuple[Any, ...]]:
    if "points_governance" not in _tables(conn):
        return []
    return conn.execute(
        "SELECT block, log_index, timestamp, tx_hash, name, account, args FROM points_governance"
        " WHERE community = ? ORDER BY block, log_index",
        (community,),
    ).fetchall()


def _veto_rows(conn: sqlite3.Connection, community: int) -> list[Change]:
    names = _tables(conn)
    if "community_proposals" not in names:
        return []
    out = []
    for block, li, ts, pid, who, root in conn.execute(
        "SELECT block, log_index, timestamp, proposal, proposer, target FROM community_proposals"
        " WHERE community = ? AND kind = ?",
        (community, int(ProposalKind.VETO_ROOT)),
    ):
        text = f"proposed vote #{pid} to veto the pending root {str(root)[:14]}…"
        out.append(Change(block, li, ts, "", "veto_vote", who, text, {}, {"proposal": pid}))
    if "community_executed" in names:
        for block, li, pid, who, ts in conn.execute(
            "SELECT e.block, e.log_index, e.proposal, e.by,"
            " COALESCE((SELECT b.timestamp FROM blocks b WHERE b.number = e.block), 0)"
            " FROM community_executed e JOIN community_proposals p ON p.proposal = e.proposal"
            " WHERE e.community = ? AND p.kind = ?",
            (community, int(ProposalKind.VETO_ROOT)),
        ):
            text = f"executed veto vote #{pid} (the pending root is vetoed if the vote passed)"
            out.append(Change(block, li, ts, "", "veto_executed", who, text, {}, {"proposal": pid}))
    return out


def history(conn: sqlite3.Connection, community: int) -> list[Change]:
    """Every indexed governance change of ``community``, oldest first."""
    rules = _DEFAULT_RULES
    perks: dict[int, int] = {}
    until: dict[str, int] = {}
    out: list[Change] = []
    for block, li, ts, tx, name, who, raw in _governance_rows(conn, community):
        a = json.loads(raw)
        if name == "PointsRulesChanged":
            new = (bool(a["voteByPoints"]), int(a["unprovenWeight"]), int(a["postThreshold"]))
            out.append(Change(block, li, ts, tx, "rules", who, _rules_text(rules, new),
                              _rules_json(rules), _rules_json(new)))  # fmt: skip
            rules = new
        elif name == "PerkSet":
            perk, blocks = int(a["perk"]), int(a["blocksPerPoint"])
            old = perks.get(perk, 0)
            text = f"perk {perk}: {old} → {blocks} blocks of membership per point"
            out.append(Change(block, li, ts, tx, "perk", who, text,
                              {"perk": perk, "blocks_per_point": old},
                              {"perk": perk, "blocks_per_point": blocks}))  # fmt: skip
            perks[perk] = blocks
        else:
            end, amount = int(a["untilBlock"]), int(a["amount"])
            old_end = until.get(who.lower(), 0)
            verb = "extended" if old_end > block else "bought"  # an expired one is bought anew
            text = (f"membership {verb} with {points(amount)}: until block "
                    f"{old_end or 'none'} → {end}")  # fmt: skip
            out.append(Change(block, li, ts, tx, "membership", who, text,
                              {"until_block": old_end},
                              {"until_block": end, "amount": str(amount),
                               "perk": int(a["perk"])}))  # fmt: skip
            until[who.lower()] = end
    out += _veto_rows(conn, community)
    out.sort(key=lambda c: (c.block, c.log_index))
    return out


def _rules_json(r: tuple[bool, int, int]) -> dict[str, Any]:
    return {"vote_by_points": r[0], "unproven_weight": r[1], "threshold": str(r[2])}


def indexed_block(conn: sqlite3.Connection) -> int:
    """The last block the index holds in full (-1 before any)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'cursor_block'").fetchone()
    try:
        return int(row[0]) if row else -1
    except ValueError:
        return -1


def indexed_rules(conn: sqlite3.Connection, community: int, account: str = "") -> Rules | None:
    """The community's points settings as the indexed events leave them (None when the index
    has not seen points enabled there). ``head`` is the indexed block; ``timed`` is true when
    the account's latest membership began with a purchase in a restricted community."""
    names = _tables(conn)
    if "points_log" not in names:
        return None
    enabled = conn.execute(
        "SELECT 1 FROM points_log WHERE community = ? AND name = 'PointsEnabled' LIMIT 1",
        (community,),
    ).fetchone()
    if enabled is None:
        return None
    rules = _DEFAULT_RULES
    found = _latest(conn, community, "PointsRulesChanged")
    if found is not None:
        rules = (bool(found["voteByPoints"]), int(found["unprovenWeight"]),
                 int(found["postThreshold"]))  # fmt: skip
    found = _latest(conn, community, "PerkSet", " AND perk = ?", (MEMBERSHIP_PERK,))
    blocks = int(found["blocksPerPoint"]) if found is not None else 0
    found = None
    if account:
        who = " AND lower(account) = lower(?)"
        found = _latest(conn, community, "MembershipBought", who, (account,))
    member_until = int(found["untilBlock"]) if found is not None else 0
    restricted = _restricted(conn, community)
    timed = False
    if account and member_until:
        timed = restricted and _joined_by_purchase(conn, community, account)
    return Rules(
        community=community, enabled=True, vote_by_points=rules[0], unproven=rules[1],
        threshold=rules[2], membership_blocks=blocks, member_until=member_until, timed=timed,
        restricted=restricted, head=indexed_block(conn),
    )  # fmt: skip


def _latest(
    conn: sqlite3.Connection, community: int, name: str, where: str = "", args: tuple[Any, ...] = ()
) -> dict[str, Any] | None:
    """The arguments of the community's latest ``name`` log (matching ``where``), or None."""
    row = conn.execute(
        "SELECT args FROM points_governance WHERE community = ? AND name = ?" + where
        + " ORDER BY block DESC, log_index DESC LIMIT 1",
        (community, name, *args),
    ).fetchone()  # fmt: skip
    return dict(json.loads(row[0])) if row else None


def _restricted(conn: sqlite3.Connection, community: int) -> bool:
    row = conn.execute(
        "SELECT value FROM community_changes WHERE community = ? AND kind = 'restricted'"
        " ORDER BY block DESC, log_index DESC LIMIT 1",
        (community,),
    ).fetchone()
    if row is not None:
        return str(row[0]) == "1"
    row = conn.execute(
        "SELECT restricted FROM communities WHERE id = ? LIMIT 1", (community,)
    ).fetchone()
    return bool(row and row[0])


def _joined_by_purchase(conn: sqlite3.Connection, community: int, account: str) -> bool:
    """The account's latest join came with a membership purchase (same block, later log) and
    it had no invite: its membership then rests on time alone, as the contract's
    ``timedMember`` says (a moderator buying in is not told apart here)."""
    row = conn.execute(
        "SELECT block_hash, log_index FROM community_members WHERE community = ? AND account = ?"
        " AND joined = 1 ORDER BY block DESC, log_index DESC LIMIT 1",
        (community, account),
    ).fetchone()
    if row is None:
        return False
    bought = conn.execute(
        "SELECT 1 FROM points_governance WHERE block_hash = ? AND log_index > ?"
        " AND community = ? AND name = 'MembershipBought' AND account = ?",
        (row[0], row[1], community, account),
    ).fetchone()
    invited = conn.execute(
        "SELECT 1 FROM community_changes WHERE community = ? AND kind = 'invited' AND account = ?",
        (community, account),
    ).fetchone()
    return bool(bought) and not invited
