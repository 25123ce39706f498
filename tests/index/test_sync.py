"""The indexer against a real anvil: adaptive ranges, reorgs, resume after a kill, removed logs."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEV_ADDRESSES
from tests.index.kit import Agora
from tests.index.proxy import LimitingProxy
from tui.core.chain.abi import EVENT_TOPICS
from tui.core.chain.rpc import RpcClient
from tui.core.index import sync as sync_module
from tui.core.index.ingest import apply_batch, decode_batch
from tui.core.index.schema import connect
from tui.core.index.service import AgoraIndex
from tui.core.index.sync import Indexer, SyncTarget

ROOT = Path(__file__).resolve().parents[2]


def _target(agora: Agora) -> SyncTarget:
    d = agora.deployment
    return SyncTarget(d.chain_id, d.social, d.articles, d.block)


def snapshot_state(conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything a view could show, to compare two indexes."""
    return {
        "posts": conn.execute(
            "SELECT id, author, parent, cid, block, replies, reposts, tips_wei FROM posts ORDER BY id"
        ).fetchall(),
        "follows": conn.execute("SELECT follower, followee FROM follows ORDER BY 1, 2").fetchall(),
        "profiles": conn.execute("SELECT * FROM profiles ORDER BY 1").fetchall(),
        "accounts": conn.execute(
            "SELECT * FROM accounts WHERE tips_received_wei != '0' ORDER BY 1"
        ).fetchall(),
        "articles": conn.execute("SELECT id, editions FROM articles ORDER BY 1").fetchall(),
        "owners": conn.execute("SELECT * FROM owners ORDER BY 1").fetchall(),
        "cursor": conn.execute("SELECT value FROM meta WHERE key = 'cursor_block'").fetchone(),
    }


def _seed(agora: Agora, posts: int = 12) -> None:
    agora.set_profile(0, "Ada")
    for i in range(posts):
        agora.post(i % 3, f"post number {i}", parent=i if i % 4 == 3 else 0)
    agora.follow(1, 0)
    agora.tip(2, 1, 3 * 10**18)
    agora.tip(1, 1, 7 * 10**18)  # total > 2**63 wei: counters are uint256-safe
    agora.repost(1, 2)
    agora.publish(0, "An article", "# Body", price=10**15, editions=3)
    agora.collect(1, 1, 10**15)


@pytest.mark.parametrize("style", ["alchemy", "quicknode", "infura"])
def test_adaptive_ranges_against_a_limiting_provider(
    agora: Agora, tmp_path: Path, style: str
) -> None:
    _seed(agora)
    proxy = LimitingProxy(agora.rpc.url, max_blocks=4, style=style)
    try:
        limited = connect(tmp_path / "limited.sqlite")
        with RpcClient(proxy.url) as rpc:
            result = Indexer(limited, rpc, _target(agora), initial_range=64).sync()
        assert result.posts == 12
        assert any(refused for *_, refused in proxy.ranges)
        accepted = [(s, e) for s, e, refused in proxy.ranges if not refused]
        assert all(e - s + 1 <= 4 for s, e in accepted)
        # The accepted ranges cover every block exactly once.
        blocks = sorted(b for s, e in accepted for b in range(s, e + 1))
        assert blocks == list(range(agora.deployment.block, result.to_block + 1))
    finally:
        proxy.close()
    direct = connect(tmp_path / "direct.sqlite")
    Indexer(direct, agora.rpc, _target(agora)).sync(result.to_block)
    assert snapshot_state(limited) == snapshot_state(direct)


def test_counters_are_uint256_safe(agora: Agora, index: AgoraIndex) -> None:
    _seed(agora)
    index.sync(rpc=agora.rpc)
    assert index.get_post(1).tips_wei == 10 * 10**18
    assert index.profile(DEV_ADDRESSES[0]).tips_received_wei == 10 * 10**18


