"""Seal a message to its recipient (and a copy to oneself) and open a block addressed to us.

The rules that make a block a message *for this account*: it opens with our DM key, its
envelope's signer is its ``from``, and either it is addressed ``to`` us under our current key
(a received message) or it is ``from`` us (the copy that makes our sent folder). Anything else,
such as a message its recipient re-sealed to us, is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.core.messages import envelope
from tui.core.messages.crypto import DmKey, NotADirectMessage, Sealed, open_block, seal
from tui.core.messages.envelope import Envelope

if TYPE_CHECKING:
    from tui.core.wallet.signer import Signer


def seal_message(
    signer: Signer,
    own_key: DmKey,
    recipient: str,
    recipient_key: bytes,
    body: str,
    *,
    ts: int,
    chain_id: int,
    reply_to: str = "",
) -> tuple[Sealed, Sealed]:
    """The message sealed to ``recipient_key``, and the same envelope sealed to ourselves."""
    plaintext = envelope.build(signer, recipient, recipient_key, body, ts, reply_to)
    return seal(recipient_key, plaintext, chain_id), seal(own_key.public, plaintext, chain_id)


def open_message(key: DmKey, me: str, block: bytes, chain_id: int, ctx: Any = None) -> Envelope:
    """Open and verify ``block`` for the account ``me`` (raises NotADirectMessage)."""
    env = envelope.parse(open_block(key, block, chain_id, ctx))
    me = me.lower()
    if env.recipient.lower() == me and env.to_key == key.public:
        return env
    if env.sender.lower() == me:
        return env
    raise NotADirectMessage("The message is addressed to someone else.")
