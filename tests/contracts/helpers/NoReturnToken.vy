# pragma version 0.4.3
"""
@notice Test token: like USDT, transfer/transferFrom/approve return nothing, and
        approve refuses to change a non-zero allowance to another non-zero one.
"""

balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
decimals: public(uint8)
symbol: public(String[8])
name: public(String[32])


@deploy
def __init__():
    self.decimals = 6
    self.symbol = "USDX"
    self.name = "No Return Dollar"


@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount


@external
def approve(spender: address, amount: uint256):
    assert amount == 0 or self.allowance[msg.sender][spender] == 0, "approve from non-zero"
    self.allowance[msg.sender][spender] = amount


@external
def transfer(to: address, amount: uint256):
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount


@external
def transferFrom(owner: address, to: address, amount: uint256):
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
