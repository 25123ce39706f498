"""What the community views hand to front ends: the directory's summaries, a community's
detail, its posts with their moderation collapses, its log and its proposals. Every string is
already sanitised; ``to_json`` gives the CLI's ``--json`` shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.core.communities.fold import Action, Governance, ProposalKind
from tui.core.models import ContentStatus, PostView


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
    badge: str = ""
    """``★ expert: rust (level 3)`` when the author is an acknowledged expert of the community
    whose timeline this is ("" otherwise): see ``attestations.expert_badges``."""

    def to_json(self) -> dict[str, Any]:
        data = self.post.to_json()
        data["community"] = self.community
        data["hidden"] = self.collapse is not None
        data["collapse"] = self.collapse.to_json() if self.collapse else None
        data["badge"] = self.badge or None
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
    closed: bool = False
    """Voting is over: the indexed chain is past ``end_block`` (execute works from then on)."""

    @property
    def passed(self) -> bool:
        """More yes than no, what ``execute`` asks for once voting is closed."""
        return self.yes > self.no

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
            "closed": self.closed,
        }
