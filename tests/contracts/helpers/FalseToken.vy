# pragma version 0.4.3
"""
@notice Test token: transferFrom moves nothing and returns false instead of reverting.
"""

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
decimals: public(uint8)
symbol: public(String[8])


@deploy
def __init__():
    self.decimals = 18
    self.symbol = "FALSE"


@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    return False


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    return False
