"""Points and PointsToken on a real anvil: every function, event and revert reason."""

from __future__ import annotations

from tests.contracts.conftest import ADDRESSES
from tests.points.conftest import TREE_CID, TYPES, UNIT, PointsChain, tree_of
from tui.core.points.merkle import StandardMerkleTree, leaf_hash

ZERO_ROOT = b"\x00" * 32


def _mods(pc: PointsChain, c: int, *keys: int) -> None:
    for k in keys:
        pc.send("Communities", "setModerator", [c, ADDRESSES[k], True])


def _after_epoch(pc: PointsChain, c: int, epoch: int) -> None:
    end = pc.call("Points", "epochEnd", [c, epoch])
    now = pc.block()
    if now < end:
        pc.mine(end - now)


def _accept(pc: PointsChain, c: int, epoch: int, amounts: dict[str, int]) -> StandardMerkleTree:
    tree = tree_of(amounts)
    _after_epoch(pc, c, epoch)
    pc.send("Points", "proposeRoot", [c, epoch, tree.root, sum(amounts.values()), TREE_CID])
    pc.mine(pc.call("Points", "rootDelay", []))
    pc.send("Points", "acceptRoot", [c], key=3)
    return tree


def test_enable_creates_the_token_once_and_only_for_the_owner(pc: PointsChain) -> None:
    c = pc.create()
    args = [c, "Agora Points", "AGP", 10, 1000 * UNIT, 500]
    assert pc.revert("Points", "enablePoints", args, key=1) == "not the owner"
    assert pc.revert("Points", "enablePoints", [c, "", "AGP", 10, UNIT, 0]) == "empty name"
    assert pc.revert("Points", "enablePoints", [c, "P", "AGP", 0, UNIT, 0]) == "zero epoch"
    assert pc.revert("Points", "enablePoints", [c, "P", "AGP", 10, 0, 0]) == "zero cap"
    too_much = [c, "P", "AGP", 10, UNIT, 1001]
    assert pc.revert("Points", "enablePoints", too_much) == "moderator share above 10%"
    receipt = pc.send("Points", "enablePoints", args)
    token = pc.call("Points", "tokenOf", [c])
    (_minter, _owner, enabled) = pc.events(receipt)[-3:]
    assert enabled.name == "PointsEnabled"
    assert enabled.args == {
        "community": c,
        "token": token,
        "by": ADDRESSES[0],
        "name": "Agora Points",
        "symbol": "AGP",
        "startBlock": int(receipt["blockNumber"], 16),
        "epochBlocks": 10,
        "epochCap": 1000 * UNIT,
        "modShareBps": 500,
    }
    assert pc.token_call(token, "name", []) == "Agora Points"
    assert pc.token_call(token, "symbol", []) == "AGP"
    assert pc.token_call(token, "decimals", []) == 18
    assert pc.token_call(token, "owner", []) == pc.points
    assert pc.token_call(token, "is_minter", [pc.points])
    assert pc.call("Points", "startBlock", [c]) == int(receipt["blockNumber"], 16)
    assert pc.revert("Points", "enablePoints", args) == "points already enabled"
    assert pc.call("Points", "epochEnd", [c, 1]) == int(receipt["blockNumber"], 16) + 20
    assert pc.revert("Points", "epochEnd", [c + 1, 0]) == "points not enabled"


def test_propose_checks_the_moderator_the_epoch_the_root_and_the_cap(pc: PointsChain) -> None:
    c = pc.create()
    pc.enable(c, blocks=10, cap=100 * UNIT)
    _mods(pc, c, 1)
    tree = tree_of({ADDRESSES[2]: 60 * UNIT, ADDRESSES[3]: 40 * UNIT})
    good = [c, 0, tree.root, 100 * UNIT, TREE_CID]
    assert pc.revert("Points", "proposeRoot", good, key=1) == "epoch not over"
    _after_epoch(pc, c, 0)
    assert pc.revert("Points", "proposeRoot", good, key=2) == "not a moderator"
    assert pc.revert("Points", "proposeRoot", [c, 1, tree.root, UNIT, TREE_CID]) == "wrong epoch"
    assert pc.revert("Points", "proposeRoot", [c, 0, ZERO_ROOT, UNIT, TREE_CID]) == "zero root"
    assert pc.revert("Points", "proposeRoot", [c, 0, tree.root, UNIT, ""]) == "empty cid"
    above = [c, 0, tree.root, 100 * UNIT + 1, TREE_CID]
    assert pc.revert("Points", "proposeRoot", above) == "total above the cap"
    receipt = pc.send("Points", "proposeRoot", good, key=1)
    (event,) = pc.events(receipt)
    assert event.name == "RootProposed"
    delay = pc.call("Points", "rootDelay", [])
    assert event.args == {
        "community": c,
        "epoch": 0,
        "proposer": ADDRESSES[1],
        "root": tree.root,
        "cumulativeTotal": 100 * UNIT,
        "treeCid": TREE_CID,
        "activeBlock": int(receipt["blockNumber"], 16) + delay,
    }
    assert pc.revert("Points", "proposeRoot", good) == "a root is pending"
    assert pc.call("Points", "pendingRoot", [c]) == tree.root
    assert (
        pc.revert("Points", "proposeRoot", [c + 1, 0, tree.root, 1, TREE_CID])
        == "points not enabled"
    )


