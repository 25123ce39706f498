"""The write a private message becomes: two sealed blocks and one ``Inbox.sendPair`` call.

The message is sealed (and signed) before the intent exists, because sealing needs the
account's key; the intent then only stores the two ciphertext blocks and names the call, like
every other write, so the pipeline, confirmation and outbox treat it as one of theirs.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from tui.core.actions.calls import ContractCall, _address
from tui.core.actions.confirmation import SEALED
from tui.core.config.settings import Network
from tui.core.content.store import BlockStore
from tui.core.errors import ContentError
from tui.core.messages.crypto import Sealed

FUNCTION = "sendPair(bytes32,bytes1,bytes32,bytes32,bytes1,bytes32)"
ARG_NAMES = ("enc", "viewTag", "digest", "enc2", "viewTag2", "digest2")


@dataclass(frozen=True)
class MessageIntent:
    """A sealed message to ``recipient`` plus the sealed copy for the sender's sent folder."""

    recipient: str
    to_recipient: Sealed
    to_self: Sealed
    kind = "message"

    def contract_call(self, network: Network, content: BlockStore) -> ContractCall:
        """Store both blocks, then announce them in random order (which one is the copy
        must not show on chain)."""
        pair = [self.to_recipient, self.to_self]
        if secrets.randbelow(2):
            pair.reverse()
        cids = tuple(content.put(s.block) for s in pair)
        for sealed, cid in zip(pair, cids, strict=True):
            from tui.core.content.cid import cid_from_digest

            if cid_from_digest(sealed.digest) != cid:
                raise ContentError("A sealed block does not match its digest.")
        args = tuple("0x" + part.hex() for s in pair for part in (s.enc, s.view_tag, s.digest))
        return ContractCall(
            kind=self.kind,
            contract="Inbox",
            to=_address(network, "Inbox"),
            function=FUNCTION,
            arg_names=ARG_NAMES,
            args=args,
            value_wei=0,
            summary=f"Send a private message to {self.recipient}",
            permanence=SEALED,
            cids=cids,
        )
