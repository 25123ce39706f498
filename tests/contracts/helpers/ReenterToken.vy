# pragma version 0.4.3
"""Test helper: a token whose transferFrom tries to re-enter TokenTips.tipToken."""

balanceOf: public(HashMap[address, uint256])
decimals: public(uint8)
symbol: public(String[8])
tips: public(address)
reentered: public(bool)
attempted: public(bool)


@deploy
def __init__(tips: address):
    self.tips = tips
    self.decimals = 18
    self.symbol = "EVIL"


@external
def mint(to: address, amount: uint256):
    self.balanceOf[to] += amount


@external
def transferFrom(owner: address, to: address, amount: uint256) -> bool:
    if not self.attempted:
        self.attempted = True
        data: Bytes[100] = concat(
            method_id("tipToken(uint256,address,uint256)"),
            convert(1, bytes32),
            convert(self, bytes32),
            convert(amount, bytes32),
        )
        self.reentered = raw_call(self.tips, data, revert_on_failure=False)
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    return True
