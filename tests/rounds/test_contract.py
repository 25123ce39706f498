"""Rounds on a real anvil: opening, allocation rules, quorum, claims, reclaim, tokens, reentry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.rounds.conftest import ADDRESSES, CID, WEEK, ZERO, RoundsChain

POT = 10**18
POST, ARTICLE = 1, 2


def test_open_fixes_pot_budget_evaluators_and_snapshot(rchain: RoundsChain) -> None:
    rchain.post(1)
    rchain.publish(2)
    before = rchain.balance(rchain.rounds)
    start = rchain.now()
    receipt = rchain.send(
        "Rounds",
        "open",
        [
            ZERO,
            POT,
            CID,
            [ADDRESSES[4], ADDRESSES[5], ADDRESSES[6]],
            2,
            start + 100,
            start + 100 + WEEK,
        ],
        value=POT,
    )
    events = rchain.events(receipt)
    assert [e.name for e in events] == ["RoundOpened"] + ["EvaluatorAppointed"] * 3
    assert events[0].args == {
        "roundId": 1,
        "funder": ADDRESSES[0],
        "token": ZERO,
        "pot": POT,
        "quorum": 2,
        "evaluatorCount": 3,
        "allocateEnd": start + 100,
        "claimEnd": start + 100 + WEEK,
        "postCount": 1,
        "articleCount": 1,
        "scopeCid": CID,
    }
    assert [e.args["evaluator"] for e in events[1:]] == ADDRESSES[4:7]
    assert [e.args["position"] for e in events[1:]] == [0, 1, 2]
    assert rchain.balance(rchain.rounds) - before == POT
    state = rchain.round(1)
    assert state["budget"] == POT // 3
    assert state["pot"] == POT
    listed = rchain.call("Rounds", "evaluatorsOf", [1])
    assert [a.lower() for a in listed] == [a.lower() for a in ADDRESSES[4:7]]
    assert rchain.call("Rounds", "roundCount", []) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"evaluators": []}, "no evaluators"),
        ({"evaluators": [4, 4]}, "duplicate evaluator"),
        ({"quorum": 0}, "bad quorum"),
        ({"quorum": 3}, "bad quorum"),
        ({"allocate_in": 0}, "allocation deadline passed"),
        ({"claim_for": WEEK - 1}, "claim window under 7 days"),
        ({"value": POT - 1}, "value must equal amount"),
        ({"pot": 0}, "empty pot"),
        ({"scope": ""}, "empty scope"),
    ],
)
def test_open_refuses_bad_rounds(rchain: RoundsChain, change: dict, reason: str) -> None:
    start = rchain.now()
    evaluators = [ADDRESSES[i] for i in change.get("evaluators", [4, 5])]
    allocate_end = start + change.get("allocate_in", 100)
    pot = change.get("pot", POT)
    args = [
        ZERO,
        pot,
        change.get("scope", CID),
        evaluators,
        change.get("quorum", 2),
        allocate_end,
        allocate_end + change.get("claim_for", WEEK),
    ]
    assert rchain.revert("Rounds", "open", args, value=change.get("value", pot)) == reason


def test_open_refuses_a_zero_evaluator_and_more_than_32(rchain: RoundsChain) -> None:
    start = rchain.now()
    args = [ZERO, POT, CID, [ADDRESSES[4], ZERO], 1, start + 100, start + 100 + WEEK]
    assert rchain.revert("Rounds", "open", args, value=POT) == "zero evaluator"
    rchain.open(list(range(4, 36)), quorum=32)  # exactly 32 is fine
    args[3] = ADDRESSES[4:37]
    with pytest.raises(Exception):  # noqa: B017 - the ABI bound rejects it before any check
        rchain.send("Rounds", "open", args, value=POT)


def test_allocate_sets_withdraws_and_counts_backers(rchain: RoundsChain) -> None:
    post = rchain.post(1)
    rid = rchain.open([4, 5, 6])
    receipt = rchain.send("Rounds", "allocate", [rid, POST, post, 10**17, CID], key=4)
    (event,) = rchain.events(receipt)
    assert event.name == "Allocated"
    assert event.args == {
        "roundId": rid,
        "evaluator": ADDRESSES[4],
        "kind": POST,
        "id": post,
        "amount": 10**17,
        "reasonCid": CID,
    }
    rchain.send("Rounds", "allocate", [rid, POST, post, 2 * 10**17, CID], key=4)  # sets, not adds
    rchain.send("Rounds", "allocate", [rid, POST, post, 10**17, CID], key=5)
    assert rchain.call("Rounds", "totalFor", [rid, POST, post]) == 3 * 10**17
    assert rchain.call("Rounds", "backersOf", [rid, POST, post]) == 2
    assert rchain.call("Rounds", "spentBy", [rid, ADDRESSES[4]]) == 2 * 10**17
    assert rchain.call("Rounds", "payoutOf", [rid, POST, post]) == 3 * 10**17
    rchain.send("Rounds", "allocate", [rid, POST, post, 0, ""], key=5)  # withdraw
    assert rchain.call("Rounds", "backersOf", [rid, POST, post]) == 1
    assert rchain.call("Rounds", "payoutOf", [rid, POST, post]) == 0  # below quorum
    assert rchain.revert("Rounds", "allocate", [rid, POST, post, 0, ""], key=5) == (
        "nothing to withdraw"
    )


def test_allocate_refuses_bad_allocations(rchain: RoundsChain) -> None:
    post = rchain.post(1)
    own_post = rchain.post(5)  # authored by an evaluator
    article = rchain.publish(2)
    held = rchain.publish(2)
    rchain.send("Articles", "transferFrom", [ADDRESSES[2], ADDRESSES[6], held], key=2)
    rid = rchain.open([4, 5, 6])
    budget = rchain.round(rid)["budget"]
    newer_post = rchain.post(1)
    newer_article = rchain.publish(2)

    def refused(args: list, key: int = 4) -> str:
        return rchain.revert("Rounds", "allocate", [rid, *args, CID], key=key)

    assert refused([POST, post, 1], key=1) == "not an evaluator"
    assert refused([3, post, 1]) == "bad kind"
    assert refused([POST, 0, 1]) == "not eligible"
    assert refused([POST, newer_post, 1]) == "not eligible"
    assert refused([ARTICLE, newer_article, 1]) == "not eligible"
    assert refused([ARTICLE, 99, 1]) == "not eligible"
    assert refused([POST, own_post, 1]) == "evaluator's own work"  # another evaluator's
    assert refused([POST, own_post, 1], key=5) == "evaluator's own work"  # its own
    assert refused([ARTICLE, held, 1]) == "evaluator's own work"  # held by an evaluator
    assert refused([POST, post, budget + 1]) == "over budget"
    rchain.send("Rounds", "allocate", [rid, POST, post, budget, CID], key=4)
    assert refused([ARTICLE, article, 1]) == "over budget"
    rchain.advance(3600)
    assert refused([POST, post, 1], key=5) == "allocation closed"
    assert rchain.revert("Rounds", "allocate", [99, POST, post, 1, CID], key=4) == "unknown round"


def test_claim_pays_the_author_once_when_quorum_is_met(
    rchain: RoundsChain, gas_price: Callable[[dict[str, Any]], int]
) -> None:
    post = rchain.post(1)
    lonely = rchain.post(2)
    rid = rchain.open([4, 5, 6])
    rchain.send("Rounds", "allocate", [rid, POST, post, 2 * 10**17, CID], key=4)
    rchain.send("Rounds", "allocate", [rid, POST, post, 10**17, CID], key=5)
    rchain.send("Rounds", "allocate", [rid, POST, lonely, 10**17, CID], key=6)
    assert rchain.revert("Rounds", "claim", [rid, POST, post], key=1) == "allocation still open"
    rchain.advance(3600)
    assert rchain.revert("Rounds", "claim", [rid, POST, post], key=2) == "not the payee"
    assert rchain.revert("Rounds", "claim", [rid, POST, lonely], key=2) == "quorum not met"
    assert rchain.revert("Rounds", "claim", [rid, ARTICLE, 1], key=2) == "nothing allocated"
    before = rchain.balance(ADDRESSES[1])
    receipt = rchain.send("Rounds", "claim", [rid, POST, post], key=1)
    (event,) = rchain.events(receipt)
    assert event.name == "Claimed"
    assert event.args == {
        "roundId": rid,
        "payee": ADDRESSES[1],
        "kind": POST,
        "id": post,
        "amount": 3 * 10**17,
    }
    assert rchain.balance(ADDRESSES[1]) == before + 3 * 10**17 - gas_price(receipt)
    assert rchain.revert("Rounds", "claim", [rid, POST, post], key=1) == "already claimed"
    assert rchain.round(rid)["paid"] == 3 * 10**17


def test_certificate_changing_hands_mid_round_pays_the_new_holder(rchain: RoundsChain) -> None:
    article = rchain.publish(1)
    rid = rchain.open([4, 5])
    rchain.send("Rounds", "allocate", [rid, ARTICLE, article, 10**17, CID], key=4)
    rchain.send("Articles", "transferFrom", [ADDRESSES[1], ADDRESSES[2], article], key=1)
    rchain.send("Rounds", "allocate", [rid, ARTICLE, article, 10**17, CID], key=5)
    rchain.advance(3600)
    assert rchain.call("Rounds", "payeeOf", [ARTICLE, article]) == ADDRESSES[2]
    assert rchain.revert("Rounds", "claim", [rid, ARTICLE, article], key=1) == "not the payee"
    receipt = rchain.send("Rounds", "claim", [rid, ARTICLE, article], key=2)
    assert rchain.events(receipt)[0].args["payee"] == ADDRESSES[2]
    assert rchain.events(receipt)[0].args["amount"] == 2 * 10**17


def test_an_evaluator_who_acquires_a_certificate_cannot_claim(rchain: RoundsChain) -> None:
    article = rchain.publish(1)
    rid = rchain.open([4, 5])
    rchain.send("Rounds", "allocate", [rid, ARTICLE, article, 10**17, CID], key=4)
    rchain.send("Rounds", "allocate", [rid, ARTICLE, article, 10**17, CID], key=5)
    rchain.send("Articles", "transferFrom", [ADDRESSES[1], ADDRESSES[4], article], key=1)
    rchain.advance(3600)
    assert rchain.revert("Rounds", "claim", [rid, ARTICLE, article], key=4) == (
        "evaluators cannot claim"
    )


def test_late_claim_and_reclaim_return_the_rest_to_the_funder(rchain: RoundsChain) -> None:
    paid_post = rchain.post(1)
    late_post = rchain.post(2)
    rid = rchain.open([4, 5, 6], pot=10**18 + 2, key=3)  # 2 wei of dust: pot % evaluators
    for key in (4, 5):
        rchain.send("Rounds", "allocate", [rid, POST, paid_post, 10**17, CID], key=key)
        rchain.send("Rounds", "allocate", [rid, POST, late_post, 10**17, CID], key=key)
    rchain.advance(3600)
    assert rchain.revert("Rounds", "reclaim", [rid], key=2) == "claim window still open"
    rchain.send("Rounds", "claim", [rid, POST, paid_post], key=1)
    rchain.advance(WEEK)
    assert rchain.revert("Rounds", "claim", [rid, POST, late_post], key=2) == (
        "claim window closed"
    )
    funder = rchain.balance(ADDRESSES[3])
    receipt = rchain.send("Rounds", "reclaim", [rid], key=2)  # anyone may trigger it
    (event,) = rchain.events(receipt)
    assert event.args == {"roundId": rid, "funder": ADDRESSES[3], "amount": 8 * 10**17 + 2}
    assert rchain.balance(ADDRESSES[3]) == funder + 8 * 10**17 + 2
    assert rchain.revert("Rounds", "reclaim", [rid], key=2) == "already reclaimed"
    state = rchain.round(rid)
    assert state["paid"] + state["reclaimed"] == state["pot"]
    assert rchain.balance(rchain.rounds) == 0


def _token(rchain: RoundsChain, name: str, *args: int) -> str:
    types = ["uint256"] * len(args)
    return rchain.helper(name, types, list(args))


def _token_send(rchain: RoundsChain, token: str, sig: str, types: list, args: list, key: int = 0):
    from tests.contracts.conftest import helper_calldata
    from tests.rounds.conftest import KEYS
    from tui.core.chain.deploy import send_transaction

    return send_transaction(rchain.rpc, KEYS[key], token, helper_calldata(sig, types, args))


def _token_balance(rchain: RoundsChain, token: str, who: str) -> int:
    from eth_abi import decode, encode

    from tests.contracts.conftest import helper_calldata

    data = rchain.rpc.eth_call(token, helper_calldata("balanceOf(address)", ["address"], [who]))
    _ = encode
    return int(decode(["uint256"], bytes.fromhex(data[2:]))[0])


def _fund_token_round(rchain: RoundsChain, token: str, pot: int, evaluators: list[int]) -> int:
    _token_send(rchain, token, "mint(address,uint256)", ["address", "uint256"], [ADDRESSES[0], pot])
    _token_send(
        rchain, token, "approve(address,uint256)", ["address", "uint256"], [rchain.rounds, pot]
    )
    return rchain.open(evaluators, pot=pot, token=token)


@pytest.mark.parametrize(("name", "args"), [("Token", (0,)), ("NoReturnToken", ())])
def test_token_pots_pay_and_refund(rchain: RoundsChain, name: str, args: tuple) -> None:
    token = _token(rchain, name, *args)
    post = rchain.post(1)
    rid = _fund_token_round(rchain, token, 1000, [4, 5])
    assert rchain.round(rid)["pot"] == 1000
    for key in (4, 5):
        rchain.send("Rounds", "allocate", [rid, POST, post, 100, CID], key=key)
    rchain.advance(3600)
    rchain.send("Rounds", "claim", [rid, POST, post], key=1)
    assert _token_balance(rchain, token, ADDRESSES[1]) == 200
    rchain.advance(WEEK)
    rchain.send("Rounds", "reclaim", [rid], key=1)
    assert _token_balance(rchain, token, ADDRESSES[0]) == 800
    assert _token_balance(rchain, token, rchain.rounds) == 0


def test_fee_token_pot_is_what_arrived(rchain: RoundsChain) -> None:
    token = _token(rchain, "Token", 100)  # 1% fee on every transfer
    rid = _fund_token_round(rchain, token, 10_000, [4, 5])
    state = rchain.round(rid)
    assert state["pot"] == 9_900
    assert state["budget"] == 4_950
    post = rchain.post(1)
    del post  # newer than the round: not eligible
    assert _token_balance(rchain, token, rchain.rounds) == 9_900


def test_false_token_is_refused(rchain: RoundsChain) -> None:
    token = rchain.helper("FalseToken", [], [])
    start = rchain.now()
    args = [token, 1000, CID, [ADDRESSES[4]], 1, start + 100, start + 100 + WEEK]
    assert rchain.revert("Rounds", "open", args) == "token transfer failed"
    args[0] = ZERO
    args[0] = token
    assert rchain.revert("Rounds", "open", args, value=1) == "ETH sent with a token pot"


def test_blocked_payee_is_refunded_to_the_funder(rchain: RoundsChain) -> None:
    token = _token(rchain, "Token", 0)
    post = rchain.post(1)
    rid = _fund_token_round(rchain, token, 1000, [4, 5])
    for key in (4, 5):
        rchain.send("Rounds", "allocate", [rid, POST, post, 100, CID], key=key)
    _token_send(rchain, token, "block(address)", ["address"], [ADDRESSES[1]])
    rchain.advance(3600)
    assert rchain.revert("Rounds", "claim", [rid, POST, post], key=1) == "blocked"
    rchain.advance(WEEK)
    rchain.send("Rounds", "reclaim", [rid], key=2)
    assert _token_balance(rchain, token, ADDRESSES[0]) == 1000


def test_reentry_through_a_claim_is_refused(rchain: RoundsChain) -> None:
    from tests.contracts.conftest import helper_read

    author = rchain.helper(
        "ClaimReenterer", ["address", "address"], [rchain.deployment.social, rchain.rounds]
    )
    _token_send(rchain, author, "post(string)", ["string"], [CID])
    post = helper_read(rchain.rpc, author, "post_id()", "uint256")
    rid = rchain.open([4, 5])
    for key in (4, 5):
        rchain.send("Rounds", "allocate", [rid, POST, post, 10**17, CID], key=key)
    rchain.advance(3600)
    _token_send(rchain, author, "claim(uint256)", ["uint256"], [rid])
    assert helper_read(rchain.rpc, author, "attempts()", "uint256") == 1
    assert helper_read(rchain.rpc, author, "reentered()", "bool") is False
    assert rchain.balance(author) == 2 * 10**17
    assert rchain.round(rid)["paid"] == 2 * 10**17
