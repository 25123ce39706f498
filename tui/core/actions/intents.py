"""Intents: typed, frozen descriptions of every write a user can ask for.

Front ends build intents from what the user typed; transactions are built from intents and our
own ABI, never from rendered text. ``to_json`` is what the outbox keeps (CIDs, never secrets).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class PostIntent:
    """A post, or a reply when ``reply_to`` is a post id."""

    text: str
    reply_to: int = 0
    content_warning: str = ""
    tags: tuple[str, ...] = ()
    created_at: int = 0
    """Unix time written in the document; 0 means now."""
    kind = "post"


@dataclass(frozen=True)
class RepostIntent:
    post_id: int
    kind = "repost"


@dataclass(frozen=True)
class FollowIntent:
    address: str
    kind = "follow"


@dataclass(frozen=True)
class UnfollowIntent:
    address: str
    kind = "unfollow"


@dataclass(frozen=True)
class ProfileIntent:
    name: str
    bio: str = ""
    avatar: str = ""
    links: tuple[str, ...] = ()
    kind = "profile"


@dataclass(frozen=True)
class TipIntent:
    post_id: int
    amount_wei: int
    kind = "tip"


@dataclass(frozen=True)
class PublishIntent:
    """An article: Markdown body plus title and summary, optionally sold as paid editions."""

    title: str
    body: str
    summary: str = ""
    price_wei: int = 0
    editions: int = 0
    kind = "publish"


@dataclass(frozen=True)
class CollectIntent:
    article_id: int
    price_wei: int
    kind = "collect"


@dataclass(frozen=True)
class StoredIntent:
    """An intent read back from the outbox (content already stored): enough to retry it."""

    kind: str
    contract: str
    function: str
    args: tuple[Any, ...]
    value_wei: int = 0
    summary: str = ""
    cids: tuple[str, ...] = field(default_factory=tuple)


@runtime_checkable
class CallIntent(Protocol):
    """An intent of a capability (rounds, ...) that turns itself into a call's arguments.

    ``call_parts(content)`` stores the intent's documents and returns an object with ``args``,
    ``value_wei``, ``summary``, ``permanence`` and ``cids``; its ``kind`` names its signature
    in ``tui.core.actions.calls.signatures()``.
    """

    @property
    def kind(self) -> str: ...

    def call_parts(self, content: Any) -> Any: ...


Intent = (
    PostIntent
    | RepostIntent
    | FollowIntent
    | UnfollowIntent
    | ProfileIntent
    | TipIntent
    | PublishIntent
    | CollectIntent
    | StoredIntent
    | CallIntent
)


def describe(intent: Intent) -> dict[str, Any]:
    """The intent's own fields, for logs and ``--json`` (text intents include the text)."""
    data = asdict(intent) if is_dataclass(intent) else {}
    data["kind"] = intent.kind
    return data
