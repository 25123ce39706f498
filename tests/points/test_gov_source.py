"""Points governance in the index: the owner's rules and perks and memberships bought with
points land in points_governance in the base events' transaction, fold into the history (old →
new) and into the current settings (as the contract reads them), notify members and the
buyer, roll back on a reorg, and a lying node's values are skipped rather than raised."""

from __future__ import annotations

from pathlib import Path

from tests.contracts.conftest import ADDRESSES
from tests.points.conftest import TREE_CID, UNIT, PointsChain
from tests.points.test_source import _epoch, _index
from tui.core.chain.abi import DecodedEvent
from tui.core.points import gov_source
from tui.core.points.gov_history import history, indexed_rules
from tui.core.points.governance import read_rules


def _kinds(index: object) -> list[str]:
    found = index.notifications()  # type: ignore[attr-defined]
    return [n.kind for n in found if n.kind in gov_source.KINDS]


def test_governance_is_indexed_folded_notified_and_rolled_back(
    pc: PointsChain, tmp_path: Path
) -> None:
    c = pc.create()
    for k in (1, 2):
        pc.send("Communities", "join", [c], key=k)
    pc.enable(c, blocks=10)
    pc.post(c, pc.post(c, key=1), key=0)  # the owner replies: account 1 earns
    root, total, dist = _epoch(pc, c, 0)
    pc.send("Points", "proposeRoot", [c, 0, root, total, TREE_CID], key=0)
    pc.mine(10)
    pc.send("Points", "acceptRoot", [c])
    found = dist.proof(ADDRESSES[1])  # type: ignore[attr-defined]
    assert found is not None
    pc.send("Points", "claim", [c, ADDRESSES[1], found[0], found[1]])
    pc.send("Communities", "setPointsRules", [c, True, 1, 5 * UNIT], key=0)
    pc.send("Communities", "setPointsRules", [c, True, 0, 5 * UNIT], key=0)
    pc.send("Communities", "setPerk", [c, 1, 100], key=0)
    pc.send("Points", "redeem", [c, 1, 2 * UNIT], key=1)
    fork = pc.rpc.call("evm_snapshot")
    pc.send("Points", "redeem", [c, 1, UNIT], key=1)

    me = ADDRESSES[1]
    index = _index(pc, tmp_path, me)
    try:
        index.sync(rpc=pc.rpc)
        rows = index.conn.execute(
            "SELECT name, account FROM points_governance WHERE community = ? ORDER BY block",
            (c,),
        ).fetchall()
        assert rows == [("PointsRulesChanged", ADDRESSES[0])] * 2 + [
            ("PerkSet", ADDRESSES[0]), ("MembershipBought", me), ("MembershipBought", me),
        ]  # fmt: skip
        changes = history(index.conn, c)
        assert [ch.kind for ch in changes] == ["rules", "rules", "perk", "membership"] * 1 + [
            "membership"
        ]
        assert changes[0].text == (
            "rules: one member, one vote → votes weigh by earned points (without a proof: 1); "
            "no admission by points → admits from 5 points earned"
        )
        assert changes[1].old["unproven_weight"] == 1 and changes[1].new["unproven_weight"] == 0
        assert changes[2].text == "perk 1: 0 → 100 blocks of membership per point"
        first_end = changes[3].new["until_block"]
        assert changes[4].old["until_block"] == first_end
        assert changes[4].new["until_block"] == first_end + 100
        assert "membership extended with 1 points" in changes[4].text
        # the settings folded from the index are the contract's
        node = read_rules(pc.rpc, pc.where(), c, me)
        mine = indexed_rules(index.conn, c, me)
        assert mine is not None
        fields = ("vote_by_points", "unproven", "threshold", "membership_blocks",
                  "member_until", "timed", "restricted", "enabled")  # fmt: skip
        assert {f: getattr(mine, f) for f in fields} == {f: getattr(node, f) for f in fields}
        # the member hears of the owner's changes, and of its own purchases
        kinds = _kinds(index)
        assert kinds.count("points_rules_changed") == 3
        assert kinds.count("points_membership") == 2
        # a reorg drops the second purchase
        pc.rpc.call("evm_revert", [fork])
        pc.mine(3)
        assert index.sync(rpc=pc.rpc).reorgs == 1
        assert [ch.kind for ch in history(index.conn, c)][-1] == "membership"
        assert len(history(index.conn, c)) == 4
        assert _kinds(index).count("points_membership") == 1
        # an index made before the table existed indexes the past logs again on its next sync
        with index.conn:
            index.conn.execute("DELETE FROM points_governance")
            index.conn.execute("DELETE FROM meta WHERE key = 'source_tables'")
        index.sync(rpc=pc.rpc)
        assert len(history(index.conn, c)) == 4
    finally:
        index.close()
    # the owner made the changes; account 3 is no member and has no points: no news for them
    for who in (ADDRESSES[0], ADDRESSES[3]):
        other = _index(pc, tmp_path / who, who)
        try:
            other.sync(rpc=pc.rpc)
            assert _kinds(other) == []
        finally:
            other.close()


def _event(name: str, **args: object) -> DecodedEvent:
    return DecodedEvent(name, dict(args), "0x" + "11" * 20, 7, "0x" + "22" * 32, "0x" + "33" * 32,
                        1, False)  # fmt: skip


def test_a_lying_node_never_breaks_the_governance_rows() -> None:
    by = ADDRESSES[0]
    ok = _event("PerkSet", community=1, perk=1, by=by, blocksPerPoint=5)
    assert gov_source.decode(ok, 9)[0][0] == "points_governance"
    bad = [
        _event("PerkSet", community=2**255, perk=1, by=by, blocksPerPoint=5),
        _event("PerkSet", community=1, perk=2**70, by=by, blocksPerPoint=5),
        _event("PerkSet", community=1, perk=1, by=by),
        _event(
            "PointsRulesChanged",
            community=1,
            by=by,
            voteByPoints="yes",
            unprovenWeight=0,
            postThreshold=0,
        ),
        _event("MembershipBought", community=0, account=by, perk=1, amount=1, untilBlock=3),
        _event("Transfer", community=1),
    ]
    assert [gov_source.decode(e, 9) for e in bad] == [[]] * len(bad)
