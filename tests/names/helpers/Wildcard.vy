# pragma version 0.4.3
"""A test resolver implementing ENSIP-10 ``resolve(bytes,bytes)``: every name under it resolves
to one address, and ``addr`` itself reverts (callers must use the wildcard path)."""

target: public(address)


@deploy
def __init__(target: address):
    self.target = target


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    return interface_id == 0x9061b923 or interface_id == 0x01ffc9a7


@external
@view
def resolve(name: Bytes[255], data: Bytes[4096]) -> Bytes[64]:
    return abi_encode(self.target)
