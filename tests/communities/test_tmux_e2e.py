"""End to end in a real terminal on a real anvil: create a community, post, hide with a reason
from the rules, fork it, and restore the hidden post in the fork, with real keypresses."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.test_e2e_tmux import Terminal, tmux
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings, save_settings

pytestmark = [pytest.mark.anvil]


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    import shutil

    from tui.core.wallet import Secret
    from tui.core.wallet.stores import keyring_problem
    from tui.core.wallet.wallet import Wallet

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the test key: {problem}")
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )  # fmt: skip
    config = tmp_path / "agora-config" / "settings.toml"
    save_settings(Settings(network="e2e", networks={"e2e": network}), config)
    wallet = Wallet(isolated_home)
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="e2e")
    wallet.use(DEV_ADDRESSES[2])
    name = f"agora-communities-{uuid.uuid4().hex[:8]}"
    agora = Path(sys.executable).with_name("agora")
    command = f"env AGORA_HOME={isolated_home} AGORA_CONFIG={config} TERM=xterm-256color {agora}"
    subprocess.run(
        [*tmux(name), "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run([*tmux(name), "kill-server"], check=False)
        wallet.remove(DEV_ADDRESSES[2])


def _sign(terminal: Terminal, function: str, rpc: RpcClient) -> None:
    """Confirm and wait for *this* transaction's block: an earlier one's "confirmed in block"
    line can still be on screen, and the next keys would then run before this one landed."""
    screen = terminal.wait_for("Confirm transaction")
    assert function in screen, screen
    block = rpc.block_number() + 1  # anvil mines each transaction in a block of its own
    terminal.keys("y")
    terminal.wait_for(f"confirmed in block {block:,}")


def test_create_post_hide_fork_and_restore_in_the_fork(
    terminal: Terminal, anvil: RpcClient
) -> None:
    terminal.wait_for("Home")
    terminal.press_until("C", "No communities yet")
    terminal.keys("c")
    terminal.wait_for("Create a community")
    terminal.type("Tmux gardeners")
    terminal.keys("Tab")
    time.sleep(0.3)
    terminal.type("Grow food in the terminal")
    terminal.wait_for("Grow food in the terminal")
    terminal.keys("C-s")
    _sign(terminal, "create(string,string,bool,uint8)", anvil)
    # The list's row, not the confirmation line (which names the community too): Enter on a
    # list not yet reloaded opens nothing.
    terminal.wait_for("Tmux gardeners #1")
    terminal.keys("Enter")
    terminal.wait_for("you: moderator")

    terminal.keys("n")
    terminal.wait_for("Post in community #1")
    terminal.type("buy my seeds")
    terminal.keys("C-s")
    _sign(terminal, "post(uint256,string,uint256)", anvil)
    terminal.wait_for("buy my seeds")

    terminal.keys("h")
    terminal.wait_for("Hide post #1: why?")
    terminal.keys("Space")
    time.sleep(0.3)
    terminal.keys("C-s")
    _sign(terminal, "moderate(uint256,uint8,uint256,string)", anvil)
    screen = terminal.wait_for("rule 1 · reason ✓ verified — v to view")
    assert "buy my seeds" not in screen

    terminal.keys("2")
    terminal.wait_for("hide post #1")
    terminal.keys("1", "f")
    terminal.wait_for("Fork community #1")
    terminal.keys("Tab")
    time.sleep(0.3)
    terminal.type("Seeds may be sold here")
    terminal.wait_for("Seeds may be sold here")
    terminal.keys("C-s")
    _sign(terminal, "fork(uint256,string,string,bool,uint8)", anvil)
    terminal.keys("5")
    terminal.wait_for("fork of #1")
    terminal.keys("Enter")
    screen = terminal.wait_for("Tmux gardeners (fork) · #2")
    terminal.wait_for("in #1 · rule 1")  # the parent's hide, inherited up to the fork

    terminal.keys("u")
    terminal.wait_for("Restore post #1: why?")
    terminal.keys("Space")
    time.sleep(0.3)
    terminal.keys("C-s")
    _sign(terminal, "moderate(uint256,uint8,uint256,string)", anvil)
    screen = terminal.wait_for("buy my seeds")
    assert "v to view" not in screen
