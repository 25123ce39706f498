"""Read models: what the index hands to front ends (TUI screens, CLI output, JSON).

Every string field in these objects has already been through ``tui.core.text`` sanitising, so
front ends can render them as plain text without further checks. Addresses are checksummed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tui.core.filters.model import Verdict
from tui.core.units import eth_decimal

if TYPE_CHECKING:
    from tui.core.content.documents import Attachment

UNLIMITED_EDITIONS = 2**63 - 1
"""The index stores edition supplies as SQLite integers, capped here."""


class ContentStatus(StrEnum):
    """Where a piece of content stands with respect to its CID."""

    VERIFIED = "verified"
    """Bytes were fetched or written locally and hash to the CID."""
    PENDING = "pending"
    """Not fetched yet."""
    UNAVAILABLE = "unavailable"
    """No gateway had it (may appear later)."""
    INVALID = "invalid"
    """Bytes did not match the CID, or the document is malformed: never shown as genuine."""


def _filtered_json(data: dict[str, Any], verdict: Verdict | None) -> None:
    """``"filtered": {"by", "reason"}`` on a collapsed item; no key on the others."""
    data.pop("filtered", None)
    if verdict is not None:
        data["filtered"] = verdict.to_json()


@dataclass(frozen=True)
class PostView:
    """One post or reply as a timeline shows it."""

    id: int
    author: str
    parent: int
    cid: str
    text: str
    content_status: ContentStatus
    block: int
    tx_hash: str
    timestamp: int
    replies: int = 0
    reposts: int = 0
    tips_wei: int = 0
    token_tips: tuple[tuple[str, int, str], ...] = ()
    """(token address, total received, label such as ``5 DEMO``) of the ERC-20 tips to this
    post, most tipped first. The label names a token only when Agora knows its address."""
    finalized: bool = False
    author_name: str = ""
    """Display name from the author's profile (sanitised), empty when none."""
    content_warning: str = ""
    created_at: int = 0
    """Author-claimed creation time from the document (unverified; ``timestamp`` is the block's)."""
    tags: tuple[str, ...] = ()
    reposted_by: str = ""
    """Set when this row is a repost shown in a timeline: who reposted it."""
    reposted_by_name: str = ""
    """The reposter's profile name, empty when none."""
    name_clash: bool = False
    """The name is that of someone the user follows, at another address (an impostor's name)."""
    pending: bool = False
    """The user's own action not yet seen on chain."""
    filtered: Verdict | None = None
    """Set when a mute or keyword filter collapses this row (hidden rows are left out)."""
    attachments: tuple[Attachment, ...] = ()
    """The post's images (CIDs and sanitised alt text; the bytes are fetched when shown)."""
    community: str = ""
    """The community it was posted in (sanitised name), set by the Communities timeline."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["attachments"] = [a.to_json() for a in self.attachments]
        data["content_status"] = str(self.content_status)
        data["tips_wei"] = str(self.tips_wei)
        data["token_tips"] = [
            {"token": t, "amount": str(a), "label": label} for t, a, label in self.token_tips
        ]
        data["tags"] = list(self.tags)
        _filtered_json(data, self.filtered)
        if not self.community:
            data.pop("community")
        return data


@dataclass(frozen=True)
class ArticleView:
    """An article token (or the article behind an edition)."""

    id: int
    author: str
    owner: str
    cid: str
    title: str
    description: str
    body_cid: str
    price_wei: int
    max_editions: int
    editions: int
    content_status: ContentStatus
    block: int
    tx_hash: str
    timestamp: int
    finalized: bool = False
    author_name: str = ""
    owner_name: str = ""
    """The current holder's self-chosen profile name (a claim), when the index knows it."""
    owned_editions: tuple[int, ...] = ()
    """Edition ids of this article the viewing account holds (empty without an account)."""
    unclaimed_award_wei: int = 0
    """Funding-round awards this certificate carries, not yet claimed (its holder claims them)."""

    @property
    def unlimited(self) -> bool:
        """True when the supply is beyond what the index holds (2^63−1 or more, up to
        2^256−1): no chain can mint that many, so it reads as unlimited, never as a number."""
        return self.max_editions >= UNLIMITED_EDITIONS

    name_clash: bool = False
    """The name is that of someone the user follows, at another address (an impostor's name)."""

    @property
    def editions_left(self) -> int | None:
        """None when not collectable (max_editions == 0)."""
        return None if self.max_editions == 0 else max(self.max_editions - self.editions, 0)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["content_status"] = str(self.content_status)
        data["price_wei"] = str(self.price_wei)
        data["price_eth"] = eth_decimal(self.price_wei)
        data["editions_left"] = None if self.unlimited else self.editions_left
        data["editions_unlimited"] = self.unlimited
        if self.unlimited:
            data["max_editions"] = None
        data["owned_editions"] = list(self.owned_editions)
        return data


