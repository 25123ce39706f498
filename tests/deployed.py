"""Deployments replayed from a per-node cache, so a test does not pay for deploying every time.

Most chain tests start on the session's pristine anvil (block 0, reverted after each test) and
deploy the same contracts with the same key: the result is the same chain every time, down to
block hashes. The first deployment on a node is done for real and its whole chain state is
kept (``anvil_dumpState``); later ones on the same pristine node load it (``anvil_loadState``,
a few milliseconds): the same blocks, receipts, logs, balances and nonces as a real deployment.
Anywhere else (a chain that already moved) the real deployment runs.

Use ``deploy_contracts`` from here in tests exactly as the one in ``tui.core.chain.deploy``;
only tests of deployment itself (tests/contracts/test_deploy.py) call the real one directly.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from tui.core.chain import deploy as real
from tui.core.chain.deploy import Deployment
from tui.core.chain.rpc import RpcClient

T = TypeVar("T")

_STATES: dict[tuple[Any, ...], tuple[str, Any]] = {}
"""(node url, genesis hash and accounts, what was built) → (dumped chain state, what it returned)."""


def _genesis_fingerprint(rpc: RpcClient) -> str:
    """A digest of the accounts at block 0: a test that funded or coded an account before
    building gets its own cache entry, never another test's state."""
    dumped = str(rpc.call("anvil_dumpState"))
    state = json.loads(gzip.decompress(bytes.fromhex(dumped.removeprefix("0x"))))
    return hashlib.sha256(json.dumps(state["accounts"], sort_keys=True).encode()).hexdigest()


def pristine_build(rpc: RpcClient, what: tuple[Any, ...], build: Callable[[], T]) -> T:
    """``build()`` on ``rpc``, or its cached chain state when the chain is still at genesis.

    ``what`` names the build completely (function and arguments): two builds with the same
    ``what`` on the same pristine node must produce the same chain. Returns a copy of what the
    build returned, so a test may change it freely.
    """
    if rpc.block_number() != 0:
        return build()
    genesis = rpc.get_block("0x0")
    key = (rpc.url, genesis and genesis["hash"], _genesis_fingerprint(rpc), *what)
    cached = _STATES.get(key)
    if cached is None:
        result = build()
        cached = (rpc.call("anvil_dumpState"), copy.deepcopy(result))
        _STATES[key] = cached
        return result
    state, result = cached
    rpc.call("anvil_loadState", [state])
    # The node's clock goes on from the loaded head, as it does after a real deployment (left
    # alone it may be behind the head, and calls would run before the last block's time).
    head = rpc.get_block("latest")
    assert head is not None
    rpc.call("evm_setTime", [int(head["timestamp"], 16)])
    return copy.deepcopy(result)


def deploy_contracts(
    rpc: RpcClient, private_key: str, *, extensions: bool = True, devnet: bool = False
) -> Deployment:
    """``tui.core.chain.deploy.deploy_contracts``, replayed from the cache on a pristine node."""
    return pristine_build(
        rpc,
        ("deploy_contracts", private_key, extensions, devnet),
        lambda: real.deploy_contracts(rpc, private_key, extensions=extensions, devnet=devnet),
    )