def test_reorg_rolls_back_posts_and_counters(
    agora: Agora, index: AgoraIndex, tmp_path: Path
) -> None:
    rpc = agora.rpc
    agora.post(0, "root")
    fork = rpc.call("evm_snapshot")
    agora.post(1, "doomed reply", parent=1)
    agora.tip(1, 1, 5)
    agora.repost(2, 1)
    agora.follow(2, 0)
    first = index.sync(rpc=rpc)
    assert first.posts == 2
    root = index.get_post(1)
    assert (root.replies, root.tips_wei, root.reposts) == (1, 5, 1)
    assert index.profile(DEV_ADDRESSES[0]).followers == 1

    rpc.call("evm_revert", [fork])  # the node forgets the last four blocks...
    agora.post(2, "the other fork")  # ...and builds a different chain of the same height
    rpc.call("anvil_mine", [hex(4)])
    second = index.sync(rpc=rpc)
    assert second.reorgs == 1
    assert second.rolled_back_posts == 1
    root = index.get_post(1)
    assert (root.replies, root.tips_wei, root.reposts) == (0, 0, 0)
    assert index.profile(DEV_ADDRESSES[0]).followers == 0
    assert index.profile(DEV_ADDRESSES[0]).tips_received_wei == 0
    posts = index.timeline("global")
    assert [(p.id, p.author, p.text) for p in posts] == [
        (2, DEV_ADDRESSES[2], "the other fork"),
        (1, DEV_ADDRESSES[0], "root"),
    ]
    # The result equals a clean sync of the new chain.
    clean = connect(tmp_path / "clean.sqlite")
    Indexer(clean, rpc, _target(agora)).sync()
    assert snapshot_state(clean) == snapshot_state(index.conn)


def test_anvil_reorg_is_detected_while_following(agora: Agora, index: AgoraIndex) -> None:
    agora.post(0, "one")
    agora.post(1, "two")
    index.sync(rpc=agora.rpc)
    # Replace the last block with an empty one (anvil_reorg depth 1, no transactions).
    agora.rpc.call("anvil_reorg", [1, []])
    result = index.sync(rpc=agora.rpc)
    assert result.reorgs == 1
    assert [p.text for p in index.timeline("global")] == ["one"]


def test_resume_after_sigkill_equals_a_clean_sync(agora: Agora, tmp_path: Path) -> None:
    _seed(agora, posts=40)
    d = agora.deployment
    db = tmp_path / "killed.sqlite"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.index.sync_child",
            agora.rpc.url,
            d.social,
            d.articles,
            str(d.block),
            str(db),
        ],
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        progress = 0
        while time.monotonic() < deadline and child.poll() is None:
            if db.exists():
                try:
                    row = (
                        sqlite3.connect(db)
                        .execute("SELECT value FROM meta WHERE key = 'cursor_block'")
                        .fetchone()
                    )
                except sqlite3.OperationalError:
                    row = None
                progress = int(row[0]) if row else 0
                if progress >= d.block + 15:
                    break
            time.sleep(0.02)
        assert child.poll() is None, "the child finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    resumed = connect(db)
    cursor = int(resumed.execute("SELECT value FROM meta WHERE key='cursor_block'").fetchone()[0])
    head = agora.rpc.block_number()
    assert d.block <= cursor < head  # killed mid-way, at a block boundary
    Indexer(resumed, agora.rpc, _target(agora)).sync(head)
    clean = connect(tmp_path / "clean.sqlite")
    Indexer(clean, agora.rpc, _target(agora)).sync(head)
    assert snapshot_state(resumed) == snapshot_state(clean)


def test_removed_logs_are_deleted(agora: Agora, index: AgoraIndex) -> None:
    agora.post(0, "kept")
    tx = agora.post(1, "removed later")
    index.sync(rpc=agora.rpc)
    receipt = agora.rpc.receipt(tx)
    assert receipt is not None
    log = dict(receipt["logs"][0], removed=True)
    batch = decode_batch([log], agora.deployment.social, agora.deployment.articles)
    assert batch.removed
    cursor = index.indexer(agora.rpc).cursor()
    apply_batch(index.conn, batch, *cursor)
    assert [p.text for p in index.timeline("global")] == ["kept"]


