"""The read CLI end to end: sync, timeline, thread, profile, notifications, search, articles."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tomli_w

from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora, deploy
from tui.cli.main import main
from tui.core.chain.rpc import RpcClient
from tui.core.content.store import LocalContentStore


def _agora(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().out


def test_read_commands(
    anvil: RpcClient, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agora: Agora = deploy(anvil, LocalContentStore(isolated_home / "content"))
    net = agora.network
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        tomli_w.dumps(
            {
                "network": "test",
                "networks": {
                    "test": {
                        "rpc_url": net.rpc_url,
                        "chain_id": net.chain_id,
                        "social": net.social,
                        "articles": net.articles,
                        "deploy_block": net.deploy_block,
                    }
                },
            }
        )
    )
    agora.post(0, "hello cli")
    agora.post(1, "a reply about llamas", parent=1)
    agora.follow(1, 0)
    agora.publish(0, "Title", "body text", price=0, editions=2)
    agora.collect(1, 1)
    code, out = _agora(["sync", "--json", "--no-fetch"], capsys)
    assert code == 0 and json.loads(out)["posts"] == 2
    code, out = _agora(["timeline", "global", "--json"], capsys)
    posts = json.loads(out)
    assert [p["text"] for p in posts] == ["a reply about llamas", "hello cli"]
    for key in (
        "id",
        "author",
        "parent",
        "cid",
        "text",
        "content_status",
        "block",
        "tx_hash",
        "timestamp",
        "replies",
        "reposts",
        "tips_wei",
        "finalized",
    ):
        assert key in posts[0]
    code, out = _agora(["timeline", "home", "--me", DEV_ADDRESSES[1], "--json"], capsys)
    assert len(json.loads(out)) == 2
    code, out = _agora(["thread", "2", "--json"], capsys)
    assert json.loads(out)["ancestors"][0]["id"] == 1
    code, _ = _agora(["thread", "999", "--json"], capsys)
    assert code == 3
    code, out = _agora(["profile", DEV_ADDRESSES[0], "--json"], capsys)
    assert json.loads(out)["profile"]["followers"] == 1
    code, out = _agora(["notifications", "--me", DEV_ADDRESSES[0], "--json"], capsys)
    assert [n["kind"] for n in json.loads(out)] == ["collect", "follow", "reply"]
    code, out = _agora(["search", "llamas", "--json"], capsys)
    assert [p["id"] for p in json.loads(out)] == [2]
    code, out = _agora(["articles", "--json"], capsys)
    assert json.loads(out)[0]["editions"] == 1
    code, out = _agora(["article", "show", "1", "--json"], capsys)
    assert json.loads(out)["body"] == "body text"
    code, out = _agora(["timeline"], capsys)
    assert "hello cli" in out and code == 0
