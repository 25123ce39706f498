# pragma version 0.4.3
"""
@title Agora community points token
@notice One per community that enables points: an ERC-20 (with EIP-2612 permits) that
        only the Points contract mints, when a member claims what the public rule earned.
@dev snekmate's audited erc20 module, unchanged, plus `burnFor` so that Points can burn a
     redeemer's points in the same transaction as the redemption (no approval step).
     Deployed by Points with `create_from_blueprint`: Points is the owner and only minter.
"""

from snekmate.auth import ownable
from snekmate.tokens import erc20

initializes: ownable
initializes: erc20[ownable := ownable]

exports: erc20.__interface__


@deploy
def __init__(name_: String[25], symbol_: String[5]):
    ownable.__init__()
    erc20.__init__(name_, symbol_, 18, name_, "1")


@external
def burnFor(owner: address, amount: uint256):
    """
    @notice Burn `amount` of `owner`'s points; only the owner (the Points contract) may.
    """
    ownable._check_owner()
    erc20._burn(owner, amount)