@dataclass(frozen=True)
class ProfileView:
    """An account's profile and counts."""

    address: str
    name: str = ""
    bio: str = ""
    avatar: str = ""
    avatar_verified: bool = False
    links: tuple[str, ...] = ()
    cid: str = ""
    content_status: ContentStatus = ContentStatus.PENDING
    followers: int = 0
    following: int = 0
    posts: int = 0
    tips_received_wei: int = 0
    followed_by_me: bool = False
    name_clash: bool = False
    """The name is that of someone the user follows, at another address (an impostor's name)."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["content_status"] = str(self.content_status)
        data["tips_received_wei"] = str(self.tips_received_wei)
        data["links"] = list(self.links)
        return data


@dataclass(frozen=True)
class NotificationView:
    """Something that happened to the user: a reply, tip, follow or collect."""

    kind: str
    """One of ``reply``, ``tip``, ``follow``, ``collect``."""
    actor: str
    block: int
    timestamp: int
    tx_hash: str
    post_id: int = 0
    article_id: int = 0
    amount_wei: int = 0
    actor_name: str = ""
    text: str = ""
    filtered: Verdict | None = None
    """Set when a mute or keyword filter collapses this notification."""
    name_clash: bool = False
    """The name is that of someone the user follows, at another address (an impostor's name)."""
    token: str = ""
    """For a tip in an ERC-20: the token's address (``amount_wei`` is then in its base units)."""
    amount_label: str = ""
    """For a token tip: ``5 DEMO`` (a known token) or ``5 units of 0x12…ab``."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["amount_wei"] = str(self.amount_wei)
        _filtered_json(data, self.filtered)
        return data


@dataclass(frozen=True)
class ThreadView:
    """A post with its ancestors (root first) and its replies as a tree."""

    post: PostView
    ancestors: tuple[PostView, ...] = ()
    replies: tuple[ThreadNode, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "post": self.post.to_json(),
            "ancestors": [p.to_json() for p in self.ancestors],
            "replies": [r.to_json() for r in self.replies],
        }


@dataclass(frozen=True)
class ThreadNode:
    post: PostView
    children: tuple[ThreadNode, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {"post": self.post.to_json(), "children": [c.to_json() for c in self.children]}


def thread_posts(view: ThreadView) -> list[PostView]:
    """Every reply in a thread's tree, depth first (ancestors and the post not included)."""
    out: list[PostView] = []
    stack = list(reversed(view.replies))
    while stack:
        node = stack.pop()
        out.append(node.post)
        stack.extend(reversed(node.children))
    return out


def unfetched(posts: list[PostView]) -> list[str]:
    """CIDs of these posts whose content is not fetched yet (pending or unavailable): what a
    screen showing them asks the backend to fetch first."""
    missing = (ContentStatus.PENDING, ContentStatus.UNAVAILABLE)
    return list(dict.fromkeys(p.cid for p in posts if p.content_status in missing and p.cid))
