"""The read CLI shows amounts exactly, names an article's holder, and takes ids as uint256."""

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
from tui.core.errors import NotFoundError
from tui.core.index.service import AgoraIndex

HUGE = str(2**63)


def _agora(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def chain(anvil: RpcClient, isolated_home: Path) -> Agora:
    agora: Agora = deploy(anvil, LocalContentStore(isolated_home / "content"))
    net = agora.network
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "rpc_url": net.rpc_url,
        "chain_id": net.chain_id,
        "social": net.social,
        "articles": net.articles,
        "deploy_block": net.deploy_block,
    }
    config.write_text(tomli_w.dumps({"network": "test", "networks": {"test": body}}))
    return agora


def test_amounts_are_exact_and_the_holder_is_named(
    chain: Agora, capsys: pytest.CaptureFixture[str]
) -> None:
    chain.set_profile(1, "Ada")
    chain.post(1, "dust me")
    chain.tip(2, 1, 10**9)  # 1 gwei: a float showed "0 ETH"
    chain.publish(1, "Huge", "# body", price=2**127, editions=2**256 - 1)  # article #1
    chain.publish(1, "Small", "# body", price=0, editions=5)  # article #2
    holder = DEV_ADDRESSES[3]
    chain.mined(chain.send(1, "Articles", "transferFrom", [DEV_ADDRESSES[1], holder, 2]))
    chain.collect(0, 2)  # edition #3, to account 0
    assert _agora(["sync", "--json"], capsys)[0] == 0

    code, out, _ = _agora(["notifications", "--me", DEV_ADDRESSES[1]], capsys)
    assert code == 0 and "tipped 0.000000001 ETH on #1" in out
    code, out, _ = _agora(["timeline", "global"], capsys)
    assert "tips 0.000000001 ETH" in out

    code, out, _ = _agora(["articles", "--json"], capsys)
    small, huge = json.loads(out)
    assert huge["price_wei"] == str(2**127)
    assert huge["price_eth"] == "170141183460469231731.687303715884105728"
    assert huge["max_editions"] is None and huge["editions_unlimited"] is True
    assert small["price_eth"] == "0" and small["max_editions"] == 5
    assert small["owner"] == holder and small["author"] == DEV_ADDRESSES[1]

    code, out, _ = _agora(["articles"], capsys)
    assert "price 170,141,183,460,469,231,731.687303715884105728 ETH" in out
    assert "editions 0/unlimited (no limit)" in out and "9223372036854775807" not in out

    code, out, _ = _agora(["article", "show", "2"], capsys)
    assert code == 0 and f"held by {holder}: a collect pays the holder" in out
    assert "you own" not in out
    code, out, _ = _agora(["article", "show", "2", "--account", DEV_ADDRESSES[0]], capsys)
    assert "you own edition(s) #3" in out
    code, out, _ = _agora(["articles", "--json", "--account", DEV_ADDRESSES[0]], capsys)
    assert json.loads(out)[0]["owned_editions"] == [3]
    code, out, _ = _agora(["article", "show", "1"], capsys)
    assert f"held by Ada (unverified name) {DEV_ADDRESSES[1]} (the author)" in out


@pytest.mark.parametrize(
    "args",
    [
        ["thread", HUGE],
        ["article", "show", HUGE],
        ["timeline", "--before", HUGE],
        ["thread", str(2**256)],
        ["thread", "12abc"],
        ["article", "show", "٣"],  # a digit, but not an ASCII one
    ],
)
def test_ids_the_index_cannot_hold_are_usage_errors(
    chain: Agora, isolated_home: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _agora([*args, "--json"], capsys)
    assert code == 2, err
    error = json.loads(err)
    assert error["error"] == "usage" and "id" in error["message"]
    assert "Traceback" not in out + err and "internal error" not in err
    assert not (isolated_home / "logs" / "crash.log").exists()


def test_the_largest_id_is_simply_unknown(
    chain: Agora, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chain.post(1, "one")
    assert _agora(["sync", "--json"], capsys)[0] == 0
    code, _out, err = _agora(["thread", str(2**63 - 1)], capsys)
    assert code == 3 and "Post #9223372036854775807 is not in the index" in err
    code, out, _ = _agora(["timeline", "--before", str(2**63 - 1), "--json"], capsys)
    assert code == 0 and [p["id"] for p in json.loads(out)] == [1]
    assert not (isolated_home / "logs" / "crash.log").exists()


def test_index_lookups_of_huge_ids_do_not_overflow(agora: Agora, index: AgoraIndex) -> None:
    agora.post(1, "one")
    index.sync()
    for big in (2**63, 2**256 - 1):
        with pytest.raises(NotFoundError, match="Unknown post"):
            index.thread(big)
        with pytest.raises(NotFoundError, match="Unknown article"):
            index.article(big)
        assert [p.id for p in index.timeline("global", before_id=big)] == [1]
        assert index.timeline("global", after_id=big) == []
        assert index.articles(None, 10, before_id=big) == []
