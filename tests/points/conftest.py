"""Fixtures for the points tests: Social, Articles, Communities and Points on a real anvil."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.communities.conftest import CommunityChain
from tests.conftest import DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.chain.abi import EventDecoder, decode_log, load_abi
from tui.core.chain.rpc import RpcClient
from tui.core.communities.deploy import KEY as COMMUNITIES
from tui.core.points import KEY
from tui.core.points.history import Contracts
from tui.core.points.merkle import StandardMerkleTree

TREE_CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
UNIT = 10**18
TYPES = ["address", "uint256"]


@dataclass
class PointsChain(CommunityChain):
    """A CommunityChain that also knows Points and the community tokens."""

    points: str = ""

    def address(self, contract: str) -> str:
        if contract == "Points":
            return self.points
        return super().address(contract)

    def events(self, receipt: dict[str, Any]) -> list[Any]:
        decoders = [EventDecoder(load_abi(n)) for n in ("Communities", "Points", "PointsToken")]
        out = []
        for log in receipt["logs"]:
            ev = decode_log(log)
            for d in decoders:
                ev = ev or d.decode(log)
            assert ev is not None, "a log of ours failed to decode"
            out.append(ev)
        return out

    def enable(
        self,
        community: int,
        *,
        key: int = 0,
        blocks: int = 10,
        cap: int = 1000 * UNIT,
        bps: int = 500,
    ) -> str:
        self.send(
            "Points", "enablePoints", [community, "Agora Points", "AGP", blocks, cap, bps], key=key
        )
        return str(self.call("Points", "tokenOf", [community]))

    def token_call(self, token: str, fn: str, args: list[Any]) -> Any:
        from tui.core.chain.abi import decode_result, encode_call

        out = self.rpc.eth_call(token, encode_call("PointsToken", fn, args))
        result = decode_result("PointsToken", fn, out)
        return result[0] if len(result) == 1 else result

    def where(self) -> Contracts:
        return Contracts(
            self.deployment.social, self.communities, self.points, self.deployment.block
        )

    def block(self) -> int:
        return self.rpc.block_number()


def tree_of(amounts: dict[str, int]) -> StandardMerkleTree:
    return StandardMerkleTree(sorted(amounts.items()), TYPES)


@pytest.fixture
def pc(anvil: RpcClient) -> PointsChain:
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    return PointsChain(
        anvil, deployment, deployment.contracts[COMMUNITIES], deployment.contracts[KEY]
    )


def garden_first_epoch(rpc: RpcClient, d: Any, meta: str, governance: int) -> tuple[Any, Any]:
    """Community 1 ("Garden Points", epochs of 15 blocks) where account 2 posts and the owner
    replies, with epoch 0's root computed by the rule, proposed and accepted: the start of the
    points terminal tests. Returns the points info and that epoch's distribution."""
    from tui.core.chain.abi import encode_call
    from tui.core.chain.deploy import send_transaction
    from tui.core.points.distribution import compute
    from tui.core.points.history import load_records, read_info

    communities, points = d.contracts[COMMUNITIES], d.contracts[KEY]

    def send(key: int, to: str, contract: str, fn: str, args: list[object]) -> None:
        send_transaction(rpc, DEV_KEYS[key], to, encode_call(contract, fn, args))

    send(0, communities, "Communities", "create", [meta, meta, False, governance])
    send(2, communities, "Communities", "join", [1])
    send(0, points, "Points", "enablePoints", [1, "Garden Points", "GRD", 15, 1000 * UNIT, 0])
    send(2, communities, "Communities", "post", [1, TREE_CID, 0])
    send(0, communities, "Communities", "post", [1, TREE_CID, 1])
    info = read_info(rpc, points, 1)
    assert info is not None
    where = Contracts(d.social, communities, points, d.block)
    rpc.call("anvil_mine", [hex(info.config.end(0) - rpc.block_number())])
    dist = compute(info.config, load_records(rpc, where, 1, rpc.block_number()), 0)
    send(0, points, "Points", "proposeRoot", [1, 0, dist.root, dist.total, TREE_CID])
    rpc.call("anvil_mine", [hex(info.root_delay)])
    send(0, points, "Points", "acceptRoot", [1])
    return info, dist


def open_community(terminal: Any, community: int) -> None:
    """``:community N`` in a terminal test, again if a loaded machine dropped the first keys."""
    import time

    for attempt in range(5):  # a key can land before the app reads keys on a loaded machine
        terminal.keys(":")
        time.sleep(0.5)
        terminal.type(f"community {community}")
        terminal.keys("Enter")
        try:
            terminal.wait_for("Moderation log", timeout=6)
            return
        except AssertionError:
            if attempt == 4:
                raise
            terminal.keys("Escape")
