"""An initial sync builds posts' secondary indexes once at the end, and never loses them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.index.kit import Agora
from tui.core.chain.rpc import RpcClient
from tui.core.index import sync as sync_module
from tui.core.index.schema import POST_INDEXES, connect, drop_post_indexes
from tui.core.index.service import AgoraIndex


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
