"""Fixtures for the names tests: ENS's real bytecode deployed on the session's anvil."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from tests.conftest import DEV_KEYS
from tui.contracts.build import compile_file
from tui.core.chain.deploy import deploy_code, send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.ens.client import EnsClient
from tui.core.ens.deploy import EnsDeployment, deploy_ens_with_key
from tui.core.ens.records import register_steps

HELPERS = Path(__file__).parent / "helpers"
ADDRESSES = [Account.from_key(k).address for k in DEV_KEYS]


@cache
def helper_artifact(name: str) -> dict[str, Any]:
    return compile_file(HELPERS / f"{name}.vy")


def deploy_helper(rpc: RpcClient, name: str, types: list[str], args: list[Any]) -> str:
    from eth_abi import encode

    return deploy_code(
        rpc, DEV_KEYS[0], helper_artifact(name)["bytecode"] + encode(types, args).hex()
    )


@dataclass
class EnsChain:
    rpc: RpcClient
    ens: EnsDeployment

    def client(self, cache: Any = None) -> EnsClient:
        return EnsClient.direct(self.rpc, self.ens.registry, cache=cache)

    def send(self, key: int, to: str, data: str) -> dict[str, Any]:
        return send_transaction(self.rpc, DEV_KEYS[key], to, data)

    def register(self, key: int, label: str, *, avatar: str = "") -> None:
        for step in register_steps(self.ens, label, ADDRESSES[key], avatar=avatar):
            self.send(key, step.to, step.data)


@pytest.fixture
def ens_chain(anvil: RpcClient) -> Iterator[EnsChain]:
    yield EnsChain(anvil, deploy_ens_with_key(anvil))


@pytest.fixture(autouse=True)
def _no_remembered_names(no_remembered_names: None) -> None:
    """Each test here starts and ends without remembered names or faces."""
