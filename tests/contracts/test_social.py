"""Social on a real anvil: every function, event field and revert reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.contracts.conftest import ADDRESSES, Chain, deploy_helper, helper_read, helper_send

CID = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"
CID2 = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
ZERO = "0x0000000000000000000000000000000000000000"
ETHER = 10**18


def test_post_ids_start_at_one_and_events_carry_every_field(chain: Chain) -> None:
    assert chain.call("Social", "postCount", []) == 0
    receipt = chain.send("Social", "post", [CID, 0], key=1)
    (event,) = chain.events(receipt)
    assert event.name == "Posted"
    assert event.args == {"id": 1, "author": ADDRESSES[1], "parent": 0, "cid": CID}
    assert event.address == chain.deployment.social
    assert event.tx_hash == receipt["transactionHash"]
    assert event.block_number == int(receipt["blockNumber"], 16)
    assert event.block_hash == receipt["blockHash"]
    assert event.removed is False
    assert chain.call("Social", "postCount", []) == 1
    assert chain.call("Social", "authorOf", [1]) == ADDRESSES[1]
    assert chain.call("Social", "authorOf", [2]) == ZERO


def test_reply_needs_an_existing_parent(chain: Chain) -> None:
    chain.send("Social", "post", [CID, 0])
    (event,) = chain.events(chain.send("Social", "post", [CID2, 1], key=2))
    assert event.args == {"id": 2, "author": ADDRESSES[2], "parent": 1, "cid": CID2}
    assert chain.revert("Social", "post", [CID, 3]) == "unknown post"
    assert chain.call("Social", "postCount", []) == 2


def test_post_rejects_an_empty_cid(chain: Chain) -> None:
    assert chain.revert("Social", "post", ["", 0]) == "empty cid"
    assert chain.call("Social", "postCount", []) == 0


def test_repost(chain: Chain) -> None:
    chain.send("Social", "post", [CID, 0])
    (event,) = chain.events(chain.send("Social", "repost", [1], key=2))
    assert event.name == "Reposted"
    assert event.args == {"id": 1, "by": ADDRESSES[2]}
    assert chain.revert("Social", "repost", [2]) == "unknown post"
    assert chain.revert("Social", "repost", [0]) == "unknown post"


def test_follow_and_unfollow(chain: Chain) -> None:
    a, b = ADDRESSES[1], ADDRESSES[2]
    (event,) = chain.events(chain.send("Social", "follow", [b], key=1))
    assert event.name == "Followed"
    assert event.args == {"follower": a, "followee": b}
    assert chain.call("Social", "isFollowing", [a, b]) is True
    assert chain.call("Social", "isFollowing", [b, a]) is False
    assert chain.revert("Social", "follow", [b], key=1) == "already following"
    (event,) = chain.events(chain.send("Social", "unfollow", [b], key=1))
    assert event.name == "Unfollowed"
    assert event.args == {"follower": a, "followee": b}
    assert chain.call("Social", "isFollowing", [a, b]) is False
    assert chain.revert("Social", "unfollow", [b], key=1) == "not following"
    # Following again after unfollowing is allowed.
    chain.send("Social", "follow", [b], key=1)


def test_follow_refuses_self_and_zero(chain: Chain) -> None:
    assert chain.revert("Social", "follow", [ADDRESSES[1]], key=1) == "cannot follow self"
    assert chain.revert("Social", "follow", [ZERO], key=1) == "cannot follow the zero address"


def test_set_profile(chain: Chain) -> None:
    (event,) = chain.events(chain.send("Social", "setProfile", [CID], key=2))
    assert event.name == "ProfileUpdated"
    assert event.args == {"account": ADDRESSES[2], "cid": CID}
    assert chain.call("Social", "profileOf", [ADDRESSES[2]]) == CID
    chain.send("Social", "setProfile", [CID2], key=2)
    assert chain.call("Social", "profileOf", [ADDRESSES[2]]) == CID2
    assert chain.revert("Social", "setProfile", [""], key=2) == "empty cid"


def test_tip_forwards_the_whole_value_to_the_author(
    chain: Chain, gas_price: Callable[[dict[str, Any]], int]
) -> None:
    chain.send("Social", "post", [CID, 0], key=1)
    author_before = chain.balance(ADDRESSES[1])
    sender_before = chain.balance(ADDRESSES[2])
    receipt = chain.send("Social", "tip", [1], key=2, value=ETHER // 100)
    (event,) = chain.events(receipt)
    assert event.name == "Tipped"
    assert event.args == {
        "id": 1,
        "sender": ADDRESSES[2],
        "recipient": ADDRESSES[1],
        "amount": ETHER // 100,
    }
    assert chain.balance(ADDRESSES[1]) == author_before + ETHER // 100
    assert chain.balance(ADDRESSES[2]) == sender_before - ETHER // 100 - gas_price(receipt)
    assert chain.balance(chain.deployment.social) == 0


def test_tip_reverts_on_unknown_post_and_zero_value(chain: Chain) -> None:
    assert chain.revert("Social", "tip", [1], value=1) == "unknown post"
    chain.send("Social", "post", [CID, 0], key=1)
    assert chain.revert("Social", "tip", [1], value=0) == "zero tip"


def test_tip_to_an_author_contract_that_reverts_fails_cleanly(chain: Chain) -> None:
    rejecter = deploy_helper(chain.rpc, "Rejecter", [], [])
    helper_send(
        chain.rpc,
        rejecter,
        "post(address,string)",
        ["address", "string"],
        [chain.deployment.social, CID],
    )
    assert chain.call("Social", "authorOf", [1]) == rejecter
    before = chain.balance(ADDRESSES[2])
    assert chain.revert("Social", "tip", [1], key=2, value=ETHER) == "tip transfer failed"
    assert chain.balance(rejecter) == 0
    assert chain.balance(chain.deployment.social) == 0
    assert before - chain.balance(ADDRESSES[2]) < ETHER // 1000  # only gas was spent


def _reenterer(chain: Chain, propagate: bool) -> str:
    address = deploy_helper(
        chain.rpc, "TipReenterer", ["address", "bool"], [chain.deployment.social, propagate]
    )
    helper_send(chain.rpc, address, "post(string)", ["string"], [CID])
    assert chain.call("Social", "authorOf", [1]) == address
    return address


def test_tip_reentrancy_is_blocked_by_the_lock(chain: Chain) -> None:
    attacker = _reenterer(chain, propagate=False)
    receipt = chain.send("Social", "tip", [1], key=2, value=ETHER)
    # The re-entry was refused; only the outer tip happened.
    assert helper_read(chain.rpc, attacker, "attempts()", "uint256") == 1
    assert helper_read(chain.rpc, attacker, "reentered()", "bool") is False
    assert [e.name for e in chain.events(receipt)] == ["Tipped"]
    assert chain.balance(attacker) == ETHER
    assert chain.balance(chain.deployment.social) == 0


def test_tip_reverts_when_a_reentering_author_insists(chain: Chain) -> None:
    attacker = _reenterer(chain, propagate=True)
    assert chain.revert("Social", "tip", [1], key=2, value=ETHER) == "tip transfer failed"
    assert chain.balance(attacker) == 0


def test_cids_over_128_bytes_are_refused(chain: Chain) -> None:
    assert chain.revert("Social", "post", ["b" * 129, 0]) == "reverted without a reason"
    chain.send("Social", "post", ["b" * 128, 0])
    assert chain.call("Social", "postCount", []) == 1