def test_logs_from_other_contracts_are_ignored(agora: Agora, tmp_path: Path) -> None:
    agora.post(0, "real")
    logs = agora.rpc.get_logs(
        agora.deployment.block, agora.rpc.block_number(), [agora.deployment.social]
    )
    logs = [log for log in logs if log["topics"][0] == EVENT_TOPICS["Posted"]]  # not CommunitiesSet
    fake = dict(logs[0], address="0x" + "11" * 20)
    batch = decode_batch([fake, *logs], agora.deployment.social, agora.deployment.articles)
    assert batch.skipped == 1 and batch.posts == 1


def test_refuses_an_index_of_another_deployment(agora: Agora, tmp_path: Path) -> None:
    from tui.core.errors import ChainError

    conn = connect(tmp_path / "i.sqlite")
    Indexer(conn, agora.rpc, _target(agora))
    other = SyncTarget(31337, DEV_ADDRESSES[1], DEV_ADDRESSES[2], 0)
    with pytest.raises(ChainError, match="another deployment"):
        Indexer(conn, agora.rpc, other)


def test_the_next_range_is_requested_before_the_current_one_is_applied(
    agora: Agora, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One worker: the node fetches range k+1 while this thread decodes and writes range k
    (they used to take turns, leaving the node idle during every write)."""
    monkeypatch.setattr(sync_module, "APPLY_SECONDS", 0.0)  # each range its own transaction
    for i in range(6):
        agora.post(i % 3, f"post {i}")
    started: list[int] = []
    seen: list[tuple[int, int]] = []

    class Counting(Indexer):
        def _fetch(self, start: int, end: int) -> Any:
            started.append(start)
            return super()._fetch(start, end)

    def applied(cursor: int, head: int) -> None:
        time.sleep(0.05)  # let a worker that was handed a range reach _fetch
        seen.append((cursor, max(started)))

    conn = connect(":memory:")
    target = _target(agora)
    head = agora.rpc.block_number()
    indexer = Counting(conn, agora.rpc, target, workers=1, on_progress=applied)
    indexer.sizer.maximum = 1  # one block per range: several ranges
    indexer.sync(head)
    assert len(seen) >= 4
    ahead = [cursor for cursor, requested in seen if cursor < head and requested > cursor]
    assert len(ahead) == len([c for c, _ in seen if c < head])


def test_ranges_that_arrive_in_time_share_one_transaction(
    agora: Agora, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranges fetched faster than they are written go into one transaction (each commit
    rewrites the pages it touched: many small ones cost a first sync 10-15% more CPU)."""
    for i in range(6):
        agora.post(i % 3, f"post {i}")
    monkeypatch.setattr(sync_module, "APPLY_SECONDS", 60.0)
    commits: list[int] = []
    indexer = Indexer(
        connect(":memory:"), agora.rpc, _target(agora), on_progress=lambda c, h: commits.append(c)
    )
    indexer.sizer.maximum = 1  # one block per range: several ranges
    head = agora.rpc.block_number()
    assert indexer.sync(head).posts == 6
    assert commits == [head]


def test_rows_are_committed_while_a_slow_range_is_awaited(
    agora: Agora, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is decoded never waits more than APPLY_SECONDS for a slow node: a sync stopped
    then (a read's bounded catch-up) keeps it."""
    for i in range(4):
        agora.post(i % 3, f"post {i}")
    head = agora.rpc.block_number()
    monkeypatch.setattr(sync_module, "APPLY_SECONDS", 0.2)

    arrived: list[float] = []

    class SlowLast(Indexer):
        def _fetch(self, start: int, end: int) -> Any:
            if end == head:
                time.sleep(1.5)
                arrived.append(time.monotonic() - began)
            return super()._fetch(start, end)

    commits: list[tuple[int, float]] = []
    began = time.monotonic()
    indexer = SlowLast(
        connect(":memory:"),
        agora.rpc,
        _target(agora),
        workers=1,
        on_progress=lambda c, h: commits.append((c, time.monotonic() - began)),
    )
    indexer.sizer.maximum = 1
    assert indexer.sync(head).posts == 4
    early = [t for c, t in commits if c == head - 1]
    assert early and early[0] < arrived[0]  # committed before the slow range came
    assert commits[-1][0] == head
