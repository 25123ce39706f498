# pragma version 0.4.3
"""A hostile resolver: ``addr`` and ``name`` answer with bytes that decode to nothing sane."""


@external
@view
def addr(node: bytes32) -> Bytes[8]:
    return b"\xff\xff\xff\xff"


@external
@view
def name(node: bytes32) -> uint256:
    return max_value(uint256)
