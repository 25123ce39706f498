"""CLI writes say who gets the money and show amounts exactly (subprocesses, real anvil)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import account, agora, write_settings  # noqa: F401
from tests.conftest import DEV_ADDRESSES
from tui.core.chain.abi import encode_call
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network
from tui.core.content.documents import post_document
from tui.core.content.store import LocalContentStore


def _send(rpc: RpcClient, sender: str, to: str, data: str) -> None:
    tx = rpc.call("eth_sendTransaction", [{"from": sender, "to": to, "data": data}])
    for _ in range(200):
        receipt = rpc.receipt(tx)
        if receipt is not None:
            assert receipt["status"] == "0x1"
            return
        time.sleep(0.02)
    raise AssertionError("not mined")


@pytest.fixture
def post_by_other(anvil: RpcClient, network: Network, isolated_home: Path) -> str:
    """Post #1, written by dev account 2 (anvil's dev accounts are unlocked)."""
    cid = LocalContentStore(isolated_home / "content").put(post_document("tip me", created_at=1))
    author = DEV_ADDRESSES[2]
    _send(anvil, author, network.social, encode_call("Social", "post", [cid, 0]))
    return author


@pytest.mark.usefixtures("account")
def test_tip_dry_run_names_the_author_and_shows_a_gwei_exactly(post_by_other: str) -> None:
    dry = agora("tip", "1", "0.000000001", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"pays:      {post_by_other}, author of post #1" in dry.stdout
    assert "value:     0.000000001 ETH (1000000000 wei)" in dry.stdout
    assert "(dry run: nothing was signed)" in dry.stdout
    data = json.loads(agora("tip", "1", "0.000000001", "--dry-run", "--json").stdout)
    assert data["confirmation"]["payee"] == {
        "address": post_by_other,
        "reason": "author of post #1",
        "name": "",
        "name_verified": False,
    }
    assert data["confirmation"]["value_eth"] == "0.000000001"


@pytest.mark.usefixtures("account")
def test_publish_dry_run_shows_the_price_in_eth_beside_wei(tmp_path: Path) -> None:
    body = tmp_path / "a.md"
    body.write_text("# Hello\n")
    args = ("article", "publish", str(body), "--title", "T", "--price", "0.001")
    dry = agora(*args, "--editions", "5", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "price = 1000000000000000 wei (0.001 ETH)" in dry.stdout
    assert "maxEditions = 5\n" in dry.stdout and "pays:" not in dry.stdout
    assert " gwei (priority " in dry.stdout
    data = json.loads(agora(*args, "--editions", "5", "--dry-run", "--json").stdout)
    assert data["confirmation"]["args"]["price"] == "1000000000000000"
    assert data["confirmation"]["args_eth"] == {"price": "0.001"}
    assert data["confirmation"]["payee"] is None
    too_many = agora(*args, "--editions", str(2**256), "--dry-run")
    assert too_many.returncode == 2 and "--editions" in too_many.stderr


def test_write_ids_beyond_the_index_are_usage_errors(tmp_path: Path, network: Network) -> None:
    write_settings(tmp_path, network)
    for args in (
        ("tip", str(2**63), "0.001"),
        ("repost", str(2**64)),
        ("post", "x", "--reply-to", "-5"),
    ):
        done = agora(*args, "--dry-run", "--json")
        assert done.returncode == 2, (args, done.stderr)
        assert json.loads(done.stderr)["error"] == "usage"
        assert "Traceback" not in done.stderr
