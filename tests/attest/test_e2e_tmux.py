"""End to end in a real terminal: `agora` in tmux on anvil with EAS (the shared launcher
``agora_in_tmux``); endorse someone with `E`, acknowledge them as an expert with `A` as a
community's moderator, and see the ★ expert badge on their profile and, with the real
Communities contract, on their posts in the community's timeline and under its experts filter.
The screen is read back with `tmux capture-pane`."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.attest.conftest import calldata, deploy_fake_communities
from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.deployed import deploy_contracts
from tests.ui.write.test_e2e_tmux import Terminal, agora_in_tmux
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.documents import post_document
from tui.core.content.store import LocalContentStore

pytestmark = [
    pytest.mark.anvil,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _endorse(terminal: Terminal, skill: str, community: str) -> None:
    """``E`` on a profile: the skill, the community id, the evidence as filled in; confirm."""
    terminal.press_until("E", "For a skill")
    terminal.wait_for("Community id (optional)")
    for value in (skill, community):
        terminal.type(value)
        terminal.wait_for(f"{value}  ")
        terminal.keys("Enter")
        time.sleep(0.3)
    terminal.keys("Enter")
    screen = terminal.wait_for("Confirm transaction")
    assert "attest((bytes32" in screen and skill in screen
    terminal.keys("y")


@pytest.fixture
def terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
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
    with agora_in_tmux(isolated_home, tmp_path, network) as term:
        yield term


def test_endorse_acknowledge_and_see_the_expert_badge(terminal: Terminal) -> None:
    terminal.wait_for("synced")  # the post is indexed before Global is first opened
    terminal.press_until("2", "Vyper audit checklist")
    terminal.press_until("p", "Profile")
    terminal.wait_for("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    # Endorse, citing the highlighted post (#1, filled in).
    _endorse(terminal, "Vyper", "3")
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


@pytest.fixture
def community_terminal(anvil: RpcClient, isolated_home: Path, tmp_path: Path) -> Iterator[Terminal]:
    """Agora with the real Communities and EAS on anvil: community #1 owned by the tmux account
    (dev account 2), where dev account 1 posted."""
    from tui.core.communities import documents as docs

    deployment = deploy_contracts(anvil, DEV_KEYS[0], devnet=True)
    hub = deployment.contracts["communities"]
    store = LocalContentStore(isolated_home / "content")
    meta = store.put(docs.meta_document("Rustaceans", "Rust, reviewed together"))
    rules = store.put(docs.rules_document([(1, "Be kind.")]))
    send_transaction(
        anvil, DEV_KEYS[2], hub, encode_call("Communities", "create", [meta, rules, False, 0])
    )
    owner_post = store.put(post_document("Welcome, post your crates.", created_at=1_750_000_000))
    send_transaction(
        anvil, DEV_KEYS[2], hub, encode_call("Communities", "post", [1, owner_post, 0])
    )
    send_transaction(anvil, DEV_KEYS[1], hub, encode_call("Communities", "join", [1]))
    cid = store.put(post_document("My borrow-checker cheat sheet.", created_at=1_750_000_100))
    send_transaction(anvil, DEV_KEYS[1], hub, encode_call("Communities", "post", [1, cid, 0]))
    network = Network(
        name="e2e", rpc_url=anvil.url, chain_id=31337, social=deployment.social,
        articles=deployment.articles, deploy_block=deployment.block,
        contracts=dict(deployment.contracts),
    )  # fmt: skip
    with agora_in_tmux(isolated_home, tmp_path, network) as term:
        yield term


def test_endorse_acknowledge_and_see_the_badge_in_the_community_timeline(
    community_terminal: Terminal,
) -> None:
    terminal = community_terminal
    terminal.wait_for("synced")
    terminal.press_until("C", "Rustaceans")
    terminal.keys("Enter")
    screen = terminal.wait_for("borrow-checker cheat sheet")
    assert "★ expert" not in screen
    # The newest post (dev account 1's) is highlighted: its thread, then its author's profile.
    terminal.keys("Enter")
    terminal.wait_for("Thread #")
    terminal.press_until("p", "Profile")
    _endorse(terminal, "Rust", "1")
    terminal.press_until("3", "yours (X revokes)")
    # As community #1's owner, acknowledge them as an expert, level 3.
    terminal.press_until("A", "Acknowledge an expert")
    terminal.wait_for("Level 1 (practitioner)")
    terminal.type("3")
    time.sleep(0.3)
    terminal.keys("C-s")
    terminal.wait_for("Confirm transaction")
    terminal.keys("y")
    terminal.press_until("3", "★ expert")
    # Back in the community: the badge is on their post, and * keeps only experts' posts.
    terminal.keys("Escape")
    terminal.wait_for("Thread #")
    terminal.keys("Escape")
    # the thread shows the badge too: wait for the community's own page before reading it
    screen = terminal.wait_for("Welcome, post your crates.")
    assert "★ expert: Rust (level 3)" in screen
    terminal.keys("*")
    screen = terminal.wait_for("showing experts only")
    assert "★ expert: Rust (level 3)" in screen and "borrow-checker" in screen
    assert "Welcome, post your crates." not in screen
