"""The fold rules of PROTOCOL.md "Communities": lineage windows and moderation state.

Pure functions over ordered events, so the index only feeds them rows and tests can check them
without a chain. Positions are ``(block, log_index)`` pairs; ordering by them is the chain's order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

Pos = tuple[int, int]
"""(block, log index): where an event sits in the chain's order."""

MAX_DEPTH = 8
"""The contract's fork depth limit; lineage walks never go further (a lying node cannot loop us)."""


class Action(IntEnum):
    """``moderate()`` actions, as numbered on chain."""

    HIDE = 1
    RESTORE = 2
    BAN = 3
    UNBAN = 4

    @property
    def label(self) -> str:
        return self.name.lower()


class Governance(IntEnum):
    OWNER = 0
    VOTE = 1


class ProposalKind(IntEnum):
    """The fixed set of things a VOTE community may decide (never arbitrary calldata)."""

    ADD_MOD = 1
    REMOVE_MOD = 2
    SET_RULES = 3
    SET_OWNER = 4
    SET_RESTRICTED = 5
    VETO_ROOT = 6
    """Drop the community's pending points root (target = the root as an integer)."""

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def parse(cls, text: str) -> ProposalKind | None:
        key = text.strip().lower().replace("_", "-")
        return next((kind for kind in cls if kind.slug == key), None)

    @property
    def targets_account(self) -> bool:
        return self in (ProposalKind.ADD_MOD, ProposalKind.REMOVE_MOD, ProposalKind.SET_OWNER)


@dataclass(frozen=True)
class Lineage:
    """One community's place in the fork tree."""

    id: int
    parent: int
    pos: Pos
    """Where its CommunityCreated event sits."""


def history(communities: Mapping[int, Lineage], community: int) -> list[tuple[int, Pos | None]]:
    """The communities whose events make up ``community``'s history, each with its cutoff.

    ``[(community, None), (parent, cutoff), (grandparent, cutoff), ...]``: an ancestor's events
    count when they come strictly before the cutoff, the position of the fork (on the path down
    to ``community``) that left it. Missing ancestors end the walk.
    """
    out: list[tuple[int, Pos | None]] = [(community, None)]
    current = communities.get(community)
    for _ in range(MAX_DEPTH):
        if current is None or current.parent == 0 or current.parent == current.id:
            break
        out.append((current.parent, current.pos))
        current = communities.get(current.parent)
    return out


def counts(cutoffs: Mapping[int, Pos | None], community: int, pos: Pos) -> bool:
    """Whether an event of ``community`` at ``pos`` is part of the history ``cutoffs`` describes."""
    if community not in cutoffs:
        return False
    cutoff = cutoffs[community]
    return cutoff is None or pos < cutoff


@dataclass(frozen=True)
class ModerationEntry:
    """One ``Moderated`` event (``target`` is a post id, or an address for BAN/UNBAN)."""

    community: int
    target: str
    moderator: str
    action: Action
    reason_cid: str
    pos: Pos
    timestamp: int = 0


@dataclass
class ModerationState:
    """What a community's folded moderation log says now."""

    hidden: dict[int, ModerationEntry] = field(default_factory=dict)
    """Post id -> the HIDE that hides it."""
    banned: dict[str, ModerationEntry] = field(default_factory=dict)
    """Checksummed address -> the BAN in force."""
    restored: dict[int, ModerationEntry] = field(default_factory=dict)
    """Post id -> the latest RESTORE (shown as "restored by …")."""
    last: Pos = (-1, -1)

    def apply(self, entry: ModerationEntry) -> None:
        """Apply one entry; entries must come in chain order."""
        if entry.pos <= self.last:
            raise ValueError(f"moderation entries out of order: {entry.pos} after {self.last}")
        self.last = entry.pos
        if entry.action in (Action.HIDE, Action.RESTORE):
            try:
                post = int(entry.target)
            except ValueError:
                return
            if entry.action is Action.HIDE:
                self.hidden[post] = entry
                self.restored.pop(post, None)
            else:
                self.hidden.pop(post, None)
                self.restored[post] = entry
        elif entry.action is Action.BAN:
            self.banned[entry.target] = entry
        else:
            self.banned.pop(entry.target, None)

    def collapse(self, post: int, author: str) -> ModerationEntry | None:
        """Why a post is shown collapsed (its HIDE, else its author's BAN), or None."""
        return self.hidden.get(post) or self.banned.get(author)


def fold_moderation(entries: Iterable[ModerationEntry]) -> ModerationState:
    """Fold a community's (own and inherited) entries, whatever order they arrive in."""
    state = ModerationState()
    for entry in sorted(entries, key=lambda e: e.pos):
        state.apply(entry)
    return state
