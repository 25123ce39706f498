# pragma version 0.4.3
"""
@title Agora demo token
@notice A plain ERC-20 with EIP-2612 permits, deployed only on the local devnet so
        that token tips (and funding rounds paid in tokens) can be tried at once.
@dev snekmate's audited erc20 module, unchanged: the deployer is the owner and the
     only minter; the devnet seed mints to the demo accounts.
"""

from snekmate.auth import ownable
from snekmate.tokens import erc20

initializes: ownable
initializes: erc20[ownable := ownable]

exports: erc20.__interface__


@deploy
def __init__():
    ownable.__init__()
    erc20.__init__("Agora Demo Token", "DEMO", 18, "Agora Demo Token", "1")
