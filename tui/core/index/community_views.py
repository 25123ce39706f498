"""Communities' read models over the index: directory, a community, its timeline with the
moderation fold, its log with appeals, members and proposals (``tui.core.index.communities``
holds the tables and the decoder that fill them).

Current state is folded at read time from the event tables by the pure rules of
``tui.core.communities.fold``, so a reorg rollback or a fresh sync give the same answers.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
from tui.core.index.communities import MAX_ID, has_posts
from tui.core.index.community_models import (
    Collapse,
    CommunityDetail,
    CommunityPostView,
    CommunitySummary,
    LogEntryView,
    ProposalView,
    ReasonView,
)
from tui.core.models import ContentStatus, PostView
from tui.core.text import clean_line

if TYPE_CHECKING:
    from tui.core.attest.rules import Endorsement


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

    def names(self, ids: set[int]) -> dict[int, str]:
        """A label per community id: its name when its metadata is verified, else ``#ID``
        (the Communities timeline says on each card where a post was made)."""
        out: dict[int, str] = {}
        for community in ids:
            try:
                state = self._state(community)
            except NotFoundError:
                out[community] = f"community #{community}"
                continue
            row = self.conn.execute(
                "SELECT title FROM content WHERE cid = ? AND status = 'verified'",
                (state.meta_cid,),
            ).fetchone()
            name = clean_line(str(row[0]), 40) if row and row[0] else ""
            out[community] = name or f"community #{community}"
        return out

    def community_of(self, post_id: int) -> int:
        row = self.conn.execute(
            "SELECT community FROM community_posts WHERE post_id = ? LIMIT 1", (post_id,)
        ).fetchone()
        return int(row[0]) if row else 0

    # --- experts --------------------------------------------------------------------------------

    def badges(self, community: int) -> dict[str, str]:
        """Author -> expert badge in ``community`` (acknowledged experts only; see
        ``attestations.expert_badges``): what its timeline shows and its experts filter keeps."""
        from tui.core.index import attestations

        return attestations.expert_badges(self.conn, str(community))

    def post_badges(self, post_ids: Iterable[int]) -> dict[int, str]:
        """Post id -> its author's expert badge in the community it was posted in, for those
        of ``post_ids`` posted in a community: what a thread shows wherever it was opened
        from. Posts outside communities cost one indexed lookup and no badge work."""
        ids = sorted({int(i) for i in post_ids if 0 < int(i) <= MAX_ID})
        if not ids or not has_posts(self.conn):
            return {}
        homes = self.conn.execute(
            "SELECT post_id, MIN(community), author FROM community_posts"
            " WHERE post_id IN (SELECT value FROM json_each(?)) GROUP BY post_id",
            (json.dumps(ids),),
        ).fetchall()
        badges = {c: self.badges(c) for c in {int(row[1]) for row in homes}}
        found = {int(pid): badges[int(c)].get(author, "") for pid, c, author in homes}
        return {pid: badge for pid, badge in found.items() if badge}

    def experts(self, community: int) -> list[Endorsement]:
        """The acknowledged experts of ``community``, newest acknowledgement first: who, which
        skill at which level, acknowledged by which moderator."""
        from tui.core.index import attestations

        self._state(community)
        return attestations.experts(self.conn, str(community))

    @staticmethod
    def _authors(experts_only: dict[str, str] | None) -> tuple[str, tuple[Any, ...]]:
        """The SQL condition (and its parameter) that keeps only the experts' posts."""
        if experts_only is None:
            return "", ()
        return " AND author IN (SELECT value FROM json_each(?))", (json.dumps(list(experts_only)),)

    # --- timeline and log ----------------------------------------------------------------------

    def timeline(
        self, community: int, before_id: int | None = None, limit: int = 50,
        *, experts_only: bool = False,
    ) -> list[CommunityPostView]:  # fmt: skip
        """A page of a community's posts (its own and its ancestors' inside the fork window),
        newest first, each with why it is collapsed when it is and its author's expert badge;
        with ``experts_only``, only the posts of the community's acknowledged experts.
        """
        from tui.core.index.views import IndexViews

        state = self._state(community)
        cutoffs = self._cutoffs(community)
        badges = self.badges(community)
        who, who_params = self._authors(badges if experts_only else None)
        limit = max(1, min(limit, 1000))
        before = before_id if before_id is not None else MAX_ID
        found: list[tuple[int, int]] = []
        for source, cutoff in cutoffs.items():
            if cutoff is None:
                sql = (
                    "SELECT post_id, community FROM community_posts WHERE community = ? "
                    f"AND post_id < ?{who} ORDER BY post_id DESC LIMIT ?"
                )
                params: tuple[Any, ...] = (source, before, *who_params, limit)
            else:
                sql = (
                    "SELECT post_id, community FROM community_posts WHERE community = ? "
                    "AND post_id < ? AND (block < ? OR (block = ? AND log_index < ?))"
                    f"{who} ORDER BY post_id DESC LIMIT ?"
                )
                params = (source, before, cutoff[0], cutoff[0], cutoff[1], *who_params, limit)
            found.extend(self.conn.execute(sql, params).fetchall())
        found.sort(reverse=True)
        found = found[:limit]
        homes = dict(found)
        posts = [  # this timeline folds its own history (a fork may restore what a parent hid)
            dataclasses.replace(p, filtered=None)
            if p.filtered is not None and p.filtered.by == "community"
            else p
            for p in IndexViews(self.conn, self.me).posts_by_ids([pid for pid, _ in found])
        ]
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
            out.append(
                CommunityPostView(
                    post, homes.get(post.id, community), collapse, badges.get(post.author, "")
                )
            )
        return out

    def collapses(self, posts: list[PostView]) -> dict[int, Collapse]:
        """Why each of ``posts`` that was posted in a community is collapsed there (a hide, or
        its author's ban), for views outside the community (Home, Global, threads): a post
        its moderators hid stays collapsed wherever it appears, with the same reason."""
        if not posts:
            return {}
        marks = ",".join("?" * len(posts))
        homes = self.conn.execute(
            f"SELECT post_id, community FROM community_posts WHERE post_id IN ({marks})",
            [p.id for p in posts],
        ).fetchall()
        by_community: dict[int, list[PostView]] = {}
        wanted = {int(pid): int(c) for pid, c in homes}
        for post in posts:
            if post.id in wanted:
                by_community.setdefault(wanted[post.id], []).append(post)
        out: dict[int, Collapse] = {}
        for community, members in by_community.items():
            try:
                state = self._state(community)
            except NotFoundError:
                continue
            cutoffs: dict[int, Pos | None] = {community: None}  # its own log, where it was posted
            numbers = frozenset(n for n, _ in self._rules(state.rules_cid)[1])
            folded = fold_moderation(e for e, _ in self._entries(cutoffs, [p.id for p in members]))
            for post in members:
                entry = folded.collapse(post.id, post.author)
                if entry is not None:
                    reason = self._reason(entry.reason_cid, numbers)
                    out[post.id] = Collapse(entry.action, entry.moderator, reason)
        return out

    def timeline_count(self, community: int, *, experts_only: bool = False) -> int:
        """How many posts ``timeline`` pages through (own and inherited; with
        ``experts_only``, the experts' only)."""
        self._state(community)
        who, who_params = self._authors(self.badges(community) if experts_only else None)
        total = 0
        for source, cutoff in self._cutoffs(community).items():
            if cutoff is None:
                row = self.conn.execute(
                    f"SELECT COUNT(*) FROM community_posts WHERE community = ?{who}",
                    (source, *who_params),
                ).fetchone()
            else:
                row = self.conn.execute(
                    "SELECT COUNT(*) FROM community_posts WHERE community = ? "
                    f"AND (block < ? OR (block = ? AND log_index < ?)){who}",
                    (source, cutoff[0], cutoff[0], cutoff[1], *who_params),
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
        from tui.core.index.schema import get_meta

        self._state(community)
        head = int(get_meta(self.conn, "cursor_block", "0") or 0)
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
                    closed=head > end,
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