def test_accept_waits_for_the_delay_then_anyone_activates_it(pc: PointsChain) -> None:
    c = pc.create()
    pc.enable(c)
    assert pc.revert("Points", "acceptRoot", [c]) == "no pending root"
    tree = tree_of({ADDRESSES[2]: 5 * UNIT})
    _after_epoch(pc, c, 0)
    pc.send("Points", "proposeRoot", [c, 0, tree.root, 5 * UNIT, TREE_CID])
    assert pc.revert("Points", "acceptRoot", [c], key=3) == "delay not over"
    pc.mine(pc.call("Points", "rootDelay", []))
    (event,) = pc.events(pc.send("Points", "acceptRoot", [c], key=3))
    assert event.name == "RootAccepted"
    assert event.args == {
        "community": c,
        "epoch": 0,
        "root": tree.root,
        "cumulativeTotal": 5 * UNIT,
    }
    assert pc.call("Points", "currentRoot", [c]) == tree.root
    assert pc.call("Points", "rootOf", [c, 0]) == tree.root
    assert pc.call("Points", "currentTotal", [c]) == 5 * UNIT
    assert pc.call("Points", "nextEpoch", [c]) == 1
    assert pc.call("Points", "pendingBlock", [c]) == 0
    # the next total may not go below this one
    _after_epoch(pc, c, 1)
    low = [c, 1, tree.root, 5 * UNIT - 1, TREE_CID]
    assert pc.revert("Points", "proposeRoot", low) == "total below the last root"


def test_only_the_owner_vetoes_and_the_epoch_can_be_proposed_again(pc: PointsChain) -> None:
    c = pc.create()
    pc.enable(c)
    _mods(pc, c, 1)
    assert pc.revert("Points", "vetoRoot", [c, TREE_CID]) == "no pending root"
    tree = tree_of({ADDRESSES[1]: 900 * UNIT})
    _after_epoch(pc, c, 0)
    pc.send("Points", "proposeRoot", [c, 0, tree.root, 900 * UNIT, TREE_CID], key=1)
    assert pc.revert("Points", "vetoRoot", [c, TREE_CID], key=1) == "not the owner"
    (event,) = pc.events(pc.send("Points", "vetoRoot", [c, TREE_CID]))
    assert event.name == "RootVetoed"
    assert event.args == {
        "community": c,
        "epoch": 0,
        "by": ADDRESSES[0],
        "root": tree.root,
        "reasonCid": TREE_CID,
    }
    pc.mine(pc.call("Points", "rootDelay", []))
    assert pc.revert("Points", "acceptRoot", [c]) == "no pending root"
    assert pc.call("Points", "currentRoot", [c]) == ZERO_ROOT
    fair = tree_of({ADDRESSES[2]: 10 * UNIT})
    pc.send("Points", "proposeRoot", [c, 0, fair.root, 10 * UNIT, TREE_CID], key=1)


def test_claim_mints_the_difference_once_to_the_account_with_a_valid_proof(pc: PointsChain) -> None:
    c = pc.create()
    token = pc.enable(c)
    proof_args = [c, ADDRESSES[2], 5 * UNIT, []]
    assert pc.revert("Points", "claim", proof_args) == "no root yet"
    amounts = {ADDRESSES[2]: 5 * UNIT, ADDRESSES[3]: 7 * UNIT, ADDRESSES[1]: UNIT}
    tree = _accept(pc, c, 0, amounts)
    leaves = sorted(amounts.items())
    i = [a for a, _ in leaves].index(ADDRESSES[2])
    proof = tree.proof(i)
    assert pc.revert("Points", "claim", [c, ADDRESSES[2], 6 * UNIT, proof]) == "invalid proof"
    assert pc.revert("Points", "claim", [c, ADDRESSES[3], 5 * UNIT, proof]) == "invalid proof"
    # anyone may send the claim; the points go to the account
    receipt = pc.send("Points", "claim", [c, ADDRESSES[2], 5 * UNIT, proof], key=3)
    names = [e.name for e in pc.events(receipt)]
    assert names == ["Transfer", "Claimed"]
    claimed = pc.events(receipt)[-1]
    assert claimed.args == {
        "community": c,
        "account": ADDRESSES[2],
        "amount": 5 * UNIT,
        "cumulative": 5 * UNIT,
    }
    assert pc.token_call(token, "balanceOf", [ADDRESSES[2]]) == 5 * UNIT
    assert pc.token_call(token, "balanceOf", [ADDRESSES[3]]) == 0
    assert pc.call("Points", "claimed", [c, ADDRESSES[2]]) == 5 * UNIT
    assert pc.revert("Points", "claim", [c, ADDRESSES[2], 5 * UNIT, proof]) == "nothing to claim"
    # a later epoch's cumulative amount mints only the difference
    amounts[ADDRESSES[2]] = 8 * UNIT
    tree = _accept(pc, c, 1, amounts)
    leaves = sorted(amounts.items())
    proof = tree.proof([a for a, _ in leaves].index(ADDRESSES[2]))
    receipt = pc.send("Points", "claim", [c, ADDRESSES[2], 8 * UNIT, proof])
    assert pc.events(receipt)[-1].args["amount"] == 3 * UNIT
    assert pc.token_call(token, "balanceOf", [ADDRESSES[2]]) == 8 * UNIT
    assert pc.call("Points", "totalClaimed", [c]) == 8 * UNIT
    assert pc.revert("Points", "claim", [c + 1, ADDRESSES[2], 1, []]) == "points not enabled"


