"""Funding new accounts on the local devnet so they can post right away."""

from __future__ import annotations

from tui.core.chain.rpc import RpcClient
from tui.core.errors import ChainError

DEVNET_CHAIN_ID = 31337
DEVNET_FUNDING_WEI = 100 * 10**18


def fund_on_devnet(rpc: RpcClient, chain_id: int, address: str) -> bool:
    """Give ``address`` 100 ETH when the node is anvil on chain 31337 and it has none.

    Returns True when funded. Never touches any other chain (``anvil_setBalance`` only exists on
    development nodes, and we check the chain id the node reports ourselves).
    """
    if chain_id != DEVNET_CHAIN_ID:
        return False
    try:
        if rpc.chain_id() != DEVNET_CHAIN_ID or rpc.balance(address) > 0:
            return False
        rpc.call("anvil_setBalance", [address, hex(DEVNET_FUNDING_WEI)])
    except ChainError:
        return False
    return True
