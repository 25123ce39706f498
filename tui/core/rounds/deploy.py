"""Rounds as an extension: deployed after Social and Articles (it reads their counters and
owners), with a devnet demo of one finished round and one open for allocation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.chain.extensions import Extension

if TYPE_CHECKING:
    from tui.core.chain.extensions import DeployContext, SeedContext

KEY = "rounds"
"""The deployment key of the Rounds contract (``Deployment.contracts["rounds"]``)."""


def deploy(ctx: DeployContext) -> dict[str, str]:
    """Deploy Rounds bound to this deployment's Social and Articles."""
    from eth_abi import encode

    from tui.core.chain.abi import bytecode

    args = encode(["address", "address"], [ctx.deployment.social, ctx.deployment.articles]).hex()
    return {KEY: ctx.deployer.create(bytecode("Rounds") + args, what="Deploying Rounds")}


def seed(ctx: SeedContext) -> None:
    from tui.core.rounds.demo import seed_demo

    seed_demo(ctx)


EXTENSION = Extension(name="rounds", deploy=deploy, seed=seed)
