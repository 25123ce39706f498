"""A token tip end to end in a real terminal: `agora` in tmux on anvil, the tip dialog's token
field, then the tip with a permit (one transaction) confirmed with real keypresses."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.test_e2e_tmux import Terminal, agora_in_tmux
from tui.core.chain.abi import encode_call, encode_signature
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.documents import post_document
from tui.core.content.store import LocalContentStore
from tui.core.tokens import DEMO_TOKEN
from tui.core.tokens.erc20 import balance_of

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def terminal(
    anvil: RpcClient, isolated_home: Path, tmp_path: Path
) -> Iterator[tuple[Terminal, str]]:
    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    token = deployment.contracts[DEMO_TOKEN]
    mint = encode_signature("mint(address,uint256)", [DEV_ADDRESSES[2], 100 * 10**18])
    send_transaction(anvil, DEV_KEYS[0], token, mint)
    cid = LocalContentStore(isolated_home / "content").put(
        post_document("tip me in DEMO", created_at=1)
    )
    send_transaction(anvil, DEV_KEYS[1], deployment.social, encode_call("Social", "post", [cid, 0]))
    network = Network(
        name="e2e",
        rpc_url=anvil.url,
        chain_id=31337,
        social=deployment.social,
        articles=deployment.articles,
        deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )
    with agora_in_tmux(isolated_home, tmp_path, network) as term:
        yield term, token


def test_a_token_tip_with_real_keys(terminal: tuple[Terminal, str], anvil: RpcClient) -> None:
    term, token = terminal
    term.wait_for("Home")
    term.press_until("2", "tip me in DEMO")
    term.press_until("t", "Balance:")
    term.keys("Tab", "Tab", "Tab")  # past the three ETH presets, to the amount
    term.type("2.5")
    term.keys("Tab")
    term.type(token)
    term.keys("Tab")
    term.type("DEMO")  # Agora does not know this network's token: its symbol, typed back
    term.keys("Enter")
    # DEMO takes permits: one confirmation, which says what the permit allows and until when
    screen = term.wait_for("tipTokenWithPermit")
    assert "signs a permit" in screen and "exactly 2.5 DEMO, valid until" in screen
    assert "Unknown token" in screen
    term.keys("y")
    term.wait_for("confirmed in block")
    assert balance_of(anvil, token, DEV_ADDRESSES[1]) == 25 * 10**17
