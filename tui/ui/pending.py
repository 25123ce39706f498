"""The user's own unconfirmed actions, read from what the outbox recorded about each intent.

The outbox keeps every signed transaction's intent as JSON (``kind``, ``args`` as strings,
``value_wei``), so the markers (◷ on a repost count, a pending tip, "◷ following…") are
decoded here without the ABI: nothing heavy loads, and an empty outbox costs nothing.
Speed-ups share their original's nonce and intent; one marker is counted per nonce.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PendingActions:
    """What the active account has signed and the chain has not confirmed (or failed) yet."""

    reposts: Mapping[int, int] = field(default_factory=dict)
    """Post id → pending reposts of it."""
    tips_wei: Mapping[int, int] = field(default_factory=dict)
    """Post id → wei in pending tips to it."""
    replies: Mapping[int, int] = field(default_factory=dict)
    """Post id → pending replies to it."""
    follows: Mapping[str, bool] = field(default_factory=dict)
    """Lower-case address → True while a follow is pending, False while an unfollow is."""
    collects: Mapping[int, int] = field(default_factory=dict)
    """Article id → pending collects of it."""
    profile_edit: bool = False
    """A profile update (setProfile) is pending."""

    @property
    def empty(self) -> bool:
        return not (
            self.reposts
            or self.tips_wei
            or self.replies
            or self.follows
            or self.collects
            or self.profile_edit
        )

    def follow_state(self, address: str) -> bool | None:
        """True: following pending; False: unfollowing pending; None: nothing pending."""
        return self.follows.get(address.lower())

    def collecting(self, article_id: int) -> bool:
        return self.collects.get(article_id, 0) > 0


NO_PENDING = PendingActions()


def _number(value: Any) -> int | None:
    """A uint from the outbox JSON (ints are kept as decimal strings), None when malformed."""
    text = str(value)
    # isascii: str.isdigit() also takes "²" and other digits int() refuses.
    return int(text) if text.isascii() and text.isdigit() and len(text) < 80 else None


def one_per_nonce(entries: Iterable[Any]) -> list[Any]:
    """Outbox entries with speed-ups and cancels of the same nonce folded into one.

    The original (or its speed-up, which carries the same intent) stands for the group; a
    cancel alone stands for nothing, since it carries no intent of its own.
    """
    groups: dict[tuple[int, str, int], Any] = {}
    for entry in entries:
        if entry.kind == "cancel":
            continue
        groups.setdefault((entry.chain_id, entry.sender.lower(), entry.nonce), entry)
    return list(groups.values())


def decode_intents(intents: Iterable[Mapping[str, Any]]) -> PendingActions:
    """Fold outbox intents (oldest first) into markers; unknown or malformed ones are skipped."""
    reposts: dict[int, int] = {}
    tips: dict[int, int] = {}
    replies: dict[int, int] = {}
    follows: dict[str, bool] = {}
    collects: dict[int, int] = {}
    profile = False
    for intent in intents:
        kind = str(intent.get("kind", ""))
        raw_args = intent.get("args")
        args = list(raw_args) if isinstance(raw_args, list | tuple) else []
        first = args[0] if args else None
        if kind == "repost" and (post := _number(first)) is not None:
            reposts[post] = reposts.get(post, 0) + 1
        elif kind == "tip" and (post := _number(first)) is not None:
            value = _number(intent.get("value_wei", 0))
            if value:  # a malformed or zero amount is no tip to show
                tips[post] = tips.get(post, 0) + value
        elif kind in ("post", "reply") and len(args) > 1:
            parent = _number(args[1])
            if parent:
                replies[parent] = replies.get(parent, 0) + 1
        elif kind in ("follow", "unfollow") and isinstance(first, str) and first.startswith("0x"):
            follows[first.lower()] = kind == "follow"  # the latest one wins
        elif kind == "collect" and (article := _number(first)) is not None:
            collects[article] = collects.get(article, 0) + 1
        elif kind == "profile":
            profile = True
    return PendingActions(reposts, tips, replies, follows, collects, profile)


def pending_of(backend: Any) -> PendingActions:
    """The backend's pending actions; none when it has no outbox or the outbox is unreadable.

    Blocks (SQLite): call from a thread worker. A damaged outbox must not hide a screen.
    """
    method = getattr(backend, "pending_actions", None)
    if not callable(method):
        return NO_PENDING
    try:
        result = method()
    except Exception:
        return NO_PENDING
    return result if isinstance(result, PendingActions) else NO_PENDING
