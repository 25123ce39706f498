# pragma version 0.4.3
"""A test resolver whose ``addr`` answers with EIP-3668 ``OffchainLookup``; its callback
decodes the gateway's answer as an address. ``loops`` makes the callback ask again that many
times (hop limits); a non-zero ``claimed_sender`` names another contract as the asker."""

url: public(String[128])
loops: public(uint256)
claimed_sender: public(address)


@deploy
def __init__(url: String[128], loops: uint256, claimed_sender: address):
    self.url = url
    self.loops = loops
    self.claimed_sender = claimed_sender


@internal
@view
def _lookup(node: bytes32, depth: uint256):
    urls: DynArray[String[128], 2] = [self.url]
    sender: address = self
    if self.claimed_sender != empty(address):
        sender = self.claimed_sender
    raw_revert(
        concat(
            method_id("OffchainLookup(address,string[],bytes,bytes4,bytes)"),
            abi_encode(
                sender,
                urls,
                abi_encode(node),
                method_id("addrWithProof(bytes,bytes)", output_type=bytes4),
                abi_encode(node, depth),
            ),
        )
    )


@external
@view
def addr(node: bytes32) -> address:
    self._lookup(node, 0)
    return empty(address)


@external
@view
def addrWithProof(response: Bytes[256], extra: Bytes[128]) -> address:
    node: bytes32 = empty(bytes32)
    depth: uint256 = 0
    node, depth = abi_decode(extra, (bytes32, uint256))
    if depth < self.loops:
        self._lookup(node, depth + 1)
    return abi_decode(response, address)
