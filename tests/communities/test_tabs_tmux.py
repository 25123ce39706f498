"""End to end in a real terminal on a real anvil: the main screen's Communities tab (``5``)
shows a joined community's post, ``d`` opens a private conversation with its author, and the
directory (``C``) lists the community and opens it (shared launcher, real keyring)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.test_e2e_tmux import Terminal, agora_in_tmux
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
AUTHOR = DEV_ADDRESSES[3]


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    """Community #1 by account 0, joined by the user (account 2) and by account 3, who posted."""
    d = deploy_contracts(anvil, DEV_KEYS[0])
    communities = d.contracts["communities"]

    def send(key: int, fn: str, args: list[object]) -> None:
        send_transaction(anvil, DEV_KEYS[key], communities, encode_call("Communities", fn, args))

    send(0, "create", [CID, CID, False, 0])
    send(2, "join", [1])
    send(3, "join", [1])
    send(3, "post", [1, CID, 0])
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=d.social, articles=d.articles,
        deploy_block=d.block, contracts=dict(d.contracts),
    )  # fmt: skip
    with agora_in_tmux(isolated_home, tmp_path, network) as term:
        yield term


def test_communities_tab_message_the_author_and_open_from_the_directory(
    terminal: Terminal,
) -> None:
    terminal.wait_for("Home")
    terminal.wait_for("synced")
    screen = terminal.press_until("5", "in community #1")
    assert f"{AUTHOR[:6]}…{AUTHOR[-4:]}" in screen
    terminal.keys("d")  # the highlighted post is account 3's
    terminal.wait_for("Write a private message")
    terminal.wait_for(AUTHOR[:30])  # the conversation with the post's author, in full
    terminal.keys("Escape")
    terminal.press_until("C", "1 post")
    terminal.keys("Enter")
    terminal.wait_for("Moderation log")
    screen = terminal.wait_for("you: member")
    assert f"{AUTHOR[:6]}…{AUTHOR[-4:]}" in screen, screen  # its post, on its own timeline
