"""Fixtures for the Rounds contract tests: Social, Articles and Rounds on a real anvil."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from tests.conftest import DEV_KEYS
from tests.contracts.conftest import REVERT_GAS, Chain
from tests.contracts.conftest import gas_price as gas_price  # re-exported fixture
from tests.deployed import deploy_contracts
from tui.contracts.build import compile_file
from tui.core.chain.abi import EventDecoder, decode_log, encode_call, load_abi, revert_reason
from tui.core.chain.deploy import deploy_code, send_transaction
from tui.core.chain.rpc import RpcClient, RpcError

HELPERS = Path(__file__).parent / "helpers"
WEEK = 7 * 86400
CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
ZERO = "0x0000000000000000000000000000000000000000"
EXTRA_KEYS = ["0x" + f"{n:064x}" for n in range(0xA90A0001, 0xA90A0001 + 36)]
"""Throw-away keys funded by the fixture: rounds need more accounts than anvil's four we use."""
KEYS = list(DEV_KEYS) + EXTRA_KEYS
ADDRESSES = [Account.from_key(key).address for key in KEYS]


@cache
def rounds_decoder() -> EventDecoder:
    return EventDecoder(load_abi("Rounds"))


@cache
def helper_artifact(name: str) -> dict[str, Any]:
    return compile_file(HELPERS / f"{name}.vy")


@dataclass
class RoundsChain(Chain):
    """Chain plus Rounds, keyed by index into KEYS (0-3 anvil's, 4+ funded extras)."""

    rounds: str = ""

    def address(self, contract: str) -> str:
        if contract == "Rounds":
            return self.rounds
        return super().address(contract)

    def send(
        self, contract: str, fn: str, args: list[Any], *, key: int = 0, value: int = 0
    ) -> dict[str, Any]:
        data = encode_call(contract, fn, args)
        return send_transaction(self.rpc, KEYS[key], self.address(contract), data, value=value)

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
        target = to or self.address(contract)
        data = encode_call(contract, fn, args)
        call = {"from": ADDRESSES[key], "to": target, "data": data, "value": hex(value)}
        with pytest.raises(RpcError) as info:
            self.rpc.call("eth_call", [call, "latest"])
        reason = revert_reason(info.value)
        assert reason is not None, f"no revert data in {info.value!r}"
        receipt = send_transaction(
            self.rpc, KEYS[key], target, data, value=value, gas=REVERT_GAS, check=False
        )
        assert receipt["status"] == "0x0"
        return reason

    def events(self, receipt: dict[str, Any]) -> list[Any]:
        """Base and Rounds events of a receipt, decoded (each must decode)."""
        decoded = []
        for log in receipt["logs"]:
            if log["address"].lower() == self.rounds.lower():
                decoded.append(rounds_decoder().decode(log))
            else:
                decoded.append(decode_log(log))
        assert all(d is not None for d in decoded), "a log of ours failed to decode"
        return decoded

    def now(self) -> int:
        block = self.rpc.get_block("latest")
        assert block is not None
        return int(block["timestamp"], 16)

    def advance(self, seconds: int) -> None:
        self.rpc.call("evm_increaseTime", [seconds])
        self.rpc.call("evm_mine")

    def past_wall_clock(self, seconds: int) -> None:
        past_wall_clock(self.rpc, seconds)

    def helper(self, name: str, types: list[str], args: list[Any]) -> str:
        from eth_abi import encode

        initcode = helper_artifact(name)["bytecode"] + encode(types, args).hex()
        return deploy_code(self.rpc, KEYS[0], initcode)

    def post(self, key: int) -> int:
        receipt = self.send("Social", "post", [CID, 0], key=key)
        return int(self.events(receipt)[0].args["id"])

    def publish(self, key: int) -> int:
        receipt = self.send("Articles", "publish", [CID, 0, 0], key=key)
        return int(self.events(receipt)[0].args["tokenId"])

    def open(
        self,
        evaluators: list[int],
        *,
        pot: int = 10**18,
        quorum: int = 2,
        token: str = ZERO,
        key: int = 0,
        allocate_for: int = 3600,
        claim_for: int = WEEK,
    ) -> int:
        start = self.now()
        args = [
            token,
            pot,
            CID,
            [ADDRESSES[i] for i in evaluators],
            quorum,
            start + allocate_for,
            start + allocate_for + claim_for,
        ]
        value = pot if token == ZERO else 0
        receipt = self.send("Rounds", "open", args, key=key, value=value)
        opened = [e for e in self.events(receipt) if e.name == "RoundOpened"]
        return int(opened[0].args["roundId"])

    def round(self, round_id: int) -> dict[str, Any]:
        fields = [
            "funder",
            "token",
            "pot",
            "budget",
            "quorum",
            "evaluatorCount",
            "allocateEnd",
            "claimEnd",
            "postCount",
            "articleCount",
            "paid",
            "reclaimed",
            "closed",
        ]
        return dict(zip(fields, self.call("Rounds", "rounds", [round_id]), strict=True))


def fund_extras(rpc: RpcClient) -> None:
    for address in ADDRESSES[len(DEV_KEYS) :]:
        rpc.call("anvil_setBalance", [address, hex(10**21)])


@pytest.fixture
def rchain(anvil: RpcClient) -> RoundsChain:
    """Social, Articles and Rounds freshly deployed, extra accounts funded (reverted after)."""
    fund_extras(anvil)
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    return RoundsChain(anvil, deployment, deployment.contracts["rounds"])


def past_wall_clock(rpc: RpcClient, seconds: int) -> None:
    """Mine a block ``seconds`` past the later of the chain's and the wall clock.

    The client counts deadlines from the later of the two, and the shared test anvil's clock
    may lag the wall clock (an earlier test seeded blocks in the past, and a revert does not
    undo that offset), so moving the chain clock alone is not enough.
    """
    block = rpc.get_block("latest")
    assert block is not None
    target = max(int(block["timestamp"], 16), int(time.time())) + seconds
    rpc.call("evm_setNextBlockTimestamp", [target])
    rpc.call("evm_mine")
