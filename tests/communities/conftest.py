"""Fixtures for the Communities tests: Social, Articles and Communities on a real anvil."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import DEV_KEYS
from tests.contracts.conftest import ADDRESSES, Chain
from tests.deployed import deploy_contracts
from tui.core.chain.abi import EventDecoder, decode_log, load_abi
from tui.core.chain.rpc import RpcClient
from tui.core.communities.deploy import DEVNET_VOTING_PERIOD, KEY

VOTING_PERIOD = DEVNET_VOTING_PERIOD
CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
CID2 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
META = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
RULES = "bafkreidivzimqfqtoqxkrpge6bjyhlvxqs3rhe73owtmdulaxr5do5in7u"
HIDE, RESTORE, BAN, UNBAN = 1, 2, 3, 4


@dataclass
class CommunityChain(Chain):
    """A Chain that also knows the Communities address."""

    communities: str = ""

    def address(self, contract: str) -> str:
        if contract == "Communities":
            return self.communities
        return super().address(contract)

    def events(self, receipt: dict[str, Any]) -> list[Any]:
        """Decode a receipt's logs: Social's with the base decoder, Communities' with its ABI."""
        decoder = EventDecoder(load_abi("Communities"))
        decoded = [decode_log(log) or decoder.decode(log) for log in receipt["logs"]]
        assert all(d is not None for d in decoded), "a log of ours failed to decode"
        return decoded

    def mine(self, blocks: int) -> None:
        self.rpc.call("anvil_mine", [hex(blocks)])

    def names(self, receipt: dict[str, Any]) -> list[str]:
        return [event.name for event in self.events(receipt)]

    def create(self, *, key: int = 0, restricted: bool = False, governance: int = 0) -> int:
        self.send("Communities", "create", [META, RULES, restricted, governance], key=key)
        count: int = self.call("Communities", "communityCount", [])
        return count

    def post(self, community: int, parent: int = 0, *, key: int = 0) -> int:
        receipt = self.send("Communities", "post", [community, CID, parent], key=key)
        (posted,) = [e for e in self.events(receipt) if e.name == "CommunityPost"]
        post_id: int = posted.args["id"]
        return post_id


@pytest.fixture
def cc(anvil: RpcClient) -> CommunityChain:
    """Social, Articles and Communities as the devnet deploys them (a short voting period)."""
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    return CommunityChain(anvil, deployment, deployment.contracts[KEY])


@pytest.fixture
def chain(anvil: RpcClient) -> Chain:
    """Social and Articles alone: Communities not yet named in Social."""
    return Chain(anvil, deploy_contracts(anvil, DEV_KEYS[0], extensions=False))


def addr_int(index: int) -> int:
    return int(ADDRESSES[index], 16)
