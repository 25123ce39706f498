"""End to end in a real terminal: in a community that weighs votes by earned points, `+` on a
proposal builds the voter's proof from the chain, the confirmation shows the weight, and the
vote lands with it (real anvil, real keyring; run under tests/with-keyring.sh)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.points.conftest import garden_first_epoch, open_community
from tests.ui.write.test_e2e_tmux import Terminal, agora_in_tmux
from tui.core.chain.abi import decode_result, encode_call
from tui.core.chain.deploy import Deployment, send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network

pytestmark = [pytest.mark.anvil, pytest.mark.skipif(
    subprocess.run(["which", "tmux"], capture_output=True).returncode != 0, reason="no tmux")]  # fmt: skip

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"


def _chain(rpc: RpcClient, d: Deployment) -> None:
    """Community 1 governed by vote, weighing by points: account 2 earned epoch 0's pool; a
    proposal opened after that root."""
    communities = d.contracts["communities"]

    garden_first_epoch(rpc, d, CID, 1)

    def send(key: int, to: str, contract: str, fn: str, args: list[object]) -> None:
        send_transaction(rpc, DEV_KEYS[key], to, encode_call(contract, fn, args))

    send(0, communities, "Communities", "setPointsRules", [1, True, 1, 0])
    send(0, communities, "Communities", "propose", [1, 1, int(DEV_ADDRESSES[3], 16), CID])


@pytest.fixture
def chain(anvil: RpcClient) -> Deployment:
    d = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    _chain(anvil, d)
    return d


@pytest.fixture
def terminal(
    anvil: RpcClient, chain: Deployment, isolated_home: Path, tmp_path: Path
) -> Iterator[Terminal]:
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=chain.social,
        articles=chain.articles, deploy_block=chain.block, contracts=chain.contracts,
    )  # fmt: skip
    with agora_in_tmux(isolated_home, tmp_path, network) as term:
        yield term


def test_a_vote_carries_its_proof_and_shows_its_weight(
    terminal: Terminal, anvil: RpcClient, chain: Deployment
) -> None:
    terminal.wait_for("Home")
    terminal.wait_for("synced")
    open_community(terminal, 1)
    terminal.press_until("6", "add-mod")
    terminal.keys("+")
    screen = terminal.wait_for("Confirm transaction")
    screen = terminal.wait_for("weight 1000")
    assert "voteEarned" in screen
    terminal.keys("y")
    terminal.wait_for("yes 1000")  # the proposals tab, reloaded once the vote is confirmed
    out = anvil.eth_call(chain.contracts["communities"],
                         encode_call("Communities", "proposals", [1]))  # fmt: skip
    result = decode_result("Communities", "proposals", out)
    row = result[0] if len(result) == 1 else result
    assert row[6] == 1000
