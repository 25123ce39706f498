"""Communities at scale: 100,000 community posts and 10,000 moderation actions on anvil.

Run on demand: ``pytest -m benchmark -s -p no:xdist tests/communities/test_benchmark.py``
(``AGORA_BENCH_POSTS`` / ``AGORA_BENCH_MODERATIONS`` change the sizes). It prints, from one run:
the sync time of the whole chain (the indexer, as ``agora sync`` runs it), and the time to open
the community's timeline (count + first page, with the moderation fold) beside the global
timeline of the same posts (count + first page). Figures are reported, never asserted; the
assertions are about correctness (every post indexed, every hide folded).
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

import pytest
from eth_abi import encode
from eth_hash.auto import keccak

from tests.conftest import DEV_KEYS
from tui.core.chain.deploy import deploy_code, deploy_contracts, send_transaction
from tui.core.chain.foundry import AnvilProcess
from tui.core.chain.rpc import RpcClient
from tui.core.communities import documents as docs
from tui.core.content.cid import cid_for
from tui.core.index.community_views import CommunityViews
from tui.core.index.schema import connect
from tui.core.index.sync import Indexer, SyncTarget
from tui.core.index.views import IndexViews

POSTS = int(os.environ.get("AGORA_BENCH_POSTS", "100000"))
MODERATIONS = int(os.environ.get("AGORA_BENCH_MODERATIONS", "10000"))
PER_TX = 500
HELPERS = Path(__file__).parent / "helpers"


def _send(
    rpc: RpcClient, to: str, signature: str, types: list[str], args: list[object], gas: int
) -> None:
    data = "0x" + keccak(signature.encode())[:4].hex() + encode(types, args).hex()
    send_transaction(rpc, DEV_KEYS[0], to, data, gas=gas)


def _seed(rpc: RpcClient) -> tuple[SyncTarget, int]:
    from tui.contracts.build import compile_file

    deployment = deploy_contracts(rpc, DEV_KEYS[0], devnet=True)
    communities = deployment.contracts["communities"]
    helper = compile_file(HELPERS / "BatchCommunity.vy")
    batch = deploy_code(
        rpc, DEV_KEYS[0], helper["bytecode"] + encode(["address"], [communities]).hex()
    )
    meta = cid_for(docs.meta_document("Benchmark", "Many posts"))
    rules = cid_for(docs.rules_document([(1, "Be kind")]))
    _send(rpc, batch, "start(string,string)", ["string", "string"], [meta, rules], 500_000)
    for first in range(0, POSTS, PER_TX):
        cids = [
            cid_for(b'{"text":"community %d"}' % i)
            for i in range(first, min(first + PER_TX, POSTS))
        ]
        _send(
            rpc, batch, "post_each(string[])", ["string[]"], [cids], 90_000 * len(cids) + 1_000_000
        )
    reason = cid_for(docs.reason_document([1]))
    step = max(1, POSTS // max(MODERATIONS, 1))
    targets = [1 + i * step for i in range(min(MODERATIONS, POSTS))]
    for first in range(0, len(targets), PER_TX):
        chunk = targets[first : first + PER_TX]
        _send(
            rpc,
            batch,
            "hide_each(uint256[],string)",
            ["uint256[]", "string"],
            [chunk, reason],
            40_000 * len(chunk) + 1_000_000,
        )
    target = SyncTarget(
        deployment.chain_id, deployment.social, deployment.articles, deployment.block,
        extra=(("communities", communities),),
    )  # fmt: skip
    return target, rpc.block_number()


def _best(fn: object, repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


@pytest.mark.benchmark
def test_community_of_100k_posts_and_10k_hides(tmp_path: Path) -> None:
    node = AnvilProcess(args=["--silent", "--disable-block-gas-limit"]).start()
    try:
        rpc = RpcClient(node.url, timeout=600)
        start = time.perf_counter()
        target, head = _seed(rpc)
        seed_s = time.perf_counter() - start
        conn = connect(tmp_path / "index.sqlite")
        start = time.perf_counter()
        Indexer(conn, rpc, target).sync(head)
        sync_s = time.perf_counter() - start

        community = CommunityViews(conn)
        everyone = IndexViews(conn)
        assert community.timeline_count(1) == POSTS
        assert everyone.timeline_count("global") == POSTS
        assert len(community.moderation(1).hidden) == min(MODERATIONS, POSTS)

        def open_community() -> None:
            community.timeline_count(1)
            page = community.timeline(1, None, 50)
            assert len(page) == 50

        def open_global() -> None:
            everyone.timeline_count("global")
            assert len(everyone.timeline("global", None, 50)) == 50

        # The Communities tab of a member: every joined community's posts, named, folded.
        (member,) = conn.execute("SELECT DISTINCT account FROM community_members").fetchone()
        joined = IndexViews(conn, member)

        def open_joined() -> None:
            joined.timeline_count("communities")
            page = joined.timeline("communities", None, 50)
            assert len(page) == 50 and page[0].community == "community #1"  # meta not fetched

        c_best, c_median = _best(open_community)
        g_best, g_median = _best(open_global)
        j_best, j_median = _best(open_joined)
        deep = community.timeline(1, 1 + 50, 50)  # the oldest page, hides folded too
        assert any(p.collapse is not None for p in deep)
        print(
            f"\n{POSTS:,} community posts, {MODERATIONS:,} hides, {head:,} blocks "
            f"(seeded in {seed_s:.1f} s)\n"
            f"| measure | best | median |\n|---|---:|---:|\n"
            f"| sync (Indexer.sync, whole chain) | {sync_s:.2f} s | - |\n"
            f"| open community timeline (count + page of 50, fold) | {c_best * 1000:.1f} ms | {c_median * 1000:.1f} ms |\n"
            f"| open global timeline (count + page of 50) | {g_best * 1000:.1f} ms | {g_median * 1000:.1f} ms |\n"
            f"| open the Communities tab (count + page of 50, named, fold) | {j_best * 1000:.1f} ms | {j_median * 1000:.1f} ms |"
        )
    finally:
        node.stop()
