"""Communities in the index: event tables, the log decoder, and the read models (views).

The tables hold events only, keyed ``(block_hash, log_index)`` with a ``block`` column, so a
reorg rollback (``DELETE … WHERE block > fork``) leaves them exactly as a clean sync would.
Current state (members, moderators, owner, rules, hidden posts, bans) is folded from them at
read time by the pure rules in ``tui.core.communities.fold``: incremental and from-scratch
syncs therefore agree by construction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.core.chain.address import checksum_hex40
from tui.core.communities.fold import (
    Action,
    Governance,
    Lineage,
    ModerationEntry,
    ModerationState,
    Pos,
    ProposalKind,
    counts,
    fold_moderation,
    history,
)
from tui.core.errors import NotFoundError
from tui.core.index.sources import EventSource
from tui.core.models import ContentStatus, PostView
from tui.core.text import clean_line

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
    return []


def _proposal_target(kind: int, value: int) -> str:
    if kind in (ProposalKind.ADD_MOD, ProposalKind.REMOVE_MOD, ProposalKind.SET_OWNER):
        return as_address(value) or str(value)
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


JOINED = """joined(c) AS (SELECT m.community FROM community_members m
    WHERE m.account = :me AND m.joined = 1 AND NOT EXISTS (
        SELECT 1 FROM community_members n WHERE n.community = m.community
        AND n.account = m.account
        AND (n.block > m.block OR (n.block = m.block AND n.log_index > m.log_index))))"""
"""The communities ``:me`` is a member of now (the latest Joined/Left of each wins)."""
HOME_WHERE = (
    "p.id IN (SELECT post_id FROM community_posts WHERE community IN (SELECT c FROM joined))"
)
"""Home's condition for the posts of the communities the user joined."""


def home_post_ids(
    conn: sqlite3.Connection, me: str, compare: str, bound: int, limit: int, no_replies: bool
) -> set[int]:
    """Ids of a home page's worth of posts from the communities ``me`` joined (each community's
    posts in id order from its index, like home's per-person ranges)."""
    order = "DESC" if compare == "<" else "ASC"
    replies = " AND cp.parent = 0" if no_replies else ""
    ids: set[int] = set()
    for (community,) in conn.execute(f"WITH {JOINED} SELECT c FROM joined", {"me": me}).fetchall():
        ids.update(
            row[0]
            for row in conn.execute(
                f"SELECT cp.post_id FROM community_posts cp WHERE cp.community = ? "
                f"AND cp.post_id {compare} ?{replies} ORDER BY cp.post_id {order} LIMIT ?",
                (community, bound, limit),
            )
        )
    return ids


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


# --- read models -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReasonView:
    """A moderation reason document as shown: rule numbers and note, and whether it checks out."""

    cid: str
    status: ContentStatus
    rules: tuple[int, ...] = ()
    note: str = ""
    missing: tuple[int, ...] = ()
    """Cited numbers the community's rules do not have."""

    @property
    def verified(self) -> bool:
        return self.status is ContentStatus.VERIFIED and not self.missing

    def label(self) -> str:
        if not self.cid:
            return "no reason"
        if self.status is not ContentStatus.VERIFIED:
            return f"reason {self.status}"
        if self.missing:
            return "rule missing: " + ", ".join(str(n) for n in self.missing)
        return "reason ✓ verified"

    def rules_label(self) -> str:
        if not self.rules:
            return "no rule"
        word = "rule" if len(self.rules) == 1 else "rules"
        return f"{word} " + ", ".join(str(n) for n in self.rules)

    def to_json(self) -> dict[str, Any]:
        return {
            "cid": self.cid,
            "status": str(self.status),
            "rules": list(self.rules),
            "note": self.note,
            "missing": list(self.missing),
            "verified": self.verified,
        }


@dataclass(frozen=True)
class CommunitySummary:
    id: int
    name: str
    goal: str
    owner: str
    parent: int
    depth: int
    fork_block: int
    restricted: bool
    governance: Governance
    members: int
    posts: int
    last_block: int
    meta_status: ContentStatus
    description: str = ""
    joined: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "goal": self.goal,
            "description": self.description,
            "owner": self.owner,
            "parent": self.parent,
            "depth": self.depth,
            "fork_block": self.fork_block,
            "restricted": self.restricted,
            "governance": self.governance.name.lower(),
            "members": self.members,
            "posts": self.posts,
            "last_block": self.last_block,
            "meta_status": str(self.meta_status),
            "joined": self.joined,
        }


