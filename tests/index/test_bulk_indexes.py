"""An initial sync builds posts' secondary indexes once at the end, and never loses them."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.index.kit import Agora
from tui.core.chain.rpc import RpcClient
from tui.core.index import sync as sync_module
from tui.core.index.ingest import Batch, apply_batch
from tui.core.index.schema import POST_INDEXES, connect, drop_post_indexes, ensure_post_content
from tui.core.index.service import AgoraIndex
from tui.core.index.sync import Indexer, SyncTarget

ROOT = Path(__file__).resolve().parents[2]


def post_indexes(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    return {name for (name,) in rows if name in POST_INDEXES}


def test_initial_sync_drops_then_rebuilds_the_indexes(
    agora: Agora, index: AgoraIndex, anvil: RpcClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_module, "BULK_LOAD_POSTS", 1)
    for i in range(3):
        agora.post(1, f"post {i}", 0 if i == 0 else 1)
    seen: list[set[str]] = []
    indexer = index.indexer(anvil, on_progress=lambda *_: seen.append(post_indexes(index.conn)))
    result = indexer.sync()
    assert result.posts == 3
    assert set() in seen  # the rows went in without the secondary indexes
    assert post_indexes(index.conn) == set(POST_INDEXES)
    assert [p.replies for p in index.timeline("global", None, 10)][-1] == 2

    # With posts already there, a later sync keeps the indexes all along.
    agora.post(2, "later")
    seen.clear()
    assert index.indexer(anvil, on_progress=lambda *_: seen.append(post_indexes(index.conn))).sync()
    assert seen and all(s == set(POST_INDEXES) for s in seen)


def test_indexes_left_dropped_by_a_crash_come_back(tmp_path: Path) -> None:
    conn = connect(tmp_path / "i.sqlite")
    conn.execute("BEGIN IMMEDIATE")
    drop_post_indexes(conn)
    conn.execute("COMMIT")
    assert post_indexes(conn) == set()
    conn.close()
    conn = connect(tmp_path / "i.sqlite")
    try:
        assert post_indexes(conn) == set(POST_INDEXES)
    finally:
        conn.close()


def test_an_older_content_queue_index_is_rebuilt_to_count_alone(tmp_path: Path) -> None:
    """Counting the content still missing (after every sync) reads the index alone, also in
    an index file whose queue index an older Agora made without ``status``."""
    conn = connect(tmp_path / "i.sqlite")
    conn.executescript(
        "DROP INDEX content_pending; CREATE INDEX content_pending ON content(next_try)"
        " WHERE status IN ('pending', 'unavailable');"
    )
    conn.close()
    conn = connect(tmp_path / "i.sqlite")
    try:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM content"
            " WHERE status IN ('pending', 'unavailable')"
        ).fetchall()
        assert "COVERING INDEX content_pending" in str(plan)
    finally:
        conn.close()


_AUTHOR = "0x" + "ab" * 20


def _posts_batch(first: int, count: int, cids: list[str] | None = None) -> Batch:
    """``count`` posts from id ``first`` (one block each), as the decoder makes them."""
    batch = Batch()
    for i in range(first, first + count):
        cid = cids[i - first] if cids else f"bafkcid{i:06d}"
        block_hash = "0x" + f"{i:064x}"
        batch.rows["posts"].append(
            (i, _AUTHOR, 0, cid, i, 0, block_hash, "0x" + f"{i + 7:064x}", 1_700_000_000 + i)
        )
        batch.content.append((cid, "post"))
        batch.blocks[i] = (block_hash, 1_700_000_000 + i)
        batch.posts += 1
    return batch


def _content(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute("SELECT cid, kind, status FROM content ORDER BY cid").fetchall()


def test_a_bulk_sync_killed_before_its_content_rows_gets_them_on_the_next_open(
    tmp_path: Path,
) -> None:
    """The posts of an initial sync go in without their content rows (added once at the end,
    in CID order); a process killed in between leaves a flag, and the next open adds them."""
    path = tmp_path / "i.sqlite"
    conn = connect(path)
    apply_batch(conn, _posts_batch(1, 300), 300, "0x" + "1" * 64, defer_post_content=True)
    assert conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == 300
    assert _content(conn) == []  # deferred, and recorded in the same transaction
    conn.close()  # as a SIGKILL would: nobody finishes the sync

    conn = connect(path)
    try:
        assert _content(conn) == [(f"bafkcid{i:06d}", "post", "pending") for i in range(1, 301)]
        assert not ensure_post_content(conn)  # done once
    finally:
        conn.close()


def test_deferred_posts_of_a_verified_cid_are_searchable(tmp_path: Path) -> None:
    conn = connect(tmp_path / "i.sqlite")
    try:
        conn.execute(
            "INSERT INTO content(cid, kind, status, text) VALUES"
            " ('bafkcid000007', 'post', 'verified', 'seven bells')"
        )
        apply_batch(conn, _posts_batch(1, 300), 300, "0x" + "1" * 64, defer_post_content=True)
        assert conn.execute("SELECT COUNT(*) FROM post_fts").fetchone()[0] == 0
        assert ensure_post_content(conn)
        hits = conn.execute("SELECT rowid FROM post_fts WHERE post_fts MATCH 'bells'").fetchall()
        assert hits == [(7,)]
        assert len(_content(conn)) == 300
    finally:
        conn.close()


def test_a_later_batch_with_other_content_adds_the_deferred_rows_first(tmp_path: Path) -> None:
    """Row by row, the first kind of a CID wins: a profile that reuses a post's CID after it
    must not take its row because the post's row was deferred."""
    conn = connect(tmp_path / "i.sqlite")
    try:
        apply_batch(conn, _posts_batch(1, 300), 300, "0x" + "1" * 64, defer_post_content=True)
        later = Batch()
        later.rows["profile_events"].append(
            ("0x" + "f" * 64, 0, _AUTHOR, "bafkcid000009", 301, "0x" + "e" * 64, 1_700_000_301)
        )
        later.content.append(("bafkcid000009", "profile"))
        later.blocks[301] = ("0x" + "f" * 64, 1_700_000_301)
        apply_batch(conn, later, 301, "0x" + "f" * 64, defer_post_content=True)
        kinds = dict(conn.execute("SELECT cid, kind FROM content").fetchall())
        assert kinds["bafkcid000009"] == "post" and len(kinds) == 300
        assert not ensure_post_content(conn)
    finally:
        conn.close()


