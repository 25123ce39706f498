"""The write a private message becomes: two sealed blocks and one ``Inbox.sendPair`` call.

The message is sealed (and signed) before the intent exists, because sealing needs the
account's key; ``message_intent`` then stores the two ciphertext blocks and names the call as a
``CallIntent``, so the pipeline, confirmation, outbox and retries treat it like every write.
"""

from __future__ import annotations

import secrets

from tui.core.actions.intents import CallIntent
from tui.core.content.cid import cid_from_digest
from tui.core.content.store import BlockStore
from tui.core.errors import ContentError
from tui.core.messages.crypto import Sealed

KIND = "message.send"
CONTRACT = "inbox"
"""The Inbox's deployment key (``Network.contracts``)."""
FUNCTION = "sendPair(bytes32,bytes1,bytes32,bytes32,bytes1,bytes32)"
ARG_NAMES = ("enc", "viewTag", "digest", "enc2", "viewTag2", "digest2")
SEALED = (
    "Only you and the recipient can read the message; that you sent one, when, and its size "
    "are public and permanent."
)


def message_intent(
    recipient: str, to_recipient: Sealed, to_self: Sealed, content: BlockStore
) -> CallIntent:
    """Store both blocks, then announce them in random order (which one is the sender's
    copy must not show on chain)."""
    pair = [to_recipient, to_self]
    if secrets.randbelow(2):
        pair.reverse()
    cids = tuple(content.put(s.block) for s in pair)
    for sealed, cid in zip(pair, cids, strict=True):
        if cid_from_digest(sealed.digest) != cid:
            raise ContentError("A sealed block does not match its digest.")
    return CallIntent(
        kind=KIND,
        contract=CONTRACT,
        function=FUNCTION,
        arg_names=ARG_NAMES,
        args=tuple(part for s in pair for part in (s.enc, s.view_tag, s.digest)),
        summary=f"Send a private message to {recipient}",
        cids=cids,
        notes=(SEALED,),
    )
