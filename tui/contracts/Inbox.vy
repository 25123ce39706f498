# pragma version 0.4.3
"""
@title Agora Inbox
@notice Announces sealed private messages (Agora DM v1). One shared inbox with no
        recipient field: a message is an HPKE ciphertext stored off chain as a raw
        block, and its announcement carries only the HPKE encapsulated key `enc`, a
        one-byte `viewTag` that lets the recipient skip 255 of 256 strangers' messages,
        and the block's sha2-256 `digest` (which is its CID).
@dev Nothing is stored: clients read the Sealed logs. The sender is visible as the
     transaction's `from`; the recipient is not visible at all.
"""

event Sealed:
    enc: bytes32
    viewTag: bytes1
    digest: bytes32


@internal
def _announce(enc: bytes32, view_tag: bytes1, digest: bytes32):
    assert digest != empty(bytes32), "empty digest"
    assert enc != empty(bytes32), "empty enc"
    log Sealed(enc=enc, viewTag=view_tag, digest=digest)


@external
def send(enc: bytes32, viewTag: bytes1, digest: bytes32):
    """
    @notice Announce one sealed message.
    """
    self._announce(enc, viewTag, digest)


@external
def sendPair(
    enc: bytes32,
    viewTag: bytes1,
    digest: bytes32,
    enc2: bytes32,
    viewTag2: bytes1,
    digest2: bytes32,
):
    """
    @notice Announce two sealed messages in one transaction: a message and the copy
            sealed to the sender's own key (its sent folder), in either order.
    """
    self._announce(enc, viewTag, digest)
    self._announce(enc2, viewTag2, digest2)
