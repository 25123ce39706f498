"""Fixtures for the contract tests: a fresh deployment per test and helpers to call it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from tests.conftest import DEV_KEYS
from tests.deployed import deploy_contracts
from tui.contracts.build import compile_file
from tui.core.chain.abi import decode_log, decode_result, encode_call, revert_reason
from tui.core.chain.deploy import Deployment, deploy_code, send_transaction
from tui.core.chain.rpc import RpcClient, RpcError

ADDRESSES = [Account.from_key(key).address for key in DEV_KEYS]
"""Addresses derived from DEV_KEYS (not copied by hand, so they always match)."""
HELPERS = Path(__file__).parent / "helpers"
REVERT_GAS = 500_000
"""Explicit gas for transactions expected to revert (skips estimation so they get mined)."""


@cache
def helper_artifact(name: str) -> dict[str, Any]:
    """Compile tests/contracts/helpers/<name>.vy once per session."""
    return compile_file(HELPERS / f"{name}.vy")


def deploy_helper(rpc: RpcClient, name: str, types: list[str], args: list[Any]) -> str:
    from eth_abi import encode

    compiled = helper_artifact(name)
    initcode = compiled["bytecode"] + encode(types, args).hex()
    return deploy_code(rpc, DEV_KEYS[0], initcode)


@dataclass
class Chain:
    """A deployed Agora on anvil, with terse helpers for tests."""

    rpc: RpcClient
    deployment: Deployment

    def address(self, contract: str) -> str:
        return self.deployment.social if contract == "Social" else self.deployment.articles

    def send(
        self, contract: str, fn: str, args: list[Any], *, key: int = 0, value: int = 0
    ) -> dict[str, Any]:
        """Send a transaction that must succeed; return its receipt."""
        data = encode_call(contract, fn, args)
        return send_transaction(self.rpc, DEV_KEYS[key], self.address(contract), data, value=value)

    def events(self, receipt: dict[str, Any]) -> list[Any]:
        decoded = [decode_log(log) for log in receipt["logs"]]
        assert all(d is not None for d in decoded), "a log of ours failed to decode"
        return decoded

    def call(self, contract: str, fn: str, args: list[Any]) -> Any:
        data = self.rpc.eth_call(self.address(contract), encode_call(contract, fn, args))
        result = decode_result(contract, fn, data)
        return result[0] if len(result) == 1 else result

    def balance(self, address: str) -> int:
        return self.rpc.balance(address)

    def revert(
        self,
        contract: str,
        fn: str,
        args: list[Any],
        *,
        key: int = 0,
        value: int = 0,
        to: str | None = None,
    ) -> str:
        """The revert reason of a call, checked twice: by eth_call and by a mined failed tx."""
        target = to or self.address(contract)
        data = encode_call(contract, fn, args)
        call = {"from": ADDRESSES[key], "to": target, "data": data, "value": hex(value)}
        with pytest.raises(RpcError) as info:
            self.rpc.call("eth_call", [call, "latest"])
        reason = revert_reason(info.value)
        assert reason is not None, f"no revert data in {info.value!r}"
        receipt = send_transaction(
            self.rpc, DEV_KEYS[key], target, data, value=value, gas=REVERT_GAS, check=False
        )
        assert receipt["status"] == "0x0"
        assert receipt["logs"] == []
        return reason


@pytest.fixture
def chain(anvil: RpcClient) -> Chain:
    """Social and Articles freshly deployed by anvil dev key #0 (reverted after the test)."""
    return Chain(anvil, deploy_contracts(anvil, DEV_KEYS[0]))


@pytest.fixture
def gas_price(anvil: RpcClient) -> Callable[[dict[str, Any]], int]:
    """Wei a receipt cost its sender (to check balances exactly)."""

    def cost(receipt: dict[str, Any]) -> int:
        return int(receipt["gasUsed"], 16) * int(receipt["effectiveGasPrice"], 16)

    return cost


def helper_calldata(signature: str, types: list[str], args: list[Any]) -> str:
    """Calldata for a helper contract function, from its signature (helpers have no artifact)."""
    from eth_abi import encode
    from eth_hash.auto import keccak

    return "0x" + keccak(signature.encode())[:4].hex() + encode(types, args).hex()


def helper_send(
    rpc: RpcClient,
    address: str,
    signature: str,
    types: list[str],
    args: list[Any],
    *,
    key: int = 0,
    value: int = 0,
) -> dict[str, Any]:
    """Send a transaction to a helper contract; it must succeed."""
    data = helper_calldata(signature, types, args)
    return send_transaction(rpc, DEV_KEYS[key], address, data, value=value)


def helper_read(rpc: RpcClient, address: str, signature: str, out_type: str) -> Any:
    """Read one value from a helper contract."""
    from eth_abi import decode

    data = rpc.eth_call(address, helper_calldata(signature, [], []))
    return decode([out_type], bytes.fromhex(data[2:]))[0]
