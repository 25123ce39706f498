# pragma version 0.4.3
"""A small Universal-Resolver-compatible contract for tests (ENSIP-23 ``resolve``, ENSIP-19
``reverse``) over a real ENS registry: it finds the exact name's resolver (no wildcard walk,
no CCIP-Read) and forwards the call. ``reverse`` returns the reverse record unchecked; Agora's
client checks it forward itself."""

interface Registry:
    def resolver(node: bytes32) -> address: view

interface NameResolver:
    def name(node: bytes32) -> String[255]: view

registry: public(immutable(address))

ADDR_REVERSE_NODE: constant(bytes32) = 0x91d1777781884d03a6757a803996e38de2a42967fb37eeaca72729271025a9e2
MAX_LABELS: constant(uint256) = 32


@deploy
def __init__(ens: address):
    registry = ens


@internal
@pure
def _namehash(name: Bytes[255]) -> bytes32:
    starts: DynArray[uint256, MAX_LABELS] = []
    lengths: DynArray[uint256, MAX_LABELS] = []
    pos: uint256 = 0
    for i: uint256 in range(MAX_LABELS):
        size: uint256 = convert(slice(name, pos, 1), uint256)
        if size == 0:
            break
        starts.append(pos + 1)
        lengths.append(size)
        pos += size + 1
    node: bytes32 = empty(bytes32)
    count: uint256 = len(starts)
    for j: uint256 in range(MAX_LABELS):
        if j >= count:
            break
        k: uint256 = count - 1 - j
        node = keccak256(concat(node, keccak256(slice(name, starts[k], lengths[k]))))
    return node


@internal
@pure
def _hex_char(nibble: uint256) -> uint256:
    if nibble < 10:
        return 48 + nibble
    return 87 + nibble


@internal
@pure
def _reverse_node(who: address) -> bytes32:
    value: uint256 = convert(who, uint256)
    head: uint256 = 0
    tail: uint256 = 0
    for i: uint256 in range(40):
        char: uint256 = self._hex_char((value >> ((39 - i) * 4)) & 15)
        if i < 32:
            head = head | (char << ((31 - i) * 8))
        else:
            tail = tail | (char << ((63 - i) * 8))
    text: Bytes[40] = slice(concat(convert(head, bytes32), convert(tail, bytes32)), 0, 40)
    return keccak256(concat(ADDR_REVERSE_NODE, keccak256(text)))


@external
@view
def resolve(name: Bytes[255], data: Bytes[1024]) -> (Bytes[4096], address):
    resolver: address = staticcall Registry(registry).resolver(self._namehash(name))
    assert resolver != empty(address), "resolver not found"
    result: Bytes[4096] = raw_call(resolver, data, max_outsize=4096, is_static_call=True)
    return result, resolver


@external
@view
def reverse(lookup: Bytes[32], coin_type: uint256) -> (String[255], address, address):
    assert coin_type == 60, "unsupported coin type"
    who: address = convert(convert(slice(lookup, 0, 20), bytes20), address)
    node: bytes32 = self._reverse_node(who)
    resolver: address = staticcall Registry(registry).resolver(node)
    assert resolver != empty(address), "reverse resolver not found"
    primary: String[255] = staticcall NameResolver(resolver).name(node)
    return primary, resolver, resolver