@dataclass(frozen=True)
class CommunityDetail:
    summary: CommunitySummary
    moderators: tuple[str, ...]
    rules: tuple[tuple[int, str], ...]
    rules_cid: str
    rules_status: ContentStatus
    lineage: tuple[int, ...]
    """Ancestors, parent first."""
    forks: tuple[int, ...]
    banned: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            **self.summary.to_json(),
            "moderators": list(self.moderators),
            "rules": [{"n": n, "text": t} for n, t in self.rules],
            "rules_cid": self.rules_cid,
            "rules_status": str(self.rules_status),
            "lineage": list(self.lineage),
            "forks": list(self.forks),
            "banned": list(self.banned),
        }


@dataclass(frozen=True)
class Collapse:
    """Why a community post is collapsed: a HIDE of it, or a BAN of its author."""

    action: Action
    moderator: str
    reason: ReasonView
    inherited_from: int = 0
    """The ancestor whose log this comes from (0: the community's own)."""

    def label(self) -> str:
        what = "hidden" if self.action is Action.HIDE else "author banned"
        source = f" in #{self.inherited_from}" if self.inherited_from else ""
        return (
            f"{what} by {self.moderator[:6]}…{self.moderator[-4:]}{source} · "
            f"{self.reason.rules_label()} · {self.reason.label()}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action.label,
            "moderator": self.moderator,
            "reason": self.reason.to_json(),
            "inherited_from": self.inherited_from,
            "label": self.label(),
        }


@dataclass(frozen=True)
class CommunityPostView:
    post: PostView
    community: int
    """Where it was posted (an ancestor for an inherited post)."""
    collapse: Collapse | None = None

    def to_json(self) -> dict[str, Any]:
        data = self.post.to_json()
        data["community"] = self.community
        data["hidden"] = self.collapse is not None
        data["collapse"] = self.collapse.to_json() if self.collapse else None
        return data


@dataclass(frozen=True)
class LogEntryView:
    community: int
    target: str
    moderator: str
    action: Action
    reason: ReasonView
    block: int
    timestamp: int
    tx_hash: str
    inherited_from: int = 0
    appeals: tuple[tuple[str, str], ...] = ()
    """(appellant, appeal text) for this target."""

    def to_json(self) -> dict[str, Any]:
        return {
            "community": self.community,
            "target": self.target,
            "moderator": self.moderator,
            "action": self.action.label,
            "reason": self.reason.to_json(),
            "block": self.block,
            "timestamp": self.timestamp,
            "tx_hash": self.tx_hash,
            "inherited_from": self.inherited_from,
            "appeals": [{"by": by, "text": text} for by, text in self.appeals],
        }


@dataclass(frozen=True)
class ProposalView:
    id: int
    community: int
    proposer: str
    kind: ProposalKind | None
    target: str
    cid: str
    note: str
    end_block: int
    yes: int
    no: int
    executed: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "community": self.community,
            "proposer": self.proposer,
            "kind": self.kind.slug if self.kind else "unknown",
            "target": self.target,
            "cid": self.cid,
            "note": self.note,
            "end_block": self.end_block,
            "yes": self.yes,
            "no": self.no,
            "executed": self.executed,
        }


@dataclass
class _Community:
    id: int
    owner: str
    parent: int
    fork_block: int
    pos: Pos
    meta_cid: str
    rules_cid: str
    restricted: bool
    governance: Governance
    moderators: list[str] = field(default_factory=list)


def _status(value: str | None) -> ContentStatus:
    try:
        return ContentStatus(value or "pending")
    except ValueError:
        return ContentStatus.PENDING


