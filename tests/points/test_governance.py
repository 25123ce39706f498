"""Points in governance on a real anvil: earned vote weight, VETO_ROOT by vote, admission by
earned points and timed memberships bought with `redeem`."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.communities.conftest import CID, RULES, VOTING_PERIOD
from tests.conftest import DEV_KEYS
from tests.contracts.conftest import ADDRESSES
from tests.points.conftest import TREE_CID, UNIT, PointsChain, tree_of
from tui.core.chain.abi import encode_call
from tui.core.chain.deploy import send_transaction
from tui.core.points.merkle import StandardMerkleTree

VOTE = 1
VETO_ROOT = 6
ADD_MOD = 1


def _accept(pc: PointsChain, c: int, epoch: int, amounts: dict[str, int]) -> StandardMerkleTree:
    tree = tree_of(amounts)
    end = pc.call("Points", "epochEnd", [c, epoch])
    if pc.block() < end:
        pc.mine(end - pc.block())
    pc.send("Points", "proposeRoot", [c, epoch, tree.root, sum(amounts.values()), TREE_CID])
    pc.mine(pc.call("Points", "rootDelay", []))
    pc.send("Points", "acceptRoot", [c], key=3)
    return tree


def _proof(tree: StandardMerkleTree, account: str) -> list[bytes]:
    index = [a for a, _ in tree.values].index(account)
    return tree.proof(index)


def _community(pc: PointsChain, *, unproven: int = 1, restricted: bool = False) -> int:
    c = pc.create(governance=VOTE, restricted=restricted)
    pc.enable(c, blocks=10, cap=1000 * UNIT)
    if not restricted:
        for key in (1, 2, 3):
            pc.send("Communities", "join", [c], key=key)
    pc.send("Communities", "setPointsRules", [c, True, unproven, 0])
    return c


def _weights(pc: PointsChain, pid: int) -> tuple[int, int]:
    p = pc.call("Communities", "proposals", [pid])
    return p[6], p[7]


def test_points_is_named_once_by_the_deployer(pc: PointsChain) -> None:
    assert pc.call("Communities", "points", []) == pc.points
    assert pc.call("Communities", "deployer", []) == ADDRESSES[0]
    assert pc.revert("Communities", "setPoints", [ADDRESSES[2]], key=1) == "not the deployer"
    assert pc.revert("Communities", "setPoints", [ADDRESSES[2]]) == "points already set"


def test_points_rules_are_the_owners_and_need_points(pc: PointsChain) -> None:
    c = pc.create(governance=VOTE)
    assert pc.revert("Communities", "setPointsRules", [c, True, 1, 0]) == "points not enabled"
    pc.enable(c)
    assert pc.revert("Communities", "setPointsRules", [c, True, 1, 0], key=1) == "not the owner"
    assert (
        pc.revert("Communities", "setPointsRules", [c, True, 2, 0])
        == "unproven weight must be 0 or 1"
    )
    receipt = pc.send("Communities", "setPointsRules", [c, True, 0, 7 * UNIT])
    (event,) = pc.events(receipt)
    assert event.name == "PointsRulesChanged"
    assert event.args == {
        "community": c,
        "by": ADDRESSES[0],
        "voteByPoints": True,
        "unprovenWeight": 0,
        "postThreshold": 7 * UNIT,
    }
    assert pc.call("Communities", "voteByPoints", [c]) is True
    assert pc.call("Communities", "postThreshold", [c]) == 7 * UNIT
    assert pc.revert("Communities", "setPerk", [c, 1, 100], key=1) == "not the owner"


def test_earned_points_weigh_and_bought_points_do_not(pc: PointsChain) -> None:
    c = _community(pc)
    tree = _accept(pc, c, 0, {ADDRESSES[1]: 30 * UNIT, ADDRESSES[2]: 12 * UNIT + 5})
    # account 2 claims and hands all its points to account 3, who earned none
    pc.send("Points", "claim", [c, ADDRESSES[2], 12 * UNIT + 5, _proof(tree, ADDRESSES[2])])
    token = pc.call("Points", "tokenOf", [c])
    send_transaction(
        pc.rpc,
        DEV_KEYS[2],
        token,
        encode_call("PointsToken", "transfer", [ADDRESSES[3], 12 * UNIT]),
    )
    pc.send("Communities", "propose", [c, ADD_MOD, int(ADDRESSES[3], 16), CID], key=1)
    pid = pc.call("Communities", "proposalCount", [])
    assert pc.call("Communities", "proposalWeighting", [pid]) == (True, 1, 1)
    # account 3 holds 12 points but cannot prove any earned: its balance weighs nothing
    stolen = [pid, True, 0, 12 * UNIT + 5, _proof(tree, ADDRESSES[2])]
    assert pc.revert("Communities", "voteEarned", stolen, key=3) == "invalid proof"
    receipt = pc.send("Communities", "vote", [pid, True], key=3)
    assert pc.events(receipt)[0].args["weight"] == 1
    wrong = [pid, False, 1, 30 * UNIT, _proof(tree, ADDRESSES[1])]
    assert pc.revert("Communities", "voteEarned", wrong, key=1) == "proof for the wrong epoch"
    inflated = [pid, False, 0, 31 * UNIT, _proof(tree, ADDRESSES[1])]
    assert pc.revert("Communities", "voteEarned", inflated, key=1) == "invalid proof"
    receipt = pc.send(
        "Communities", "voteEarned", [pid, False, 0, 30 * UNIT, _proof(tree, ADDRESSES[1])], key=1
    )
    (voted,) = pc.events(receipt)
    assert voted.args == {"proposal": pid, "voter": ADDRESSES[1], "support": False, "weight": 30}
    receipt = pc.send(
        "Communities",
        "voteEarned",
        [pid, True, 0, 12 * UNIT + 5, _proof(tree, ADDRESSES[2])],
        key=2,
    )
    assert pc.events(receipt)[0].args["weight"] == 12
    assert _weights(pc, pid) == (13, 30)
    assert pc.revert("Communities", "vote", [pid, True], key=1) == "already voted"


def test_a_root_accepted_after_the_proposal_does_not_count(pc: PointsChain) -> None:
    c = _community(pc, unproven=0)
    tree0 = _accept(pc, c, 0, {ADDRESSES[1]: 2 * UNIT})
    pc.send("Communities", "propose", [c, ADD_MOD, int(ADDRESSES[3], 16), CID], key=1)
    pid = pc.call("Communities", "proposalCount", [])
    end = pc.call("Communities", "proposals", [pid])[5]
    tree1 = _accept(pc, c, 1, {ADDRESSES[1]: 2 * UNIT, ADDRESSES[2]: 500 * UNIT})
    assert pc.block() <= end
    late = [pid, True, 1, 500 * UNIT, _proof(tree1, ADDRESSES[2])]
    assert pc.revert("Communities", "voteEarned", late, key=2) == "proof for the wrong epoch"
    # without a proof account 2 weighs the unproven weight, 0 here
    receipt = pc.send("Communities", "vote", [pid, True], key=2)
    assert pc.events(receipt)[0].args["weight"] == 0
    pc.send(
        "Communities", "voteEarned", [pid, False, 0, 2 * UNIT, _proof(tree0, ADDRESSES[1])], key=1
    )
    assert _weights(pc, pid) == (0, 2)


def test_a_proposal_before_any_root_has_no_proven_weight(pc: PointsChain) -> None:
    c = _community(pc)
    pc.send("Communities", "propose", [c, ADD_MOD, int(ADDRESSES[3], 16), CID], key=1)
    pid = pc.call("Communities", "proposalCount", [])
    args = [pid, True, 0, UNIT, []]
    assert pc.revert("Communities", "voteEarned", args, key=1) == "no root before the proposal"


def test_one_member_one_vote_refuses_proofs(pc: PointsChain) -> None:
    c = pc.create(governance=VOTE)
    pc.enable(c)
    pc.send("Communities", "join", [c], key=1)
    pc.send("Communities", "propose", [c, ADD_MOD, int(ADDRESSES[3], 16), CID], key=1)
    pid = pc.call("Communities", "proposalCount", [])
    args = [pid, True, 0, UNIT, []]
    assert pc.revert("Communities", "voteEarned", args, key=1) == "not weighted by points"
    receipt = pc.send("Communities", "vote", [pid, True], key=1)
    assert pc.events(receipt)[0].args["weight"] == 1


def _pending(pc: PointsChain, c: int, epoch: int, amounts: dict[str, int]) -> bytes:
    tree = tree_of(amounts)
    end = pc.call("Points", "epochEnd", [c, epoch])
    if pc.block() < end:
        pc.mine(end - pc.block())
    pc.send("Points", "proposeRoot", [c, epoch, tree.root, sum(amounts.values()), TREE_CID])
    return bytes(tree.root)


def test_a_vote_vetoes_a_pending_root(pc: PointsChain) -> None:
    c = _community(pc)
    root = _pending(pc, c, 0, {ADDRESSES[0]: 1000 * UNIT})
    target = int.from_bytes(root, "big")
    assert (
        pc.revert("Communities", "propose", [c, VETO_ROOT, target + 1, CID], key=1)
        == "not the pending root"
    )
    pc.send("Communities", "propose", [c, VETO_ROOT, target, CID], key=1)
    pid = pc.call("Communities", "proposalCount", [])
    assert (
        pc.revert("Communities", "propose", [c, VETO_ROOT, target, CID], key=2)
        == "veto already proposed"
    )
    pc.mine(pc.call("Points", "rootDelay", []))
    # the delay is over, but the vote holds the root
    assert pc.revert("Points", "acceptRoot", [c], key=3) == "veto vote open"
    pc.send("Communities", "vote", [pid, True], key=1)
    pc.send("Communities", "vote", [pid, True], key=2)
    pc.mine(VOTING_PERIOD)
    assert pc.revert("Points", "acceptRoot", [c], key=3) == "veto vote open"
    receipt = pc.send("Communities", "execute", [pid], key=3)
    names = [e.name for e in pc.events(receipt)]
    assert names == ["RootVetoed", "Executed"]
    vetoed = pc.events(receipt)[0]
    assert vetoed.args["by"] == pc.communities
    assert vetoed.args["reasonCid"] == CID
    assert pc.call("Points", "pendingBlock", [c]) == 0
    assert pc.revert("Points", "acceptRoot", [c], key=3) == "no pending root"
    # the epoch may be proposed again, and the same root may be vetoed again
    _pending(pc, c, 0, {ADDRESSES[0]: 1000 * UNIT})
    pc.send("Communities", "propose", [c, VETO_ROOT, target, CID], key=1)


def test_a_failed_veto_lets_the_root_through_and_a_stale_one_cannot_execute(
    pc: PointsChain,
) -> None:
    c = _community(pc)
    root = _pending(pc, c, 0, {ADDRESSES[1]: 5 * UNIT})
    target = int.from_bytes(root, "big")
    pc.send("Communities", "propose", [c, VETO_ROOT, target, CID], key=1)
    failed = pc.call("Communities", "proposalCount", [])
    pc.send("Communities", "vote", [failed, False], key=2)
    pc.mine(VOTING_PERIOD + 1)
    assert pc.revert("Communities", "execute", [failed]) == "proposal did not pass"
    pc.send("Points", "acceptRoot", [c], key=3)
    root1 = _pending(pc, c, 1, {ADDRESSES[1]: 6 * UNIT})
    pc.send("Communities", "propose", [c, VETO_ROOT, int.from_bytes(root1, "big"), CID], key=1)
    pid = pc.call("Communities", "proposalCount", [])
    pc.send("Communities", "vote", [pid, True], key=1)
    pc.send("Points", "vetoRoot", [c, RULES])  # the owner drops it first
    pc.mine(VOTING_PERIOD)
    assert pc.revert("Communities", "execute", [pid]) == "root no longer pending"
    assert pc.revert("Points", "vetoRoot", [c, RULES], key=1) == "not the owner"


def test_earned_points_admit_to_a_restricted_community(pc: PointsChain) -> None:
    c = _community(pc, restricted=True)
    tree = _accept(pc, c, 0, {ADDRESSES[1]: 10 * UNIT, ADDRESSES[2]: 3 * UNIT})
    proof1 = _proof(tree, ADDRESSES[1])
    assert pc.revert("Communities", "joinEarned", [c, 0, 10 * UNIT, proof1], key=1) == (
        "no points threshold"
    )
    pc.send("Communities", "setPointsRules", [c, True, 1, 5 * UNIT])
    assert pc.revert("Communities", "join", [c], key=1) == "invite needed"
    low = [c, 0, 3 * UNIT, _proof(tree, ADDRESSES[2])]
    assert pc.revert("Communities", "joinEarned", low, key=2) == "below the threshold"
    assert pc.revert("Communities", "joinEarned", [c, 0, 10 * UNIT, proof1], key=2) == (
        "invalid proof"
    )
    assert pc.revert("Communities", "joinEarned", [c, 1, 10 * UNIT, proof1], key=1) == (
        "invalid proof"
    )
    receipt = pc.send("Communities", "joinEarned", [c, 0, 10 * UNIT, proof1], key=1)
    assert pc.names(receipt) == ["Joined"]
    assert pc.call("Communities", "timedMember", [c, ADDRESSES[1]]) is False
    pc.post(c, key=1)
    assert pc.revert("Communities", "joinEarned", [c, 0, 10 * UNIT, proof1], key=1) == (
        "already a member"
    )


def test_a_bought_membership_admits_until_it_expires(pc: PointsChain) -> None:
    c = _community(pc, restricted=True)
    tree = _accept(pc, c, 0, {ADDRESSES[3]: 10 * UNIT})
    pc.send("Points", "claim", [c, ADDRESSES[3], 10 * UNIT, _proof(tree, ADDRESSES[3])])
    assert pc.revert("Communities", "setPerk", [c + 1, 1, 5]) == "unknown community"
    (perk,) = pc.events(pc.send("Communities", "setPerk", [c, 1, 5]))
    assert perk.args == {"community": c, "perk": 1, "by": ADDRESSES[0], "blocksPerPoint": 5}
    assert pc.revert("Communities", "post", [c, CID, 0], key=3) == "not a member"
    assert pc.revert("Communities", "redeemed", [c, ADDRESSES[3], 1, UNIT], key=3) == "only points"
    # a perk that is not a membership burns and changes nothing here
    receipt = pc.send("Points", "redeem", [c, 9, UNIT], key=3)
    assert "MembershipBought" not in pc.names(receipt)
    assert pc.revert("Points", "redeem", [c, 1, UNIT // 10], key=3) == "amount buys no block"
    receipt = pc.send("Points", "redeem", [c, 1, 2 * UNIT], key=3)
    now = int(receipt["blockNumber"], 16)
    names = pc.names(receipt)
    assert names[-3:] == ["Redeemed", "Joined", "MembershipBought"]
    bought = pc.events(receipt)[-1]
    assert bought.args == {
        "community": c,
        "account": ADDRESSES[3],
        "perk": 1,
        "amount": 2 * UNIT,
        "untilBlock": now + 10,
    }
    assert pc.call("Communities", "timedMember", [c, ADDRESSES[3]]) is True
    pc.post(c, key=3)
    # buying more extends from the current end, not from now
    receipt = pc.send("Points", "redeem", [c, 1, UNIT], key=3)
    assert pc.events(receipt)[-1].args["untilBlock"] == now + 15
    pc.mine(now + 15 - pc.block())
    assert pc.revert("Communities", "post", [c, CID, 0], key=3) == "membership expired"
    assert pc.revert("Communities", "propose", [c, ADD_MOD, 1, CID], key=3) == (
        "membership expired"
    )
    pc.send("Communities", "leave", [c], key=3)
    assert pc.revert("Communities", "join", [c], key=3) == "invite needed"
    # an invited member's membership does not expire
    pc.send("Communities", "invite", [c, ADDRESSES[2]])
    pc.send("Communities", "join", [c], key=2)
    assert pc.call("Communities", "timedMember", [c, ADDRESSES[2]]) is False


def test_a_banned_account_cannot_buy_a_membership(pc: PointsChain) -> None:
    c = _community(pc, restricted=True)
    tree = _accept(pc, c, 0, {ADDRESSES[3]: 10 * UNIT})
    pc.send("Points", "claim", [c, ADDRESSES[3], 10 * UNIT, _proof(tree, ADDRESSES[3])])
    pc.send("Communities", "setPerk", [c, 1, 5])
    pc.send("Communities", "moderate", [c, 3, int(ADDRESSES[3], 16), RULES])
    assert pc.revert("Points", "redeem", [c, 1, UNIT], key=3) == "banned"


earned_amounts = st.lists(st.integers(1, 250 * UNIT), min_size=4, max_size=4)  # within the cap


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(earned_amounts, st.integers(0, 1), st.integers(0, 300))
def test_a_proven_vote_weighs_whole_points_earned_never_less_than_unproven(
    pc: PointsChain, earned: list[int], unproven: int, threshold_points: int
) -> None:
    c = _community(pc, unproven=unproven)
    amounts = dict(zip(ADDRESSES, earned, strict=True))
    tree = _accept(pc, c, 0, amounts)
    pc.send("Communities", "propose", [c, ADD_MOD, int(ADDRESSES[3], 16), CID])
    pid = pc.call("Communities", "proposalCount", [])
    for key, account in enumerate(ADDRESSES):
        args = [pid, True, 0, amounts[account], _proof(tree, account)]
        pc.send("Communities", "voteEarned", args, key=key)
    expected = sum(max(v // UNIT, unproven) for v in earned)
    assert _weights(pc, pid) == (expected, 0)
    # the same proofs admit exactly the accounts at or above a threshold
    gated = pc.create(restricted=True)
    pc.enable(gated, blocks=10)
    gate_tree = _accept(pc, gated, 0, amounts)
    threshold = threshold_points * UNIT + 1
    pc.send("Communities", "setPointsRules", [gated, False, 1, threshold])
    for key, account in enumerate(ADDRESSES[1:], start=1):
        args = [gated, 0, amounts[account], _proof(gate_tree, account)]
        if amounts[account] >= threshold:
            pc.send("Communities", "joinEarned", args, key=key)
            assert pc.call("Communities", "isMember", [gated, account]) is True
        else:
            assert pc.revert("Communities", "joinEarned", args, key=key) == "below the threshold"
