"""Intents: typed, frozen descriptions of every write a user can ask for.

Front ends build intents from what the user typed; transactions are built from intents and our
own ABI, never from rendered text. ``to_json`` is what the outbox keeps (CIDs, never secrets).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from tui.core.content.documents import Attachment


@dataclass(frozen=True)
class PostIntent:
    """A post, or a reply when ``reply_to`` is a post id."""

    text: str
    reply_to: int = 0
    content_warning: str = ""
    tags: tuple[str, ...] = ()
    created_at: int = 0
    """Unix time written in the document; 0 means now."""
    attachments: tuple[Attachment, ...] = ()
    """Images already checked and in the local store (tui.core.images.attachments)."""
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
    dm_key: str = ""
    """The private-message public key to publish (hex), kept across profile edits."""
    dm_epoch: int = 0
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
class SignedLater:
    """Arguments only the account's key can make (an EIP-2612 permit), made once the user has
    confirmed, with the key that signs the transaction (one unlock, one passphrase).

    Until then the intent's arguments of these names hold placeholders: the confirmation shows
    them as signed after you confirm, and a dry run or a cancelled confirmation signs nothing.
    """

    names: tuple[str, ...]
    """The arguments ``sign`` fills, by name."""
    sign: Callable[[Any, Any], tuple[Any, ...]]
    """``sign(signer, rpc)``: their values, in ``names`` order. Called after the confirmation and
    the payee check, right before the transaction is signed and recorded in the outbox."""
    gas: int
    """What the capability's own simulation says the final call needs (as ``eth_estimateGas``
    would; the pipeline adds its margin), since the call with placeholders cannot run as it is.
    The final call is simulated again before it is signed, and refused if it needs more."""


@dataclass(frozen=True)
class CallIntent:
    """A call to a capability's own contract (communities, rounds, the inbox, EAS, ENS…).

    The capability's core builds it, after storing any content the call refers to, and the
    pipeline treats it like every other intent: simulated, priced, confirmed, recorded in the
    outbox before it is broadcast, retried and sped up from that record.
    """

    kind: str
    """Dotted and specific (``community.join``): notifications and the outbox show it."""
    contract: str
    """The deployment key of the contract (``Network.contracts``), ``social``/``articles``, or
    a 0x address for a contract that is not Agora's (a token to approve)."""
    function: str
    """The full signature, ``join(uint256)``; calldata is encoded from it (no ABI needed)."""
    arg_names: tuple[str, ...]
    args: tuple[Any, ...]
    summary: str
    """One line the confirmation shows first: what happens, in the user's words."""
    value_wei: int = 0
    money: bool = False
    """True when the call moves value (ETH or tokens): the confirmation says so."""
    cids: tuple[str, ...] = ()
    payee: tuple[str, str, int, str] | None = None
    """(contract, getter, id, reason), e.g. ("Social", "authorOf", 47, "author of post #47"):
    who is paid, read at confirmation and again right before signing."""
    notes: tuple[str, ...] = ()
    """Facts the confirmation must show (an unknown token, the current allowance…); sanitised
    by the caller."""
    units: tuple[int, str] | None = None
    """(decimals, symbol) of the token the call's amount arguments count in; None: wei. The
    confirmation shows ``amount`` in these units, never as ETH, when a token moves."""
    signed_later: SignedLater | None = None
    """Arguments signed only after the user confirmed (a permit); None: ``args`` are final."""


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
    arg_names: tuple[str, ...] = ()
    money: bool = False
    payee: tuple[str, str, int, str] | None = None
    units: tuple[int, str] | None = None


Intent = (
    PostIntent
    | RepostIntent
    | FollowIntent
    | UnfollowIntent
    | ProfileIntent
    | TipIntent
    | PublishIntent
    | CollectIntent
    | CallIntent
    | StoredIntent
)


def describe(intent: Intent) -> dict[str, Any]:
    """The intent's own fields, for logs and ``--json`` (text intents include the text)."""
    data = asdict(intent)
    data["kind"] = intent.kind
    return data