class CommunityViews:
    """Queries over the community tables of one index database."""

    def __init__(self, conn: sqlite3.Connection, me: str = "") -> None:
        self.conn = conn
        self.me = me

    # --- folding helpers -----------------------------------------------------------------------

    def _lineages(self) -> dict[int, Lineage]:
        out: dict[int, Lineage] = {}
        for cid, parent, block, index in self.conn.execute(
            "SELECT id, parent, block, log_index FROM communities ORDER BY block, log_index"
        ):
            out.setdefault(cid, Lineage(cid, parent, (block, index)))
        return out

    def _cutoffs(self, community: int) -> dict[int, Pos | None]:
        return dict(history(self._lineages(), community))

    def _state(self, community: int) -> _Community:
        row = self.conn.execute(
            "SELECT id, owner, parent, fork_block, block, log_index, meta_cid, rules_cid, "
            "restricted, governance FROM communities WHERE id = ? ORDER BY block, log_index "
            "LIMIT 1",
            (community,),
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"Community #{community} is not in the index.", hint="Run `agora sync`."
            )
        try:
            governance = Governance(row[9])
        except ValueError:
            governance = Governance.OWNER
        state = _Community(
            row[0],
            row[1],
            row[2],
            row[3],
            (row[4], row[5]),
            row[6],
            row[7],
            bool(row[8]),
            governance,
        )
        moderators: dict[str, None] = {}
        for kind, account, value in self.conn.execute(
            "SELECT kind, account, value FROM community_changes WHERE community = ? "
            "ORDER BY block, log_index",
            (community,),
        ):
            if kind == "moderator+":
                moderators[account] = None
            elif kind == "moderator-":
                moderators.pop(account, None)
            elif kind == "owner":
                state.owner = account
            elif kind == "rules":
                state.rules_cid = value
            elif kind == "meta":
                state.meta_cid = value
            elif kind == "restricted":
                state.restricted = value == "1"
        state.moderators = list(moderators)
        return state

    def _members(self, community: int) -> list[str]:
        members: dict[str, bool] = {}
        for account, joined in self.conn.execute(
            "SELECT account, joined FROM community_members WHERE community = ? "
            "ORDER BY block, log_index",
            (community,),
        ):
            members[account] = bool(joined)
        return [a for a, on in members.items() if on]

    def _rules(self, cid: str) -> tuple[ContentStatus, tuple[tuple[int, str], ...]]:
        row = self.conn.execute(
            "SELECT status, extra FROM content WHERE cid = ?", (cid,)
        ).fetchone()
        if row is None:
            return ContentStatus.PENDING, ()
        status = _status(row[0])
        if status is not ContentStatus.VERIFIED:
            return status, ()
        try:
            raw = json.loads(row[1]).get("rules", [])
            return status, tuple((int(n), str(t)) for n, t in raw)
        except (ValueError, TypeError, AttributeError):
            return ContentStatus.INVALID, ()

    def _reason(self, cid: str, numbers: frozenset[int]) -> ReasonView:
        if not cid:
            return ReasonView("", ContentStatus.VERIFIED)
        row = self.conn.execute(
            "SELECT status, text, extra FROM content WHERE cid = ?", (cid,)
        ).fetchone()
        status = _status(row[0] if row else None)
        clean_cid = clean_line(cid, 140)
        if status is not ContentStatus.VERIFIED or row is None:
            return ReasonView(clean_cid, status)
        try:
            cited = tuple(int(n) for n in json.loads(row[2]).get("rules", []))
        except (ValueError, TypeError, AttributeError):
            return ReasonView(clean_cid, ContentStatus.INVALID)
        missing = tuple(n for n in cited if n not in numbers)
        return ReasonView(clean_cid, status, cited, row[1], missing)

    def _entries(
        self, cutoffs: dict[int, Pos | None], posts: list[int] | None = None
    ) -> list[tuple[ModerationEntry, str]]:
        """Moderation entries of a history (own and inherited), in chain order, with tx hashes.

        With ``posts``, only the entries that can decide those posts' state: HIDE/RESTORE of
        them and every BAN/UNBAN. Each post's and each account's state depends only on its own
        entries, so folding this subset gives the same answer for them, without reading a long
        log of other posts' hides for every page.
        """
        found: dict[Pos, tuple[ModerationEntry, str]] = {}
        queries: list[tuple[str, tuple[Any, ...]]] = [("", ())]
        if posts is not None:  # two indexed lookups (an OR of both would scan the whole log)
            queries = [
                (" AND action IN (3, 4)", ()),
                (
                    " AND target IN (SELECT value FROM json_each(?))",
                    (json.dumps([str(p) for p in posts]),),
                ),
            ]
        for community in cutoffs:
            for condition, extra in queries:
                for block, index, target, moderator, action, reason, tx, ts in self.conn.execute(
                    "SELECT block, log_index, target, moderator, action, reason_cid, tx_hash, "
                    f"timestamp FROM community_moderation WHERE community = ?{condition}",
                    (community, *extra),
                ):
                    if not counts(cutoffs, community, (block, index)):
                        continue
                    try:
                        kind = Action(action)
                    except ValueError:
                        continue
                    entry = ModerationEntry(
                        community, target, moderator, kind, reason, (block, index), ts
                    )
                    found[entry.pos] = (entry, tx)
        out = list(found.values())
        out.sort(key=lambda pair: pair[0].pos)
        return out

    def moderation(self, community: int) -> ModerationState:
        """The folded moderation state of a community (own log after its ancestors')."""
        return fold_moderation(e for e, _ in self._entries(self._cutoffs(community)))

    # --- directory -----------------------------------------------------------------------------

    def _summary(self, state: _Community, depth: int) -> CommunitySummary:
        row = self.conn.execute(
            "SELECT status, title, text, extra FROM content WHERE cid = ?", (state.meta_cid,)
        ).fetchone()
        status = _status(row[0] if row else None)
        verified = status is ContentStatus.VERIFIED and row is not None
        try:
            description = str(json.loads(row[3]).get("description", "")) if verified else ""
        except (ValueError, AttributeError):
            description = ""
        posts, last = self.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(block), 0) FROM community_posts WHERE community = ?",
            (state.id,),
        ).fetchone()
        members = self._members(state.id)
        return CommunitySummary(
            id=state.id,
            name=row[1] if verified else "",
            goal=row[2] if verified else "",
            description=description,
            owner=state.owner,
            parent=state.parent,
            depth=depth,
            fork_block=state.fork_block,
            restricted=state.restricted,
            governance=state.governance,
            members=len(members),
            posts=posts,
            last_block=max(last, state.pos[0]),
            meta_status=status,
            joined=bool(self.me) and self.me in members,
        )

    def communities(self, search: str = "", *, joined_only: bool = False) -> list[CommunitySummary]:
        """Every community (most recently active first), optionally matching ``search``."""
        lineages = self._lineages()
        out = []
        for community in lineages:
            depth = len(history(lineages, community)) - 1
            summary = self._summary(self._state(community), depth)
            if joined_only and not summary.joined:
                continue
            needle = search.strip().lower()
            if needle and needle not in f"{summary.name} {summary.goal} #{summary.id}".lower():
                continue
            out.append(summary)
        out.sort(key=lambda s: (-s.last_block, s.id))
        return out

    def community(self, community: int) -> CommunityDetail:
        lineages = self._lineages()
        hist = history(lineages, community)
        state = self._state(community)
        rules_status, rules = self._rules(state.rules_cid)
        forks = tuple(sorted(c for c, lin in lineages.items() if lin.parent == community))
        banned = tuple(self.moderation(community).banned)
        return CommunityDetail(
            summary=self._summary(state, len(hist) - 1),
            moderators=tuple(state.moderators),
            rules=rules,
            rules_cid=clean_line(state.rules_cid, 140),
            rules_status=rules_status,
            lineage=tuple(c for c, _ in hist[1:]),
            forks=forks,
            banned=banned,
        )

    def members(self, community: int) -> list[str]:
        self._state(community)
        return self._members(community)

    def joined(self, account: str) -> list[int]:
        """The communities ``account`` is a member of now."""
        latest: dict[int, bool] = {}
        for community, joined in self.conn.execute(
            "SELECT community, joined FROM community_members WHERE account = ? "
            "ORDER BY block, log_index",
            (account,),
        ):
            latest[community] = bool(joined)
        return sorted(c for c, on in latest.items() if on)

    def community_of(self, post_id: int) -> int:
        row = self.conn.execute(
            "SELECT community FROM community_posts WHERE post_id = ? LIMIT 1", (post_id,)
        ).fetchone()
        return int(row[0]) if row else 0

    # --- timeline and log ----------------------------------------------------------------------

    def timeline(
        self, community: int, before_id: int | None = None, limit: int = 50
    ) -> list[CommunityPostView]:
        """A page of a community's posts (its own and its ancestors' inside the fork window),
        newest first, each with why it is collapsed when it is.
        """
        from tui.core.index.views import IndexViews

        state = self._state(community)
        cutoffs = self._cutoffs(community)
        limit = max(1, min(limit, 1000))
        before = before_id if before_id is not None else MAX_ID
        found: list[tuple[int, int]] = []
        for source, cutoff in cutoffs.items():
            if cutoff is None:
                sql = (
                    "SELECT post_id, community FROM community_posts WHERE community = ? "
                    "AND post_id < ? ORDER BY post_id DESC LIMIT ?"
                )
                params: tuple[Any, ...] = (source, before, limit)
            else:
                sql = (
                    "SELECT post_id, community FROM community_posts WHERE community = ? "
                    "AND post_id < ? AND (block < ? OR (block = ? AND log_index < ?)) "
                    "ORDER BY post_id DESC LIMIT ?"
                )
                params = (source, before, cutoff[0], cutoff[0], cutoff[1], limit)
            found.extend(self.conn.execute(sql, params).fetchall())
        found.sort(reverse=True)
        found = found[:limit]
        homes = dict(found)
        posts = IndexViews(self.conn, self.me).posts_by_ids([pid for pid, _ in found])
        state_numbers = frozenset(n for n, _ in self._rules(state.rules_cid)[1])
        folded = fold_moderation(e for e, _ in self._entries(cutoffs, [p.id for p in posts]))
        out = []
        for post in posts:
            entry = folded.collapse(post.id, post.author)
            collapse = None
            if entry is not None:
                collapse = Collapse(
                    entry.action,
                    entry.moderator,
                    self._reason(entry.reason_cid, state_numbers),
                    0 if entry.community == community else entry.community,
                )
            out.append(CommunityPostView(post, homes.get(post.id, community), collapse))
        return out

    def timeline_count(self, community: int) -> int:
        """How many posts ``timeline`` pages through (own and inherited)."""
        self._state(community)
        total = 0
        for source, cutoff in self._cutoffs(community).items():
            if cutoff is None:
                row = self.conn.execute(
                    "SELECT COUNT(*) FROM community_posts WHERE community = ?", (source,)
                ).fetchone()
            else:
                row = self.conn.execute(
                    "SELECT COUNT(*) FROM community_posts WHERE community = ? "
                    "AND (block < ? OR (block = ? AND log_index < ?))",
                    (source, cutoff[0], cutoff[0], cutoff[1]),
                ).fetchone()
            total += int(row[0])
        return total

    def log(self, community: int, limit: int = 500) -> list[LogEntryView]:
        """The moderation log (own and inherited), newest first, with the appeals beside it."""
        state = self._state(community)
        cutoffs = self._cutoffs(community)
        numbers = frozenset(n for n, _ in self._rules(state.rules_cid)[1])
        appeals: dict[str, list[tuple[str, str]]] = {}
        for source in cutoffs:
            for target, by, text, block, index in self.conn.execute(
                "SELECT a.target, a.by, COALESCE(c.text, ''), a.block, a.log_index "
                "FROM community_appeals a LEFT JOIN content c ON c.cid = a.cid "
                "AND c.status = 'verified' WHERE a.community = ? ORDER BY a.block, a.log_index",
                (source,),
            ):
                if counts(cutoffs, source, (block, index)):
                    appeals.setdefault(target, []).append((by, text))
        out = []
        for entry, tx in reversed(self._entries(cutoffs)[-max(1, limit) :]):
            out.append(
                LogEntryView(
                    community=entry.community,
                    target=entry.target,
                    moderator=entry.moderator,
                    action=entry.action,
                    reason=self._reason(entry.reason_cid, numbers),
                    block=entry.pos[0],
                    timestamp=entry.timestamp,
                    tx_hash=tx,
                    inherited_from=0 if entry.community == community else entry.community,
                    appeals=tuple(appeals.get(entry.target, ())),
                )
            )
        return out

    def proposals(self, community: int) -> list[ProposalView]:
        self._state(community)
        out = []
        for pid, proposer, kind, target, cid, end, note in self.conn.execute(
            "SELECT p.proposal, p.proposer, p.kind, p.target, p.cid, p.end_block, "
            "COALESCE(c.text, '') FROM community_proposals p LEFT JOIN content c "
            "ON c.cid = p.cid AND c.status = 'verified' WHERE p.community = ? "
            "ORDER BY p.proposal DESC",
            (community,),
        ):
            yes = no = 0
            seen: set[str] = set()
            for voter, support, weight in self.conn.execute(
                "SELECT voter, support, weight FROM community_votes WHERE proposal = ? "
                "ORDER BY block, log_index",
                (pid,),
            ):
                if voter in seen:
                    continue
                seen.add(voter)
                if support:
                    yes += int(weight)
                else:
                    no += int(weight)
            executed = self.conn.execute(
                "SELECT 1 FROM community_executed WHERE proposal = ?", (pid,)
            ).fetchone()
            try:
                proposal_kind: ProposalKind | None = ProposalKind(kind)
            except ValueError:
                proposal_kind = None
            out.append(
                ProposalView(
                    pid,
                    community,
                    proposer,
                    proposal_kind,
                    target,
                    clean_line(cid, 140),
                    note,
                    end,
                    yes,
                    no,
                    executed is not None,
                )
            )
        return out

    def proposal(self, proposal: int) -> ProposalView:
        row = self.conn.execute(
            "SELECT community FROM community_proposals WHERE proposal = ?", (proposal,)
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"Proposal #{proposal} is not in the index.", hint="Run `agora sync`."
            )
        return next(p for p in self.proposals(row[0]) if p.id == proposal)
