"""Deploying Communities beside Social and naming it in Social, once, so postFor works.

Used by the devnet extension and by tests. The voting period is in blocks: a devnet mines a
block per transaction, so a short period keeps the demo and the tests quick.
"""

from __future__ import annotations

from tui.core.chain.abi import bytecode, encode_call
from tui.core.chain.deploy import Deployment, deploy_code, send_transaction
from tui.core.chain.rpc import RpcClient

KEY = "communities"
"""The deployment key of the Communities address (``Deployment.contracts``)."""
DEVNET_VOTING_PERIOD = 20
"""Blocks a proposal stays open on a devnet (about 7,200 would be a day on mainnet)."""


def constructor_args(social: str, voting_period: int) -> str:
    from eth_abi import encode

    return encode(["address", "uint256"], [social, voting_period]).hex()


def deploy_communities(
    rpc: RpcClient, private_key: str, social: str, *, voting_period: int = DEVNET_VOTING_PERIOD
) -> str:
    """Deploy Communities for ``social`` and register it there; return its address.

    ``private_key`` must be Social's deployer: only it may call ``setCommunities``, once.
    """
    address = deploy_code(
        rpc, private_key, bytecode("Communities") + constructor_args(social, voting_period)
    )
    send_transaction(rpc, private_key, social, encode_call("Social", "setCommunities", [address]))
    return address


def deploy(rpc: RpcClient, private_key: str, deployment: Deployment) -> dict[str, str]:
    """The extension hook: deploy after Social and Articles, return ``{"communities": address}``."""
    return {KEY: deploy_communities(rpc, private_key, deployment.social)}
