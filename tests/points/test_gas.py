"""Gas of the Points calls on anvil (the figures PROTOCOL.md quotes), with generous ceilings so
a change that makes them balloon is noticed."""

from __future__ import annotations

from tests.contracts.conftest import ADDRESSES
from tests.points.conftest import TREE_CID, UNIT, PointsChain, tree_of


def gas(receipt: dict) -> int:
    return int(receipt["gasUsed"], 16)


def test_points_gas(pc: PointsChain) -> None:
    c = pc.create()
    enable = pc.send("Points", "enablePoints", [c, "Agora Points", "AGP", 10, 10**6 * UNIT, 500])
    amounts = {"0x" + f"{i + 1:040x}": (i + 1) * UNIT for i in range(999)}
    amounts[ADDRESSES[2]] = 5 * UNIT
    tree = tree_of(amounts)
    leaves = sorted(amounts.items())
    mine = [a for a, _ in leaves].index(ADDRESSES[2])
    pc.mine(11)
    propose = pc.send("Points", "proposeRoot", [c, 0, tree.root, sum(amounts.values()), TREE_CID])
    pc.mine(pc.call("Points", "rootDelay", []))
    accept = pc.send("Points", "acceptRoot", [c])
    first = pc.send("Points", "claim", [c, ADDRESSES[2], 5 * UNIT, tree.proof(mine)])
    other = [a for a, _ in leaves].index("0x" + f"{7:040x}")
    second = pc.send("Points", "claim", [c, leaves[other][0], leaves[other][1], tree.proof(other)])
    redeem = pc.send("Points", "redeem", [c, 1, UNIT], key=2)
    figures = {
        "enablePoints (token from the blueprint)": gas(enable),
        "proposeRoot": gas(propose),
        "acceptRoot": gas(accept),
        "claim, first claimer (1,000 leaves)": gas(first),
        "claim, another claimer": gas(second),
        "redeem": gas(redeem),
    }
    for name, used in figures.items():
        print(f"{name}: {used:,}")
    assert gas(enable) < 2_000_000
    assert max(gas(propose), gas(accept), gas(first), gas(second), gas(redeem)) < 250_000
    assert len(tree.proof(mine)) <= 10


def test_points_governance_gas(pc: PointsChain) -> None:
    c = pc.create(governance=1, restricted=True)
    pc.send("Points", "enablePoints", [c, "Agora Points", "AGP", 10, 10**6 * UNIT, 500])
    amounts = {"0x" + f"{i + 1:040x}": (i + 1) * UNIT for i in range(998)}
    amounts[ADDRESSES[1]] = 50 * UNIT
    amounts[ADDRESSES[2]] = 5 * UNIT
    tree = tree_of(amounts)
    accounts = [a for a, _ in sorted(amounts.items())]
    rules = pc.send("Communities", "setPointsRules", [c, True, 1, 20 * UNIT])
    perk = pc.send("Communities", "setPerk", [c, 1, 7200])
    pc.mine(11)
    pc.send("Points", "proposeRoot", [c, 0, tree.root, sum(amounts.values()), TREE_CID])
    pc.mine(pc.call("Points", "rootDelay", []))
    pc.send("Points", "acceptRoot", [c])
    proof1 = tree.proof(accounts.index(ADDRESSES[1]))
    join = pc.send("Communities", "joinEarned", [c, 0, 50 * UNIT, proof1], key=1)
    pc.send(
        "Points", "claim", [c, ADDRESSES[2], 5 * UNIT, tree.proof(accounts.index(ADDRESSES[2]))]
    )
    buy = pc.send("Points", "redeem", [c, 1, UNIT], key=2)
    propose = pc.send("Communities", "propose", [c, 1, int(ADDRESSES[3], 16), TREE_CID], key=1)
    pid = pc.call("Communities", "proposalCount", [])
    earned = pc.send("Communities", "voteEarned", [pid, True, 0, 50 * UNIT, proof1], key=1)
    plain = pc.send("Communities", "vote", [pid, False], key=2)
    pc.mine(11)
    again = tree_of({**amounts, ADDRESSES[3]: UNIT})
    pc.send("Points", "proposeRoot", [c, 1, again.root, sum(amounts.values()) + UNIT, TREE_CID])
    target = int.from_bytes(bytes(again.root), "big")
    veto = pc.send("Communities", "propose", [c, 6, target, TREE_CID], key=1)
    vid = pc.call("Communities", "proposalCount", [])
    pc.send("Communities", "voteEarned", [vid, True, 0, 50 * UNIT, proof1], key=1)
    pc.mine(21)
    execute = pc.send("Communities", "execute", [vid])
    figures = {
        "setPointsRules": gas(rules),
        "setPerk": gas(perk),
        "joinEarned (1,000 leaves)": gas(join),
        "redeem of a membership perk (joins)": gas(buy),
        "propose under points voting": gas(propose),
        "voteEarned (1,000 leaves)": gas(earned),
        "vote without a proof": gas(plain),
        "propose VETO_ROOT": gas(veto),
        "execute VETO_ROOT": gas(execute),
    }
    for name, used in figures.items():
        print(f"{name}: {used:,}")
    assert max(figures.values()) < 350_000
