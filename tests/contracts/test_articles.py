"""Articles on a real anvil: publishing, editions, payments, ERC-721 behaviour, reverts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.contracts.conftest import (
    ADDRESSES,
    Chain,
    deploy_helper,
    helper_calldata,
    helper_read,
    helper_send,
)
from tui.core.chain.abi import revert_reason
from tui.core.chain.rpc import RpcError

META = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
META2 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
ZERO = "0x0000000000000000000000000000000000000000"
PRICE = 10**16


def _publish(chain: Chain, *, key: int = 0, price: int = PRICE, editions: int = 3) -> int:
    receipt = chain.send("Articles", "publish", [META, price, editions], key=key)
    return int(chain.events(receipt)[0].args["tokenId"])


def test_publish_mints_the_article_to_its_author(chain: Chain) -> None:
    receipt = chain.send("Articles", "publish", [META, PRICE, 5], key=1)
    published, transfer = chain.events(receipt)
    assert published.name == "ArticlePublished"
    assert published.args == {
        "tokenId": 1,
        "author": ADDRESSES[1],
        "cid": META,
        "price": PRICE,
        "maxEditions": 5,
    }
    assert published.address == chain.deployment.articles
    assert transfer.name == "Transfer"
    assert transfer.args == {"sender": ZERO, "receiver": ADDRESSES[1], "token_id": 1}
    assert chain.call("Articles", "ownerOf", [1]) == ADDRESSES[1]
    assert chain.call("Articles", "balanceOf", [ADDRESSES[1]]) == 1
    assert chain.call("Articles", "tokenURI", [1]) == f"ipfs://{META}"
    assert chain.call("Articles", "articleOf", [1]) == 1
    assert chain.call("Articles", "isArticle", [1]) is True
    assert chain.call("Articles", "priceOf", [1]) == PRICE
    assert chain.call("Articles", "maxEditionsOf", [1]) == 5
    assert chain.call("Articles", "editionsMinted", [1]) == 0
    assert chain.call("Articles", "tokenCount", []) == 1
    assert chain.call("Articles", "totalSupply", []) == 1


def test_publish_rejects_an_empty_cid(chain: Chain) -> None:
    assert chain.revert("Articles", "publish", ["", 0, 0]) == "empty cid"


def test_collection_metadata_and_interfaces(chain: Chain) -> None:
    assert chain.call("Articles", "name", []) == "Agora Articles"
    assert chain.call("Articles", "symbol", []) == "AGORA"
    for interface in ("01ffc9a7", "80ac58cd", "5b5e139f", "780e9d63"):
        assert chain.call("Articles", "supportsInterface", [bytes.fromhex(interface)]) is True
    for interface in ("ffffffff", "00000000", "d9b67a26", "49064906"):
        assert chain.call("Articles", "supportsInterface", [bytes.fromhex(interface)]) is False


def test_unknown_tokens(chain: Chain) -> None:
    assert chain.revert("Articles", "tokenURI", [1]) == "unknown token"
    assert chain.call("Articles", "articleOf", [1]) == 0
    assert chain.call("Articles", "articleOf", [0]) == 0
    assert chain.call("Articles", "isArticle", [0]) is False
    assert chain.revert("Articles", "collect", [1], value=PRICE) == "unknown article"
    assert chain.revert("Articles", "collect", [0]) == "unknown article"


def test_collect_mints_an_edition_and_pays_the_author(
    chain: Chain, gas_price: Callable[[dict[str, Any]], int]
) -> None:
    article = _publish(chain, key=1)
    author_before = chain.balance(ADDRESSES[1])
    collector_before = chain.balance(ADDRESSES[2])
    receipt = chain.send("Articles", "collect", [article], key=2, value=PRICE)
    collected, transfer = chain.events(receipt)
    assert collected.name == "Collected"
    assert collected.args == {
        "articleId": 1,
        "editionId": 2,
        "collector": ADDRESSES[2],
        "price": PRICE,
    }
    assert transfer.args == {"sender": ZERO, "receiver": ADDRESSES[2], "token_id": 2}
    assert chain.call("Articles", "ownerOf", [2]) == ADDRESSES[2]
    assert chain.call("Articles", "tokenURI", [2]) == f"ipfs://{META}"
    assert chain.call("Articles", "articleOf", [2]) == 1
    assert chain.call("Articles", "isArticle", [2]) is False
    assert chain.call("Articles", "editionsMinted", [1]) == 1
    assert chain.balance(ADDRESSES[1]) == author_before + PRICE
    assert chain.balance(ADDRESSES[2]) == collector_before - PRICE - gas_price(receipt)
    assert chain.balance(chain.deployment.articles) == 0
    # An edition is not an article: it cannot be collected itself.
    assert chain.revert("Articles", "collect", [2], value=PRICE) == "unknown article"


def test_ids_are_unique_across_articles_and_editions(chain: Chain) -> None:
    first = _publish(chain)
    edition = chain.events(chain.send("Articles", "collect", [first], key=1, value=PRICE))[0]
    receipt = chain.send("Articles", "publish", [META2, 0, 1], key=2)
    second = chain.events(receipt)[0].args["tokenId"]
    assert (first, edition.args["editionId"], second) == (1, 2, 3)
    assert chain.call("Articles", "tokenURI", [3]) == f"ipfs://{META2}"


def test_collect_requires_the_exact_price(chain: Chain) -> None:
    article = _publish(chain)
    assert chain.revert("Articles", "collect", [article], key=1, value=PRICE - 1) == "wrong price"
    assert chain.revert("Articles", "collect", [article], key=1, value=PRICE + 1) == "wrong price"
    assert chain.revert("Articles", "collect", [article], key=1) == "wrong price"


def test_collect_stops_at_max_editions(chain: Chain) -> None:
    article = _publish(chain, editions=2)
    chain.send("Articles", "collect", [article], key=1, value=PRICE)
    chain.send("Articles", "collect", [article], key=2, value=PRICE)
    assert chain.revert("Articles", "collect", [article], key=1, value=PRICE) == "sold out"
    assert chain.call("Articles", "editionsMinted", [article]) == 2


def test_zero_max_editions_is_not_collectable(chain: Chain) -> None:
    article = _publish(chain, editions=0)
    assert chain.revert("Articles", "collect", [article], key=1, value=PRICE) == "not collectable"


def test_free_editions(chain: Chain) -> None:
    article = _publish(chain, price=0, editions=1)
    author_before = chain.balance(ADDRESSES[0])
    receipt = chain.send("Articles", "collect", [article], key=1)
    assert chain.events(receipt)[0].args["price"] == 0
    assert chain.balance(ADDRESSES[0]) == author_before


def test_collect_pays_the_current_owner_after_a_transfer(chain: Chain) -> None:
    article = _publish(chain, key=0)
    receipt = chain.send("Articles", "transferFrom", [ADDRESSES[0], ADDRESSES[2], article], key=0)
    (transfer,) = chain.events(receipt)
    assert transfer.args == {"sender": ADDRESSES[0], "receiver": ADDRESSES[2], "token_id": 1}
    author_before = chain.balance(ADDRESSES[0])
    owner_before = chain.balance(ADDRESSES[2])
    chain.send("Articles", "collect", [article], key=1, value=PRICE)
    assert chain.balance(ADDRESSES[2]) == owner_before + PRICE
    assert chain.balance(ADDRESSES[0]) == author_before


def test_erc721_approvals(chain: Chain) -> None:
    article = _publish(chain, key=0)
    (approval,) = chain.events(chain.send("Articles", "approve", [ADDRESSES[1], article]))
    assert approval.name == "Approval"
    assert approval.args == {"owner": ADDRESSES[0], "approved": ADDRESSES[1], "token_id": 1}
    assert chain.call("Articles", "getApproved", [article]) == ADDRESSES[1]
    receipt = chain.send("Articles", "setApprovalForAll", [ADDRESSES[2], True])
    (approval_all,) = chain.events(receipt)
    assert approval_all.name == "ApprovalForAll"
    assert approval_all.args == {
        "owner": ADDRESSES[0],
        "operator": ADDRESSES[2],
        "approved": True,
    }
    assert chain.call("Articles", "isApprovedForAll", [ADDRESSES[0], ADDRESSES[2]])
    # A stranger cannot move the token; the approved account can.
    reason = chain.revert("Articles", "transferFrom", [ADDRESSES[0], ADDRESSES[3], article], key=3)
    assert reason == "erc721: caller is not token owner or approved"
    chain.send("Articles", "transferFrom", [ADDRESSES[0], ADDRESSES[1], article], key=1)
    assert chain.call("Articles", "ownerOf", [article]) == ADDRESSES[1]
    # The new owner's approvals start empty.
    assert chain.call("Articles", "getApproved", [article]) == ZERO


def test_payment_to_an_owner_that_rejects_ether_fails_cleanly(chain: Chain) -> None:
    rejecter = deploy_helper(chain.rpc, "Rejecter", [], [])
    helper_send(
        chain.rpc,
        rejecter,
        "publish(address,string,uint256,uint256)",
        ["address", "string", "uint256", "uint256"],
        [chain.deployment.articles, META, PRICE, 3],
    )
    assert chain.call("Articles", "ownerOf", [1]) == rejecter
    reason = chain.revert("Articles", "collect", [1], key=1, value=PRICE)
    assert reason == "payment transfer failed"
    assert chain.call("Articles", "editionsMinted", [1]) == 0
    assert chain.call("Articles", "tokenCount", []) == 1


def test_safe_transfer_to_a_contract_without_the_receiver_hook_fails(chain: Chain) -> None:
    article = _publish(chain)
    args = [ADDRESSES[0], chain.deployment.social, article]
    reason = chain.revert("Articles", "safeTransferFrom", args)
    assert reason == "reverted without a reason"  # Social has no onERC721Received
    chain.send("Articles", "safeTransferFrom", [ADDRESSES[0], ADDRESSES[1], article])
    assert chain.call("Articles", "ownerOf", [article]) == ADDRESSES[1]


def _collect_reenterer(chain: Chain, propagate: bool) -> str:
    _publish(chain, key=1, editions=5)
    return deploy_helper(
        chain.rpc, "CollectReenterer", ["address", "bool"], [chain.deployment.articles, propagate]
    )


def test_collect_reentrancy_is_blocked_by_the_lock(chain: Chain) -> None:
    attacker = _collect_reenterer(chain, propagate=False)
    author_before = chain.balance(ADDRESSES[1])
    receipt = helper_send(
        chain.rpc,
        attacker,
        "start(uint256,uint256)",
        ["uint256", "uint256"],
        [1, PRICE],
        value=2 * PRICE,
    )
    assert helper_read(chain.rpc, attacker, "attempts()", "uint256") == 1
    assert helper_read(chain.rpc, attacker, "reentered()", "bool") is False
    names = [e.name for e in chain.events(receipt)]
    assert names == ["Collected", "Transfer"]
    assert chain.call("Articles", "editionsMinted", [1]) == 1
    assert chain.call("Articles", "balanceOf", [attacker]) == 1
    assert chain.balance(ADDRESSES[1]) == author_before + PRICE
    assert chain.balance(attacker) == PRICE  # the re-entry's payment came back


def test_collect_reverts_when_a_reentering_collector_insists(chain: Chain) -> None:
    attacker = _collect_reenterer(chain, propagate=True)
    data = helper_calldata("start(uint256,uint256)", ["uint256", "uint256"], [1, PRICE])
    call = {"from": ADDRESSES[0], "to": attacker, "data": data, "value": hex(2 * PRICE)}
    with pytest.raises(RpcError) as info:
        chain.rpc.call("eth_call", [call, "latest"])
    assert revert_reason(info.value) == "reentry failed"
    assert chain.call("Articles", "editionsMinted", [1]) == 0


def test_enumeration_lists_articles_and_editions(chain: Chain) -> None:
    _publish(chain, key=1)
    _publish(chain, key=2, price=0, editions=1)
    chain.send("Articles", "collect", [1], key=2, value=PRICE)
    chain.send("Articles", "collect", [2], key=1)
    assert chain.call("Articles", "totalSupply", []) == 4
    assert [chain.call("Articles", "tokenByIndex", [i]) for i in range(4)] == [1, 2, 3, 4]
    owned = [chain.call("Articles", "tokenOfOwnerByIndex", [ADDRESSES[2], i]) for i in range(2)]
    assert sorted(owned) == [2, 3]
    assert chain.call("Articles", "balanceOf", [ADDRESSES[2]]) == 2
