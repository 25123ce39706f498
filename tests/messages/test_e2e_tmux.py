"""End to end in a real terminal: `agora` in tmux on a real anvil; a peer's sealed message
shows on the Messages screen (M), and a reply typed there is confirmed and sent with real
keypresses; the screen is read back with `tmux capture-pane`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.test_e2e_tmux import Terminal, tmux
from tui.core.chain.abi import encode_call, encode_signature
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network, Settings, save_settings
from tui.core.content.documents import profile_document
from tui.core.content.store import LocalContentStore
from tui.core.messages.crypto import DmKey
from tui.core.messages.intent import FUNCTION, message_intent
from tui.core.messages.message import seal_message
from tui.core.wallet.secret import Secret
from tui.core.wallet.signer import Signer

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def signer(i: int) -> Signer:
    return Signer(Account.from_key(DEV_KEYS[i]).address, Secret.from_hex_key(DEV_KEYS[i]))


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    from tui.core.wallet.stores import keyring_problem
    from tui.core.wallet.wallet import Wallet

    problem = keyring_problem()
    if problem:
        pytest.skip(f"no usable keyring to hold the test key: {problem}")
    deployment = deploy_contracts(anvil, DEV_KEYS[0])
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )  # fmt: skip
    store = LocalContentStore(isolated_home / "content")
    keys = {i: DmKey.from_signer(signer(i)) for i in (1, 2)}
    for i in (1, 2):  # both publish their message keys
        doc = profile_document(f"dev{i}", dm_key=keys[i].public.hex())
        call = encode_call("Social", "setProfile", [store.put(doc)])
        send_transaction(anvil, DEV_KEYS[i], deployment.social, call)
    to_2, to_1 = seal_message(signer(1), keys[1], DEV_ADDRESSES[2], keys[2].public,
                              "psst: the demo is at noon", ts=1, chain_id=31337)  # fmt: skip
    intent = message_intent(DEV_ADDRESSES[2], to_2, to_1, store)
    data = encode_signature(FUNCTION, list(intent.args))
    send_transaction(anvil, DEV_KEYS[1], deployment.contracts["inbox"], data)

    config = tmp_path / "agora-config" / "settings.toml"
    save_settings(Settings(network="e2e", networks={"e2e": network}), config)
    wallet = Wallet(isolated_home)
    wallet.import_key(Secret.from_hex_key(DEV_KEYS[2]), label="e2e")
    wallet.use(DEV_ADDRESSES[2])
    name = f"agora-dm-{uuid.uuid4().hex[:8]}"
    agora = Path(sys.executable).with_name("agora")
    command = f"env AGORA_HOME={isolated_home} AGORA_CONFIG={config} TERM=xterm-256color {agora}"
    subprocess.run(
        [*tmux(name), "new-session", "-d", "-s", name, "-x", "110", "-y", "32", command], check=True
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run([*tmux(name), "kill-server"], check=False)
        wallet.remove(DEV_ADDRESSES[2])


def test_read_and_reply_in_the_messages_screen(terminal: Terminal) -> None:
    terminal.wait_for("Home")
    screen = terminal.press_until("M", "psst: the demo is at noon")
    assert "1 new" in screen or "new" in screen
    for _ in range(50):  # the reply line has focus once the footer drops the list's keys
        terminal.keys("i")
        time.sleep(0.2)
        if "i Write" not in terminal.screen():
            break
    terminal.type("see you at noon")
    terminal.keys("Enter")
    terminal.wait_for("Confirm transaction")
    terminal.keys("y")
    terminal.wait_for("confirmed", timeout=90)
    terminal.press_until("r", "see you at noon", timeout=90)
    screen = terminal.wait_for("you ")
    assert "Traceback" not in screen
