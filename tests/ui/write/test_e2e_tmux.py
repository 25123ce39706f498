"""End to end in a real terminal: `agora` in tmux on a real anvil posts, publishes and tips
with real keypresses; the screen is read back with `tmux capture-pane`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings, save_settings

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

DEADLINE = 60.0


def tmux(name: str) -> list[str]:
    """tmux on a private server socket: a server the user already runs would start the app
    with its own environment (no test keyring, another AGORA_HOME)."""
    return ["tmux", "-L", name]


class Terminal:
    """One tmux session running a command; keys in, screen text out."""

    def __init__(self, name: str, diagnose: Callable[[], str] | None = None) -> None:
        self.name = name
        self.diagnose = diagnose
        """What else to print when a wait fails (e.g. the outbox), to tell a slow machine
        from a lost transaction."""

    def keys(self, *keys: str, literal: bool = False) -> None:
        args = [*tmux(self.name), "send-keys", "-t", self.name, *(["-l"] if literal else []), *keys]
        subprocess.run(args, check=True)

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    def screen(self) -> str:
        out = subprocess.run(
            [*tmux(self.name), "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
        )
        return out.stdout

    def press_until(self, key: str, text: str, timeout: float = DEADLINE) -> str:
        """Press ``key`` (again every few seconds, bounded) until ``text`` shows: the first
        press can land before the app reads keys on a loaded machine."""
        deadline = time.monotonic() + timeout
        while True:
            self.keys(key)
            try:
                return self.wait_for(text, timeout=min(5.0, max(deadline - time.monotonic(), 0.1)))
            except AssertionError:
                if time.monotonic() >= deadline:
                    raise

    def wait_for(self, text: str, timeout: float = DEADLINE) -> str:
        """Poll the screen until ``text`` shows (bounded); fail with the last screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        more = f"\n{self.diagnose()}" if self.diagnose else ""
        raise AssertionError(f"{text!r} never appeared. Last screen:\n{screen}{more}")


def outbox_of(agora: Path, home: Path, config: Path) -> Callable[[], str]:
    """``agora tx list`` and the notices log of the app under test (the same home and
    settings), for diagnostics."""

    def listing() -> str:
        env = {**os.environ, "AGORA_HOME": str(home), "AGORA_CONFIG": str(config)}
        try:
            out = subprocess.run(
                [str(agora), "tx", "list"], env=env, capture_output=True, text=True, timeout=30
            )
        except subprocess.TimeoutExpired:
            return "agora tx list: no answer in 30 s"
        log = home / "notices.log"  # the warnings and errors the app showed
        shown = log.read_text("utf-8")[-4000:] if log.exists() else "(none)\n"
        return f"agora tx list:\n{out.stdout}{out.stderr}notices.log:\n{shown}"

    return listing


@contextmanager
def agora_in_tmux(
    home: Path, config_dir: Path, network: Network, key: int = 2
) -> Iterator[Terminal]:
    """`agora` in a private tmux server on ``network``, as dev account ``key`` (its key in the
    real keyring), 100×30; everything is removed afterwards. Skips without a usable keyring."""
    from tui.core.wallet import Secret
    from tui.core.wallet.stores import keyring_problem
    from tui.core.wallet.wallet import Wallet

    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the test key: {problem}")
    config = config_dir / "agora-config" / "settings.toml"
    save_settings(Settings(network=network.name, networks={network.name: network}), config)
    wallet = Wallet(home)
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[key]), label="e2e")
    wallet.use(DEV_ADDRESSES[key])
    name = f"agora-e2e-{uuid.uuid4().hex[:8]}"
    agora = Path(sys.executable).with_name("agora")
    command = f"env AGORA_HOME={home} AGORA_CONFIG={config} TERM=xterm-256color {agora}"
    subprocess.run(
        [*tmux(name), "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True
    )
    try:
        yield Terminal(name, outbox_of(agora, home, config))
    finally:
        subprocess.run([*tmux(name), "kill-server"], check=False)
        wallet.remove(DEV_ADDRESSES[key])


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="e2e",
        rpc_url=anvil.url,
        chain_id=31337,
        social=deployment.social,
        articles=deployment.articles,
        deploy_block=deployment.block,
    )
    with agora_in_tmux(isolated_home, tmp_path, network) as term:
        yield term


def test_post_publish_and_tip_with_real_keys(terminal: Terminal) -> None:
    terminal.wait_for("Home")
    # Post.
    terminal.press_until("n", "New post")
    terminal.type("gm from tmux")
    terminal.keys("C-s")
    screen = terminal.wait_for("Confirm transaction")
    assert "chain id 31337" in screen and "post(string,uint256)" in screen
    terminal.keys("y")
    terminal.wait_for("confirmed in block")
    # Publish an article with editions.
    terminal.press_until("W", "New article")
    terminal.type("Tmux times")
    terminal.wait_for("Tmux times")
    terminal.keys("Tab")
    time.sleep(0.3)
    terminal.type("A summary")
    terminal.wait_for("A summary")
    terminal.keys("Tab")
    time.sleep(0.3)
    terminal.type("# Hello")
    terminal.wait_for("7 / 262,144 bytes")
    terminal.keys("C-s")
    terminal.wait_for("Publish article")
    terminal.type("0.001")
    terminal.wait_for("0.001")
    terminal.keys("Enter")
    time.sleep(0.3)
    terminal.type("10")
    terminal.keys("Enter")
    screen = terminal.wait_for("Confirm transaction")
    assert "publish(string,uint256,uint256)" in screen
    terminal.keys("y")
    terminal.wait_for("Publish the article")
    terminal.wait_for("confirmed in block")
    # Tip our own post once the timeline shows it (the app syncs after each confirmed tx).
    terminal.keys("2")
    terminal.wait_for("gm from tmux", timeout=20)
    terminal.press_until("t", "Balance:")
    terminal.keys("1")
    screen = terminal.wait_for("Confirm transaction")
    assert "tip(uint256)" in screen
    terminal.keys("y")
    terminal.wait_for("Tip 0.001 ETH to the author of post #1 — confirmed in block")
