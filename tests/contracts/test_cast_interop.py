"""Interop with Foundry's cast: another client drives every function; each side reads the other.

cast writes with ``cast send`` and reads events with ``cast logs --json``; Agora decodes the
same logs with its own decoder and reads cast's writes, and cast reads what Agora wrote.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.conftest import DEV_KEYS
from tests.contracts.conftest import ADDRESSES, Chain
from tui.core.chain.abi import EVENT_TOPICS, decode_log
from tui.core.chain.foundry import find_tool

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
META = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
PRICE = 10**15


class Cast:
    """Runs the platform cast binary against the test's anvil."""

    def __init__(self, url: str) -> None:
        self.binary = str(find_tool("cast"))
        self.url = url

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [self.binary, *args, "--rpc-url", self.url],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def send(self, to: str, sig: str, *args: str, key: int = 0, value: int = 0) -> dict[str, Any]:
        extra = ["--value", str(value)] if value else []
        out = self.run(
            "send", to, sig, *args, "--private-key", DEV_KEYS[key], "--json", *extra
        ).stdout
        receipt: dict[str, Any] = json.loads(out)
        assert receipt["status"] == "0x1"
        return receipt

    def call(self, to: str, sig: str, *args: str) -> Any:
        return json.loads(self.run("call", to, sig, *args, "--json").stdout)[0]

    def logs(self, address: str, from_block: int) -> list[dict[str, Any]]:
        out = self.run(
            "logs", "--from-block", str(from_block), "--address", address, "--json"
        ).stdout
        logs: list[dict[str, Any]] = json.loads(out)
        return logs


@pytest.fixture
def cast(chain: Chain) -> Cast:
    return Cast(chain.rpc.url)


def test_cast_drives_every_function_and_agora_decodes_the_logs(chain: Chain, cast: Cast) -> None:
    social, articles = chain.deployment.social, chain.deployment.articles
    start = chain.rpc.block_number() + 1  # after the constructors' ownership events
    a, b = ADDRESSES[1], ADDRESSES[2]

    cast.send(social, "post(string,uint256)", CID, "0", key=1)
    cast.send(social, "post(string,uint256)", META, "1", key=2)
    cast.send(social, "repost(uint256)", "1", key=2)
    cast.send(social, "follow(address)", a, key=2)
    cast.send(social, "unfollow(address)", a, key=2)
    cast.send(social, "setProfile(string)", CID, key=1)
    cast.send(social, "tip(uint256)", "1", key=2, value=PRICE)
    cast.send(articles, "publish(string,uint256,uint256)", META, str(PRICE), "2", key=1)
    cast.send(articles, "collect(uint256)", "1", key=2, value=PRICE)

    social_events = [decode_log(log) for log in cast.logs(social, start)]
    assert [(e.name, e.args) for e in social_events if e] == [
        ("Posted", {"id": 1, "author": a, "parent": 0, "cid": CID}),
        ("Posted", {"id": 2, "author": b, "parent": 1, "cid": META}),
        ("Reposted", {"id": 1, "by": b}),
        ("Followed", {"follower": b, "followee": a}),
        ("Unfollowed", {"follower": b, "followee": a}),
        ("ProfileUpdated", {"account": a, "cid": CID}),
        ("Tipped", {"id": 1, "sender": b, "recipient": a, "amount": PRICE}),
    ]
    zero = "0x0000000000000000000000000000000000000000"
    article_events = [decode_log(log) for log in cast.logs(articles, start)]
    assert [(e.name, e.args) for e in article_events if e] == [
        (
            "ArticlePublished",
            {"tokenId": 1, "author": a, "cid": META, "price": PRICE, "maxEditions": 2},
        ),
        ("Transfer", {"sender": zero, "receiver": a, "token_id": 1}),
        ("Collected", {"articleId": 1, "editionId": 2, "collector": b, "price": PRICE}),
        ("Transfer", {"sender": zero, "receiver": b, "token_id": 2}),
    ]
    # Agora reads what cast wrote.
    assert chain.call("Social", "postCount", []) == 2
    assert chain.call("Social", "profileOf", [a]) == CID
    assert chain.call("Articles", "ownerOf", [2]) == b


def test_cast_reads_what_agora_wrote(chain: Chain, cast: Cast) -> None:
    social, articles = chain.deployment.social, chain.deployment.articles
    chain.send("Social", "post", [CID, 0], key=1)
    chain.send("Social", "follow", [ADDRESSES[1]], key=2)
    chain.send("Social", "setProfile", [META], key=2)
    chain.send("Articles", "publish", [META, PRICE, 4], key=1)
    chain.send("Articles", "collect", [1], key=2, value=PRICE)

    assert cast.call(social, "postCount()(uint256)") == 1
    assert cast.call(social, "authorOf(uint256)(address)", "1") == ADDRESSES[1]
    assert cast.call(social, "isFollowing(address,address)(bool)", ADDRESSES[2], ADDRESSES[1])
    assert cast.call(social, "profileOf(address)(string)", ADDRESSES[2]) == META
    assert cast.call(articles, "tokenURI(uint256)(string)", "2") == f"ipfs://{META}"
    assert cast.call(articles, "ownerOf(uint256)(address)", "2") == ADDRESSES[2]
    assert cast.call(articles, "articleOf(uint256)(uint256)", "2") == 1
    assert cast.call(articles, "editionsMinted(uint256)(uint256)", "1") == 1
    assert cast.call(articles, "supportsInterface(bytes4)(bool)", "0x80ac58cd") is True


def test_cast_topics_match_ours(cast: Cast) -> None:
    signatures = {
        "Posted": "Posted(uint256,address,uint256,string)",
        "Reposted": "Reposted(uint256,address)",
        "Followed": "Followed(address,address)",
        "Unfollowed": "Unfollowed(address,address)",
        "ProfileUpdated": "ProfileUpdated(address,string)",
        "Tipped": "Tipped(uint256,address,address,uint256)",
        "ArticlePublished": "ArticlePublished(uint256,address,string,uint256,uint256)",
        "Collected": "Collected(uint256,uint256,address,uint256)",
    }
    for name, sig in signatures.items():
        out = subprocess.run(
            [cast.binary, "keccak", sig], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == EVENT_TOPICS[name], name


def test_cast_sees_our_revert_reasons(chain: Chain, cast: Cast) -> None:
    result = cast.run(
        "send",
        chain.deployment.social,
        "tip(uint256)",
        "9",
        "--value",
        "1",
        "--private-key",
        DEV_KEYS[1],
        ok=False,
    )
    assert result.returncode != 0
    assert "unknown post" in result.stderr
    result = cast.run("call", chain.deployment.social, "post(string,uint256)", "", "0", ok=False)
    assert result.returncode != 0
    assert "empty cid" in result.stderr
