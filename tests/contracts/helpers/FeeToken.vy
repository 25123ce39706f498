# pragma version 0.4.3
"""
@notice Test token: every transfer burns 1% as a fee, so the receiver gets 99%.
"""

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
decimals: public(uint8)
symbol: public(String[8])


@deploy
def __init__():
    self.decimals = 18
    self.symbol = "FEE"


@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    return True


@internal
def _move(owner: address, to: address, amount: uint256):
    fee: uint256 = amount // 100
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount - fee


@external
def transfer(to: address, amount: uint256) -> bool:
    self._move(msg.sender, to, amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    self._move(owner, to, amount)
    return True
