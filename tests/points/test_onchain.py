"""The rule read from a real chain: contributions made through Communities and Social, the
distribution computed from the logs, proposed, accepted, and every leaf claimed on chain."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contracts.conftest import ADDRESSES
from tests.points.conftest import TREE_CID, PointsChain
from tui.core.chain.abi import encode_call
from tui.core.points.distribution import check, compute
from tui.core.points.history import load_records, read_info
from tui.core.points.rule import MIN_TIP_WEI


def test_the_rule_from_the_chain_is_proposed_accepted_and_claimed(pc: PointsChain) -> None:
    c = pc.create()  # owner: account 0
    for k in (1, 2, 3):
        pc.send("Communities", "join", [c], key=k)
    token = pc.enable(c, blocks=30, bps=1000)
    pc.send("Communities", "setModerator", [c, ADDRESSES[3], True])
    p1 = pc.post(c, key=1)
    p2 = pc.post(c, key=2)
    pc.post(c, p1, key=0)  # the owner replies to 1
    pc.send("Social", "tip", [p2], key=0, value=MIN_TIP_WEI)  # and tips 2
    pc.post(c, p2, key=1)  # 1 is not trusted yet: no effect
    info = read_info(pc.rpc, pc.points, c)
    assert info is not None and info.token == token
    end = info.config.end(0)
    pc.mine(max(0, end - pc.block()))
    records = load_records(pc.rpc, pc.where(), c, pc.block())
    dist = compute(info.config, records, 0)
    amounts = dist.result.amounts
    assert set(amounts) == {ADDRESSES[1], ADDRESSES[2], ADDRESSES[3]}
    # the owner's budget splits 1 (reply) : 2 (tip)
    assert amounts[ADDRESSES[2]] == 2 * amounts[ADDRESSES[1]] + (amounts[ADDRESSES[2]] % 2)
    pc.send("Points", "proposeRoot", [c, 0, dist.root, dist.total, TREE_CID], key=3)
    assert check(dist, dist.root, dist.total, dist.document()).matches
    pc.mine(info.root_delay)
    pc.send("Points", "acceptRoot", [c])
    for account, cumulative in dist.leaves:
        found = dist.proof(account)
        assert found is not None
        pc.send("Points", "claim", [c, account, cumulative, found[1]])
        out = pc.rpc.eth_call(token, encode_call("PointsToken", "balanceOf", [account]))
        assert int(out, 16) == cumulative
    assert pc.call("Points", "totalClaimed", [c]) == dist.total


def test_a_padded_tree_is_a_mismatch_naming_the_account(pc: PointsChain) -> None:
    c = pc.create()
    pc.send("Communities", "join", [c], key=1)
    pc.enable(c, blocks=20)
    p1 = pc.post(c, key=1)
    pc.post(c, p1, key=0)
    info = read_info(pc.rpc, pc.points, c)
    assert info is not None
    pc.mine(max(0, info.config.end(0) - pc.block()))
    dist = compute(info.config, load_records(pc.rpc, pc.where(), c, pc.block()), 0)
    doc = dist.document()
    doc["values"][0]["value"][1] = str(int(doc["values"][0]["value"][1]) + 1)
    verdict = check(dist, b"\x01" * 32, dist.total + 1, doc)
    assert not verdict.matches
    (diff,) = verdict.differences
    assert diff[0] == dist.leaves[0][0].lower() and diff[2] == diff[1] + 1


def test_logs_are_read_in_chunks_with_the_same_result(
    pc: PointsChain, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.points import history

    c = pc.create()
    pc.send("Communities", "join", [c], key=1)
    pc.enable(c)
    p1 = pc.post(c, key=1)
    pc.post(c, p1, key=0)
    pc.send("Social", "tip", [p1], key=0, value=MIN_TIP_WEI)
    whole = load_records(pc.rpc, pc.where(), c, pc.block())
    calls: list[int] = []
    real = pc.rpc.get_logs

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "CHUNK", 3)
    monkeypatch.setattr(pc.rpc, "get_logs", counted)
    assert load_records(pc.rpc, pc.where(), c, pc.block()) == whole
    assert len(calls) > 3
    assert [r[0] for r in whole].count("tip") == 1


def test_a_hostile_tree_document_is_not_read(pc: PointsChain) -> None:
    c = pc.create()
    pc.send("Communities", "join", [c], key=1)
    pc.enable(c, blocks=20)
    p1 = pc.post(c, key=1)
    pc.post(c, p1, key=0)
    info = read_info(pc.rpc, pc.points, c)
    assert info is not None
    pc.mine(max(0, info.config.end(0) - pc.block()))
    dist = compute(info.config, load_records(pc.rpc, pc.where(), c, pc.block()), 0)
    doc = dist.document()
    doc["values"][0]["value"][0] = "\x1b]0;pwned\x07"
    verdict = check(dist, dist.root, dist.total, doc)
    assert verdict.tree_read is False and verdict.differences == ()


def test_a_quiet_first_epoch_gets_a_placeholder_root_and_the_next_one_follows(
    pc: PointsChain,
) -> None:
    c = pc.create()
    pc.send("Communities", "join", [c], key=1)
    pc.enable(c, blocks=10)
    info = read_info(pc.rpc, pc.points, c)
    assert info is not None
    pc.mine(max(0, info.config.end(0) - pc.block()))
    quiet = compute(info.config, load_records(pc.rpc, pc.where(), c, pc.block()), 0)
    assert quiet.total == 0 and quiet.leaves == [("0x" + "0" * 40, 0)]
    pc.send("Points", "proposeRoot", [c, 0, quiet.root, 0, TREE_CID])
    pc.mine(info.root_delay)
    pc.send("Points", "acceptRoot", [c])
    p1 = pc.post(c, key=1)
    pc.post(c, p1, key=0)
    pc.mine(max(0, info.config.end(1) - pc.block()))
    dist = compute(info.config, load_records(pc.rpc, pc.where(), c, pc.block()), 1)
    assert [a for a, _ in dist.leaves] == [ADDRESSES[1]]
    pc.send("Points", "proposeRoot", [c, 1, dist.root, dist.total, TREE_CID])
    assert check(dist, dist.root, dist.total, dist.document()).matches


def test_a_collect_of_an_article_linked_from_a_post_counts(pc: PointsChain) -> None:
    """Account 1 publishes an article and links it from a community post (its document names
    the article); the owner's collect is a contribution of weight 3, read from the chain."""
    from tui.core.content.documents import post_document
    from tui.core.content.store import FakeContentStore
    from tui.core.points.history import Contracts
    from tui.core.points.rule import COLLECT

    store = FakeContentStore()
    c = pc.create()
    pc.send("Communities", "join", [c], key=1)
    pc.enable(c, blocks=30)
    receipt = pc.send("Articles", "publish", [TREE_CID, 0, 10], key=1)
    (published,) = [e for e in pc.events(receipt) if e.name == "ArticlePublished"]
    article = published.args["tokenId"]
    linking = store.put(post_document("read my article", created_at=1, article=article))
    receipt = pc.send("Communities", "post", [c, linking, 0], key=1)
    (posted,) = [e for e in pc.events(receipt) if e.name == "CommunityPost"]
    pc.send("Articles", "collect", [article], key=0)
    info = read_info(pc.rpc, pc.points, c)
    assert info is not None
    pc.mine(max(0, info.config.end(0) - pc.block()))
    where = pc.where()
    where = Contracts(where.social, where.communities, where.points, where.from_block,
                      pc.deployment.articles)  # fmt: skip

    def fetch(cid: str) -> bytes:
        data = store.get(cid)
        assert data is not None, "only the linking post's document is read"
        return data

    records = load_records(pc.rpc, where, c, pc.block(), fetch)
    dist = compute(info.config, records, 0)
    assert dist.result.contributions == {
        (ADDRESSES[0], ADDRESSES[1]): [(posted.args["id"], COLLECT)]
    }
    assert set(dist.result.amounts) == {ADDRESSES[1]}
    # a linking post's document out of reach stops the computation, naming the CID
    from tui.core.errors import ContentError
    from tui.core.points.history import document_fetch

    with pytest.raises(ContentError, match=linking):
        load_records(pc.rpc, where, c, pc.block(), document_fetch(FakeContentStore()))
    # without the articles contract the same chain yields nothing
    assert compute(info.config, load_records(pc.rpc, pc.where(), c, pc.block()), 0).total == 0
