"""End to end in a real terminal: `agora` in tmux on anvil with EAS; endorse someone with `E`,
acknowledge them as an expert with `A` as a community's moderator, and see the ★ expert badge.
The screen is read back with `tmux capture-pane`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.attest.conftest import calldata, deploy_fake_communities
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.test_e2e_tmux import Terminal, tmux
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings, save_settings
from tui.core.content.documents import post_document
from tui.core.content.store import LocalContentStore

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    from tui.core.wallet import Secret
    from tui.core.wallet.stores import keyring_problem
    from tui.core.wallet.wallet import Wallet

    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the test key: {problem}")
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    communities = deploy_fake_communities(anvil)
    set_mod = calldata(
        "setModerator(uint256,address,bool)", ["uint256", "address", "bool"],
        [3, DEV_ADDRESSES[2], True],
    )  # fmt: skip
    send_transaction(anvil, DEV_KEYS[0], communities, set_mod)
    store = LocalContentStore(isolated_home / "content")
    cid = store.put(
        post_document("Shipped a Vyper audit checklist today.", created_at=1_750_000_000)
    )
    send_transaction(anvil, DEV_KEYS[1], deployment.social, encode_call("Social", "post", [cid, 0]))
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts={**deployment.contracts, "communities": communities},
    )  # fmt: skip
    config = tmp_path / "agora-config" / "settings.toml"
    save_settings(Settings(network="e2e", networks={"e2e": network}), config)
    wallet = Wallet(isolated_home)
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="e2e")
    wallet.use(DEV_ADDRESSES[2])
    name = f"agora-e2e-{uuid.uuid4().hex[:8]}"
    agora = Path(sys.executable).with_name("agora")
    command = f"env AGORA_HOME={isolated_home} AGORA_CONFIG={config} TERM=xterm-256color {agora}"
    subprocess.run(
        [*tmux(name), "new-session", "-d", "-s", name, "-x", "110", "-y", "34", command], check=True
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run([*tmux(name), "kill-server"], check=False)
        wallet.remove(DEV_ADDRESSES[2])


def test_endorse_acknowledge_and_see_the_expert_badge(terminal: Terminal) -> None:
    terminal.wait_for("synced")  # the post is indexed before Global is first opened
    terminal.press_until("2", "Vyper audit checklist")
    terminal.press_until("p", "Profile")
    terminal.wait_for("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    # Endorse, citing the highlighted post (#1, filled in).
    terminal.press_until("E", "For a skill")
    terminal.wait_for("Community id (optional)")
    terminal.type("Vyper")
    terminal.wait_for("Vyper  ")
    terminal.keys("Enter")
    time.sleep(0.3)
    terminal.type("3")
    terminal.wait_for("3  ")
    terminal.keys("Enter")
    time.sleep(0.3)
    terminal.keys("Enter")
    screen = terminal.wait_for("Confirm transaction")
    assert "attest((bytes32" in screen and "Vyper" in screen
    terminal.keys("y")
    # The profile reloads once the write is indexed; its tab 3 then lists the endorsement.
    screen = terminal.press_until("3", "yours (X revokes)")
    assert "endorsed in community 3 by" in screen and "evidence post #1" in screen
    # Acknowledge the same person as an expert, as the moderator of community 3.
    terminal.press_until("A", "Acknowledge an expert")
    terminal.wait_for("Level 1 (practitioner)")
    terminal.type("4")
    time.sleep(0.3)
    terminal.keys("C-s")
    screen = terminal.wait_for("Confirm transaction")
    assert "Acknowledge 0x70997970C51812dc3A010C7d01b50e0d17dc79C8" in screen
    terminal.keys("y")
    screen = terminal.press_until("3", "★ expert")
    assert "level 4, community 3" in screen
