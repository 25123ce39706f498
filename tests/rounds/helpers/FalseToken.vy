# pragma version 0.4.3
"""Test helper: an ERC-20 whose transfers move nothing and return false."""

balanceOf: public(HashMap[address, uint256])


@external
def approve(spender: address, amount: uint256) -> bool:
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    return False


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    return False
