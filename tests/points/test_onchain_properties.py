"""On a real anvil: a ring of fresh accounts earns nothing until a trusted giver engages, and
for random distributions every leaf's proof verifies in the Points contract."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.contracts.conftest import ADDRESSES
from tests.points.conftest import TREE_CID, UNIT, PointsChain, tree_of
from tui.core.points.distribution import compute
from tui.core.points.history import load_records, read_info
from tui.core.points.rule import MIN_TIP_WEI


def test_a_sybil_ring_on_chain_earns_nothing_until_a_trusted_giver_engages(pc: PointsChain) -> None:
    c = pc.create()  # the owner (0) stays away at first
    ring = (1, 2, 3)
    for k in ring:
        pc.send("Communities", "join", [c], key=k)
    pc.enable(c, blocks=60)
    posts = {k: pc.post(c, key=k) for k in ring}
    for giver in ring:
        for author, post in posts.items():
            if author != giver:
                pc.post(c, post, key=giver)
                pc.send("Social", "tip", [post], key=giver, value=MIN_TIP_WEI * 10)
    info = read_info(pc.rpc, pc.points, c)
    assert info is not None
    end = info.config.end(0)
    records = load_records(pc.rpc, pc.where(), c, pc.block())
    assert sum(1 for r in records if r[0] in ("tip", "post") and (r[0] == "tip" or r[5])) == 12
    ringed = compute(info.config, records, 0)
    assert ringed.total == 0 and ringed.result.amounts == {}
    pc.post(c, posts[2], key=0)  # the owner replies once
    pc.mine(max(0, end - pc.block()))
    dist = compute(info.config, load_records(pc.rpc, pc.where(), c, end - 1), 0)
    assert [a for a, _ in dist.leaves] == [ADDRESSES[2]]


amounts = st.dictionaries(
    st.integers(1, 2**160 - 1).map(lambda n: "0x" + f"{n:040x}"),
    st.integers(1, 10**6).map(lambda n: n * 10**15),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(amounts)
def test_every_leaf_verifies_on_chain(pc: PointsChain, values: dict[str, int]) -> None:
    from tui.core.chain.address import to_checksum

    values = {to_checksum(a): v for a, v in values.items()}
    c = pc.create()
    pc.enable(c, blocks=1, cap=10**12 * UNIT)
    tree = tree_of(values)
    pc.mine(2)
    pc.send("Points", "proposeRoot", [c, 0, tree.root, sum(values.values()), TREE_CID])
    pc.mine(pc.call("Points", "rootDelay", []))
    pc.send("Points", "acceptRoot", [c])
    for i, (account, amount) in enumerate(sorted(values.items())):
        proof = tree.proof(i)
        assert pc.call("Points", "verifyEarned", [c, 0, account, amount, proof])
        assert not pc.call("Points", "verifyEarned", [c, 0, account, amount - 1, proof])
