# pragma version 0.4.3
"""Test helper: a minimal ERC-20 that returns bool; `fee_bps` > 0 burns a fee on every transfer."""

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
totalSupply: public(uint256)
fee_bps: public(uint256)
blocked: public(HashMap[address, bool])


@deploy
def __init__(fee_bps: uint256):
    self.fee_bps = fee_bps


@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount
    self.totalSupply += amount


@external
def block(account: address):
    self.blocked[account] = True


@internal
def _move(owner: address, to: address, amount: uint256):
    assert not self.blocked[to], "blocked"
    fee: uint256 = amount * self.fee_bps // 10000
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount - fee
    self.totalSupply -= fee


@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    return True


@external
def transfer(to: address, amount: uint256) -> bool:
    self._move(msg.sender, to, amount)
    return True


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    self.allowance[owner][msg.sender] -= amount
    self._move(owner, to, amount)
    return True
