"""End to end in a real terminal: `agora` in tmux on a real anvil opens a community's points,
warns of a padded pending root, and claims with a real key (run under tests/with-keyring.sh)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.points.conftest import TREE_CID, garden_first_epoch, open_community
from tests.ui.write.test_e2e_tmux import Terminal, outbox_of, tmux
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import Deployment, send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings, save_settings

pytestmark = [pytest.mark.anvil, pytest.mark.skipif(
    subprocess.run(["which", "tmux"], capture_output=True).returncode != 0, reason="no tmux")]  # fmt: skip

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"


def _chain(rpc: RpcClient, d: Deployment) -> None:
    """Community 1 with points: epoch 0 accepted (account 2 earned), epoch 1's root padded."""
    points = d.contracts["points"]

    meta = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
    info, dist = garden_first_epoch(rpc, d, meta, 0)

    def send(key: int, to: str, contract: str, fn: str, args: list[object]) -> None:
        send_transaction(rpc, DEV_KEYS[key], to, encode_call(contract, fn, args))

    rpc.call("anvil_mine", [hex(max(1, info.config.end(1) - rpc.block_number()))])
    send(0, points, "Points", "proposeRoot", [1, 1, b"\x01" * 32, dist.total + 10**18, TREE_CID])


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    from tui.core.wallet import Secret
    from tui.core.wallet.stores import keyring_problem
    from tui.core.wallet.wallet import Wallet

    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the test key: {problem}")
    d = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    _chain(anvil, d)
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=d.social, articles=d.articles,
        deploy_block=d.block, contracts=d.contracts,
    )  # fmt: skip
    config = tmp_path / "agora-config" / "settings.toml"
    save_settings(Settings(network="e2e", networks={"e2e": network}), config)
    wallet = Wallet(isolated_home)
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="e2e")
    wallet.use(DEV_ADDRESSES[2])
    name = f"agora-points-{uuid.uuid4().hex[:8]}"
    agora = Path(sys.executable).with_name("agora")
    command = f"env AGORA_HOME={isolated_home} AGORA_CONFIG={config} TERM=xterm-256color {agora}"
    subprocess.run(
        [*tmux(name), "new-session", "-d", "-s", name, "-x", "110", "-y", "34", command], check=True
    )
    try:
        yield Terminal(name, outbox_of(agora, isolated_home, config))
    finally:
        subprocess.run([*tmux(name), "kill-server"], check=False)
        wallet.remove(DEV_ADDRESSES[2])


def test_points_mismatch_warning_and_a_claim_with_real_keys(terminal: Terminal) -> None:
    terminal.wait_for("Home")
    terminal.wait_for("synced")
    # points news once the network is ready: the claimable amount and the padded root
    terminal.wait_for("to claim in community #1")
    terminal.wait_for("MISMATCH in community #1")
    open_community(terminal, 1)
    screen = terminal.press_until("o", "MISMATCH: the pending root of epoch 1")
    assert "✓ matches the rule" in screen
    assert "claimable 1,000" in screen
    terminal.keys("c")
    terminal.wait_for("Confirm transaction")
    terminal.wait_for("claim(uint256,address,uint256,bytes32[])")
    terminal.keys("y")
    screen = terminal.wait_for("1,000 GRD held")  # reloaded once the claim is confirmed
    assert "claimable 0" in screen