def test_claims_never_mint_more_than_the_root_total(pc: PointsChain) -> None:
    c = pc.create()
    pc.enable(c)
    amounts = {ADDRESSES[2]: 50 * UNIT, ADDRESSES[3]: 50 * UNIT}
    tree = tree_of(amounts)
    _after_epoch(pc, c, 0)
    # a dishonest root: leaves sum to 100, the declared total is 60
    pc.send("Points", "proposeRoot", [c, 0, tree.root, 60 * UNIT, TREE_CID])
    pc.mine(pc.call("Points", "rootDelay", []))
    pc.send("Points", "acceptRoot", [c])
    pc.send("Points", "claim", [c, ADDRESSES[2], 50 * UNIT, tree.proof(0)])
    args = [c, ADDRESSES[3], 50 * UNIT, tree.proof(1)]
    assert pc.revert("Points", "claim", args) == "claims above the root total"


def test_redeem_burns_and_raises_the_cap_by_half(pc: PointsChain) -> None:
    c = pc.create()
    token = pc.enable(c, cap=100 * UNIT)
    _accept(pc, c, 0, {ADDRESSES[2]: 100 * UNIT})
    pc.send("Points", "claim", [c, ADDRESSES[2], 100 * UNIT, []])
    assert pc.revert("Points", "redeem", [c, 1, 0], key=2) == "zero amount"
    assert (
        pc.revert("Points", "redeem", [c, 1, 101 * UNIT], key=2)
        == "erc20: burn amount exceeds balance"
    )
    receipt = pc.send("Points", "redeem", [c, 1, 40 * UNIT], key=2)
    assert [e.name for e in pc.events(receipt)] == ["Transfer", "Redeemed"]
    assert pc.events(receipt)[-1].args == {
        "community": c,
        "account": ADDRESSES[2],
        "perk": 1,
        "amount": 40 * UNIT,
    }
    assert pc.token_call(token, "balanceOf", [ADDRESSES[2]]) == 60 * UNIT
    assert pc.token_call(token, "totalSupply", []) == 60 * UNIT
    assert pc.call("Points", "burned", [c]) == 40 * UNIT
    _after_epoch(pc, c, 1)
    tree = tree_of({ADDRESSES[2]: 220 * UNIT + 1})
    above = [c, 1, tree.root, 220 * UNIT + 1, TREE_CID]
    assert pc.revert("Points", "proposeRoot", above) == "total above the cap"
    tree = tree_of({ADDRESSES[2]: 220 * UNIT})
    pc.send("Points", "proposeRoot", [c, 1, tree.root, 220 * UNIT, TREE_CID])


def test_only_points_burns_and_mints_the_token(pc: PointsChain) -> None:
    from tests.conftest import DEV_KEYS
    from tui.core.chain.abi import encode_call
    from tui.core.chain.deploy import send_transaction

    c = pc.create()
    token = pc.enable(c)
    for data in (
        encode_call("PointsToken", "burnFor", [ADDRESSES[0], 0]),
        encode_call("PointsToken", "mint", [ADDRESSES[0], 1]),
    ):
        receipt = send_transaction(pc.rpc, DEV_KEYS[0], token, data, gas=200_000, check=False)
        assert receipt["status"] == "0x0"


def test_verify_earned_and_leaf_hash_match_the_tree(pc: PointsChain) -> None:
    c = pc.create()
    pc.enable(c)
    amounts = {ADDRESSES[2]: 3 * UNIT, ADDRESSES[3]: 4 * UNIT}
    tree = _accept(pc, c, 0, amounts)
    leaves = sorted(amounts.items())
    for i, (account, amount) in enumerate(leaves):
        assert pc.call("Points", "leafHash", [account, amount]) == leaf_hash(
            TYPES, (account, amount)
        )
        assert pc.call("Points", "verifyEarned", [c, 0, account, amount, tree.proof(i)])
        assert not pc.call("Points", "verifyEarned", [c, 0, account, amount + 1, tree.proof(i)])
        assert not pc.call("Points", "verifyEarned", [c, 1, account, amount, tree.proof(i)])
