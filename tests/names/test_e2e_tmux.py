"""End to end in a real terminal: register a name with the TUI's command line, post, and see
the verified name on the timeline (`agora` in tmux, on anvil with ENS's real bytecode)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.test_e2e_tmux import Terminal, agora_in_tmux, tmux
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def confirm_steps(terminal: Terminal, name: str, timeout: float = 60.0) -> None:
    """Confirm the four registration steps, each shown as "Step N of 4"."""
    for step in range(1, 5):
        screen = terminal.wait_for(f"Step {step} of 4", timeout=timeout)
        if step == 1:
            assert f"Claim the name {name}" in screen
        terminal.wait_for("Confirm transaction")
        terminal.keys("y")


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)  # with ENS
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=deployment.contracts,
    )  # fmt: skip
    with agora_in_tmux(isolated_home, tmp_path, network) as term:
        yield term


def test_register_a_name_post_and_see_it_on_the_timeline(terminal: Terminal) -> None:
    terminal.wait_for("Home")
    terminal.press_until(":", "Tab completes")
    terminal.type("name-register carol")
    terminal.keys("Enter")
    confirm_steps(terminal, "carol.eth")
    terminal.wait_for("carol.eth is yours")
    terminal.press_until("n", "New post")
    terminal.type("gm, I have a name now")
    terminal.keys("C-s")
    terminal.wait_for("Confirm transaction")
    terminal.keys("y")
    terminal.wait_for("confirmed in block")
    screen = terminal.wait_for("carol.eth ✓")
    assert "gm, I have a name now" in screen


@pytest.fixture
def first_run(isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    """`agora` on a first run: no account, the embedded devnet (started by the app)."""
    from tui.core.wallet.stores import keyring_problem

    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the new key: {problem}")
    config = tmp_path / "agora-config" / "settings.toml"
    name = f"agora-signup-{uuid.uuid4().hex[:8]}"
    agora = Path(sys.executable).with_name("agora")
    command = (
        f"env AGORA_HOME={isolated_home} AGORA_CONFIG={config} AGORA_DEVNET_PORT=0 "
        f"TERM=xterm-256color {agora}"
    )
    subprocess.run(
        [*tmux(name), "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run([*tmux(name), "kill-server"], check=False)
        from tui.core.wallet.wallet import Wallet

        wallet = Wallet(isolated_home)
        for account in wallet.accounts():
            wallet.remove(account.address)


def test_sign_up_with_a_name_on_the_welcome_screen(first_run: Terminal) -> None:
    terminal = first_run
    terminal.wait_for("Welcome to Agora")
    terminal.wait_for("your verified name")  # the name field, offered with a usable keyring
    for _ in range(3):  # label → passphrase → import → name
        terminal.keys("Tab")
    terminal.type("zed")
    terminal.keys("Enter")
    confirm_steps(terminal, "zed.eth", timeout=90)
    terminal.wait_for("zed.eth is yours", timeout=90)
    terminal.press_until("n", "New post")
    terminal.type("first post under my name")
    terminal.keys("C-s")
    terminal.wait_for("Confirm transaction")
    terminal.keys("y")
    terminal.wait_for("confirmed in block")
    terminal.press_until("u", "first post under my name")  # the new-posts line: to the top
    screen = terminal.wait_for("zed.eth ✓")
    assert "account zed.eth ✓" in screen  # the status bar too


def test_verified_avatars_beside_authors_in_rows(
    anvil: RpcClient, isolated_home: Path, tmp_path: Path
) -> None:
    """A real terminal draws ada's avatar (half-blocks: tmux) beside her verified name in the
    global timeline; a name-less author gets none."""
    import base64

    from tests.conftest import DEV_ADDRESSES
    from tests.index.kit import Agora
    from tui.core.chain.deploy import send_transaction
    from tui.core.content.store import LocalContentStore
    from tui.core.ens.demo import identicon_png
    from tui.core.ens.deploy import EnsDeployment
    from tui.core.ens.records import register_steps

    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    kit = Agora(anvil, deployment, LocalContentStore(isolated_home / "content"))
    ens = EnsDeployment.from_contracts(deployment.contracts)
    assert ens is not None
    avatar = "data:image/png;base64," + base64.b64encode(identicon_png("ada", 32)).decode()
    for step in register_steps(ens, "ada", DEV_ADDRESSES[1], avatar=avatar):
        send_transaction(anvil, DEV_KEYS[1], step.to, step.data)
    kit.post(3, "a post by someone without a name")
    kit.post(1, "ada wears her avatar")
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=deployment.contracts,
    )  # fmt: skip
    with agora_in_tmux(isolated_home, tmp_path, network) as terminal:
        terminal.wait_for("Home")
        terminal.press_until("2", "ada wears her avatar")
        screen = terminal.wait_for("▀▀▀▀ ada.eth ✓", timeout=30)
        row = next(line for line in screen.splitlines() if "ada.eth ✓ 0x" in line)
        assert "▀▀▀▀ ada.eth ✓" in row
        assert "▀▀▀▀ 0x90F7" not in screen and "▀▀▀▀ 0x3C44" not in screen
