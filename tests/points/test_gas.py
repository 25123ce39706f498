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