def test_a_killed_initial_bulk_sync_resumes_to_a_clean_index(agora: Agora, tmp_path: Path) -> None:
    """SIGKILL in the middle of an initial sync taken as a bulk load (indexes dropped, content
    rows deferred): reopened and resumed, the index equals a clean sync's, content included."""
    for i in range(30):
        agora.post(i % 3, f"bulk post {i}")
    d = agora.deployment
    db = tmp_path / "killed.sqlite"
    args = [agora.rpc.url, d.social, d.articles, str(d.block), str(db), "bulk"]
    child = subprocess.Popen([sys.executable, "-m", "tests.index.sync_child", *args], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            try:
                with closing(sqlite3.connect(db)) as raw:
                    row = raw.execute(
                        "SELECT value FROM meta WHERE key = 'cursor_block'"
                    ).fetchone()
            except sqlite3.OperationalError:
                row = None
            if row and int(row[0]) >= d.block + 15:
                break
            time.sleep(0.02)
        assert child.poll() is None, "the child finished before it could be killed"
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    with closing(sqlite3.connect(db)) as raw:  # killed with posts whose rows were deferred
        assert raw.execute("SELECT COUNT(*) FROM posts").fetchone()[0] > 0
        assert raw.execute("SELECT COUNT(*) FROM content").fetchone()[0] == 0
    head = agora.rpc.block_number()
    target = SyncTarget(d.chain_id, d.social, d.articles, d.block)
    results = []
    for conn in (connect(db), connect(tmp_path / "clean.sqlite")):
        try:
            Indexer(conn, agora.rpc, target).sync(head)
            results.append(
                (
                    conn.execute("SELECT id, author, cid, block FROM posts ORDER BY id").fetchall(),
                    _content(conn),
                    post_indexes(conn),
                )
            )
        finally:
            conn.close()
    assert results[0] == results[1]
    assert len(results[0][0]) == 30 and len(results[0][1]) == 30
