"""Deploying Rounds beside Social and Articles: it reads their counters and owners."""

from __future__ import annotations

from typing import Any

from tui.core.chain.abi import bytecode
from tui.core.chain.deploy import deploy_code
from tui.core.chain.rpc import RpcClient

KEY = "rounds"
"""The deployment key of the Rounds contract (``Deployment.contracts["rounds"]``)."""


def deploy_rounds(rpc: RpcClient, private_key: str, deployment: Any) -> dict[str, str]:
    """Deploy Rounds bound to ``deployment``'s Social and Articles; return ``{"rounds": addr}``."""
    from eth_abi import encode

    args = encode(["address", "address"], [deployment.social, deployment.articles]).hex()
    return {KEY: deploy_code(rpc, private_key, bytecode("Rounds") + args)}
