"""Points events in the index: every Points log lands in points_log in the base events'
transaction, reads back as the node gives it, rolls back on a reorg, and feeds notifications
(claims by the account; roots proposed or vetoed in its communities) through the generic
``EventSource.notifications``."""

from __future__ import annotations

from pathlib import Path

from tests.contracts.conftest import ADDRESSES
from tests.points.conftest import TREE_CID, PointsChain
from tui.core.config.settings import Network
from tui.core.content.store import LocalContentStore
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex
from tui.core.index.sources import source_notifications
from tui.core.points.distribution import compute
from tui.core.points.history import load_records, points_events, read_info
from tui.core.points.source import indexed_claimed, indexed_events
from tui.core.points.view import read_view


def _network(pc: PointsChain) -> Network:
    d = pc.deployment
    return Network(name="test", rpc_url=pc.rpc.url, chain_id=31337, social=d.social,
                   articles=d.articles, deploy_block=d.block, contracts=dict(d.contracts))  # fmt: skip


def _index(pc: PointsChain, tmp_path: Path, me: str) -> AgoraIndex:
    tmp_path.mkdir(parents=True, exist_ok=True)
    store = LocalContentStore(tmp_path / "content")
    return AgoraIndex(connect(tmp_path / "index.sqlite"), _network(pc), me=me, store=store)


def _epoch(pc: PointsChain, c: int, epoch: int) -> tuple[bytes, int, object]:
    info = read_info(pc.rpc, pc.points, c)
    assert info is not None
    pc.mine(max(0, info.config.end(epoch) - pc.block()))
    dist = compute(info.config, load_records(pc.rpc, pc.where(), c, pc.block()), epoch)
    return dist.root, dist.total, dist


def test_points_logs_are_indexed_and_notify_members(pc: PointsChain, tmp_path: Path) -> None:
    c = pc.create()
    for k in (1, 2):
        pc.send("Communities", "join", [c], key=k)
    pc.enable(c, blocks=10)
    p1 = pc.post(c, key=1)
    pc.post(c, p1, key=0)  # the owner replies: account 1 earns
    root, total, dist = _epoch(pc, c, 0)
    pc.send("Points", "proposeRoot", [c, 0, root, total, TREE_CID], key=0)
    pc.send("Points", "vetoRoot", [c, TREE_CID], key=0)
    pc.send("Points", "proposeRoot", [c, 0, root, total, TREE_CID], key=0)
    pc.mine(10)
    pc.send("Points", "acceptRoot", [c])
    found = dist.proof(ADDRESSES[1])  # type: ignore[attr-defined]
    assert found is not None
    pc.send("Points", "claim", [c, ADDRESSES[1], found[0], found[1]])
    pc.send("Communities", "leave", [c], key=2)

    index = _index(pc, tmp_path, ADDRESSES[1])
    try:
        index.sync(rpc=pc.rpc)
        from_node = points_events(pc.rpc, pc.where(), c, pc.block())
        indexed = indexed_events(index.conn, c)
        assert [(e.name, e.args, e.block_number) for e in indexed] == [
            (e.name, e.args, e.block_number) for e in from_node
        ]
        assert [e.name for e in indexed] == [
            "PointsEnabled", "RootProposed", "RootVetoed", "RootProposed", "RootAccepted",
            "Claimed",
        ]  # fmt: skip
        assert indexed_claimed(index.conn, c, ADDRESSES[1]) == found[0]
        # the points view reads its roots from the index, and from the node when it lags
        me = ADDRESSES[1]
        node = read_view(pc.rpc, pc.where(), c, me, None)
        from_index = read_view(pc.rpc, pc.where(), c, me, None, (), indexed)
        behind = read_view(pc.rpc, pc.where(), c, me, None, (), indexed[:1])
        assert node is not None and from_index is not None and behind is not None
        assert [r.state for r in node.roots] == ["vetoed", "accepted"]
        assert from_index.roots == node.roots == behind.roots
        kinds = [n.kind for n in index.notifications()]
        assert kinds.count("points_proposed") == 2 and kinds.count("points_vetoed") == 1
        claimed = next(n for n in index.notifications() if n.kind == "points_claimed")
        assert claimed.text.endswith(f"claimed in community #{c} ({claimed.text.split()[0]}"
                                     " points in all)")  # fmt: skip
        proposed = next(n for n in index.notifications() if n.kind == "points_proposed")
        assert proposed.actor == ADDRESSES[0]
        assert f"agora points verify {c} 0" in proposed.text
    finally:
        index.close()
    # the owner proposed them: no news of its own roots; account 2 left: none either
    for who in (ADDRESSES[0], ADDRESSES[2]):
        other = _index(pc, tmp_path / who, who)
        try:
            other.sync(rpc=pc.rpc)
            assert not [n for n in other.notifications() if n.kind.startswith("points_")]
        finally:
            other.close()


def test_a_reorg_rolls_back_indexed_points_logs(pc: PointsChain, tmp_path: Path) -> None:
    c = pc.create()
    pc.send("Communities", "join", [c], key=1)
    pc.enable(c, blocks=10)
    pc.post(c, pc.post(c, key=1), key=0)
    root, total, _dist = _epoch(pc, c, 0)
    fork = pc.rpc.call("evm_snapshot")
    pc.send("Points", "proposeRoot", [c, 0, root, total, TREE_CID], key=0)
    index = _index(pc, tmp_path, ADDRESSES[1])
    try:
        index.sync(rpc=pc.rpc)
        assert [e.name for e in indexed_events(index.conn, c)][-1] == "RootProposed"
        pc.rpc.call("evm_revert", [fork])
        pc.mine(3)
        assert index.sync(rpc=pc.rpc).reorgs == 1
        assert [e.name for e in indexed_events(index.conn, c)] == ["PointsEnabled"]
        assert not [n for n in index.notifications() if n.kind.startswith("points_")]
    finally:
        index.close()


def test_notification_queries_come_from_every_source(pc: PointsChain, tmp_path: Path) -> None:
    index = _index(pc, tmp_path, ADDRESSES[1])
    try:
        queries = source_notifications(index.conn)
        assert {"endorsement", "revocation", "points_claimed", "points_root"} <= set(queries)
        index.conn.execute("DROP TABLE points_log")
        assert "points_claimed" not in source_notifications(index.conn)
        assert index.notifications() == []  # an index without the table still answers
    finally:
        index.close()
