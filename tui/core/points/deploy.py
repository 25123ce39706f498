"""Deploying Points: the PointsToken blueprint first, then Points pointing at it and at
Communities (which must already be deployed: Points reads its owners and moderators), then
Communities learns Points, once, from the same deployer (earned votes, admission, perks).

The root delay is the veto window in blocks: short on a devnet (a block per transaction),
about a day elsewhere, no shorter than a community vote.
"""

from __future__ import annotations

from tui.core.chain.abi import bytecode, encode_call
from tui.core.chain.extensions import DeployContext
from tui.core.errors import AgoraError
from tui.core.points import KEY

DEVNET_ROOT_DELAY = 5
"""Blocks between a root's proposal and its acceptance on a devnet."""
ROOT_DELAY = 7_200
"""Blocks between a root's proposal and its acceptance elsewhere (about a day)."""


def blueprint_initcode(initcode_hex: str) -> str:
    """EIP-5202 blueprint deploy code: a tiny constructor that stores 0xFE7100 + initcode
    as the blueprint's runtime code, so nobody can call it and ``create_from_blueprint``
    skips the 3-byte preamble."""
    body = bytes.fromhex("fe7100") + bytes.fromhex(initcode_hex.removeprefix("0x"))
    return "0x61" + len(body).to_bytes(2, "big").hex() + "3d81600a3d39f3" + body.hex()


def deploy(ctx: DeployContext) -> dict[str, str]:
    from eth_abi import encode

    communities = ctx.deployment.contracts.get("communities")
    if not communities:
        raise AgoraError("Points needs Communities, which this deployment lacks.")
    blueprint = ctx.deployer.create(
        blueprint_initcode(bytecode("PointsToken")), what="Deploying the points token blueprint"
    )
    delay = DEVNET_ROOT_DELAY if ctx.devnet else ROOT_DELAY
    args = encode(["address", "address", "uint256"], [communities, blueprint, delay]).hex()
    address = ctx.deployer.create(bytecode("Points") + args, what="Deploying Points")
    ctx.deployer.send(
        communities,
        encode_call("Communities", "setPoints", [address]),
        what="Naming Points in Communities",
    )
    return {KEY: address}
