"""End to end in a real terminal: in `agora` under tmux, on a real anvil with real keys, a
funder opens a round with the wizard, two evaluators allocate to an article, the article token
changes hands, and its new holder claims the award. Screens are read with `tmux capture-pane`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.index.kit import Agora, deploy
from tests.rounds.conftest import past_wall_clock
from tests.ui.write.test_e2e_tmux import Terminal, tmux
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Settings, save_settings
from tui.core.content.store import LocalContentStore

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def session(
    anvil: RpcClient, isolated_home: Path, tmp_path: Path
) -> Iterator[tuple[Agora, Callable[[int], Terminal]]]:
    """The chain, and a way to run `agora` in tmux as dev account N (its active account)."""
    from tui.core.wallet import Secret
    from tui.core.wallet.stores import keyring_problem
    from tui.core.wallet.wallet import Wallet

    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the test keys: {problem}")
    chain = deploy(anvil, LocalContentStore(isolated_home / "content"))
    config = tmp_path / "agora-config" / "settings.toml"
    save_settings(Settings(network="e2e", networks={"e2e": chain.network}), config)
    wallet = Wallet(isolated_home)
    for i, key in enumerate(DEV_KEYS):
        wallet.import_key(Secret.from_hex_key(key), label=f"dev{i}")
    names: list[str] = []

    def run_as(i: int) -> Terminal:
        for name in names:  # one app at a time: the previous one is done
            subprocess.run([*tmux(name), "kill-server"], check=False)
        wallet.use(DEV_ADDRESSES[i])
        name = f"agora-rounds-{uuid.uuid4().hex[:8]}"
        names.append(name)
        agora = Path(sys.executable).with_name("agora")
        command = (
            f"env AGORA_HOME={isolated_home} AGORA_CONFIG={config} TERM=xterm-256color {agora}"
        )
        subprocess.run(
            [*tmux(name), "new-session", "-d", "-s", name, "-x", "110", "-y", "34", command],
            check=True,
        )
        return Terminal(name)

    try:
        yield chain, run_as
    finally:
        for name in names:
            subprocess.run([*tmux(name), "kill-server"], check=False)
        for address in DEV_ADDRESSES:
            wallet.remove(address)


def _fill(terminal: Terminal, text: str) -> None:
    if text:
        terminal.type(text)
        terminal.wait_for(text[-20:])  # a long value scrolls: its end is what shows
    terminal.keys("Enter")
    time.sleep(0.3)


def _allocate(run_as: Callable[[int], Terminal], who: int) -> None:
    terminal = run_as(who)
    terminal.wait_for("Home")
    terminal.press_until("F", "Funding rounds")
    terminal.press_until("r", "#1 allocating", timeout=40)  # once the index has the round
    terminal.keys("c")
    terminal.wait_for("article #1")
    terminal.keys("a")
    terminal.wait_for("Allocate to article #1")
    _fill(terminal, "0.1")
    _fill(terminal, f"useful, says dev{who}")
    screen = terminal.wait_for("Confirm transaction")
    assert "allocate(uint256,uint8,uint256,uint256,string)" in screen
    assert "Allocate 0.1 ETH to article #1 in round #1" in screen
    terminal.keys("y")
    terminal.wait_for("yours 0.1 ETH")  # the ballot reloads once the allocation is indexed


def test_open_allocate_twice_and_claim_as_the_certificate_holder(
    session: tuple[Agora, Callable[[int], Terminal]],
) -> None:
    chain, run_as = session
    chain.publish(1, "Field notes", "# Field notes\n\nwhat we learned")

    funder = run_as(0)
    funder.wait_for("Home")
    funder.press_until("F", "Funding rounds")
    funder.wait_for("No funding rounds yet")
    funder.keys("o")
    funder.wait_for("Open a funding round")
    # Name, description, scope, pot; no token (ETH) and so no symbol; the evaluators.
    for value in ("Field work", "", "notes", "1", "", "", f"{DEV_ADDRESSES[2]},{DEV_ADDRESSES[3]}"):
        _fill(funder, value)
    for value in ("", "1h", ""):  # quorum 2 and claims for 7d: the defaults
        _fill(funder, value)
    screen = funder.wait_for("Confirm transaction")
    assert "Open a funding round of 1 ETH with 2 evaluator(s), quorum 2" in screen
    funder.keys("y")
    funder.wait_for("#1 allocating")  # the list reloads once the round is mined and indexed

    _allocate(run_as, 2)
    _allocate(run_as, 3)

    # The certificate changes hands; then the allocation window closes.
    mined = chain.send(1, "Articles", "transferFrom", [DEV_ADDRESSES[1], DEV_ADDRESSES[0], 1])
    chain.mined(mined)
    past_wall_clock(chain.rpc, 3601)

    holder = run_as(0)
    holder.wait_for("Home")
    holder.press_until("F", "Funding rounds")
    holder.press_until("r", "0.2 ETH to claim for article #1 from round #1", timeout=40)
    holder.keys("y")
    screen = holder.wait_for("Confirm transaction")
    assert "Claim 0.2 ETH for article #1 from round #1" in screen
    assert DEV_ADDRESSES[0] in screen and "current holder of article #1" in screen
    holder.keys("y")
    rounds = chain.deployment.contracts["rounds"]
    deadline = time.monotonic() + 60
    while chain.rpc.balance(rounds) != 10**18 - 2 * 10**17:
        assert time.monotonic() < deadline, "the claim was never mined"
        time.sleep(0.2)
    # Once the claim is indexed, the award is no longer waiting for the holder.
    deadline = time.monotonic() + 30
    while "to claim for article #1" in holder.screen():
        assert time.monotonic() < deadline, holder.screen()
        time.sleep(0.2)
