"""Deploying Communities beside Social and naming it in Social, once, so postFor works.

The extension hook (``tui.core.chain.extensions``) calls ``deploy`` after Social and Articles.
The voting period is in blocks: a devnet mines a block per transaction, so a short period keeps
the demo and the tests quick; elsewhere it is about a day.
"""

from __future__ import annotations

from tui.core.chain.abi import bytecode, encode_call
from tui.core.chain.extensions import DeployContext

KEY = "communities"
"""The deployment key of the Communities address (``Deployment.contracts``)."""
DEVNET_VOTING_PERIOD = 20
"""Blocks a proposal stays open on a devnet."""
VOTING_PERIOD = 7_200
"""Blocks a proposal stays open elsewhere (about a day of 12-second blocks)."""


def constructor_args(social: str, voting_period: int) -> str:
    from eth_abi import encode

    return encode(["address", "uint256"], [social, voting_period]).hex()


def deploy(ctx: DeployContext) -> dict[str, str]:
    """Deploy Communities for the deployment's Social and register it there (once only).

    The deployer must be Social's deployer: only it may call ``setCommunities``.
    """
    period = DEVNET_VOTING_PERIOD if ctx.devnet else VOTING_PERIOD
    social = ctx.deployment.social
    address = ctx.deployer.create(
        bytecode("Communities") + constructor_args(social, period), what="Deploying Communities"
    )
    ctx.deployer.send(
        social,
        encode_call("Social", "setCommunities", [address]),
        what="Naming Communities in Social",
    )
    return {KEY: address}
