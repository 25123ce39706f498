"""The ``post_tags`` table: filled as documents are verified, in step with posts (a CID posted
again, a reorg), built for an older index on connect, and read by ``tag:NAME`` without a scan."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.index.schema import connect
from tui.core.index.tags import MAX_TAGS, tags_of
from tui.core.index.views import _POST_COLUMNS, _POST_FROM, _TAG_WHERE, IndexViews
from tui.core.models import ContentStatus, PostView
from tui.core.tags import post_tags

WORDS = ["rust", "Rust", "#vyper", "go-lang", "a_b", "x", "é", "#", "##dup", "C++", "tag1"]


def _post(conn: sqlite3.Connection, pid: int, cid: str) -> None:
    conn.execute(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
        " timestamp) VALUES (?, '0x01', 0, ?, ?, 0, ?, ?, 0)",
        (pid, cid, pid, f"0x{pid:064x}", f"0x{pid:064x}"),
    )


def _verify(conn: sqlite3.Connection, cid: str, text: str, tags: list[str]) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO content(cid, kind, status) VALUES (?, 'post', 'pending')", (cid,)
    )
    conn.execute(
        "UPDATE content SET status = 'verified', text = ?, extra = ? WHERE cid = ?",
        (text, json.dumps({"tags": tags}), cid),
    )


def _table(conn: sqlite3.Connection) -> set[tuple[str, int]]:
    return {(str(t), int(p)) for t, p in conn.execute("SELECT tag, post_id FROM post_tags")}


def _expected(
    docs: dict[str, tuple[str, list[str]]], posts: dict[int, str]
) -> set[tuple[str, int]]:
    """What the TUI's own rule (``tui.core.tags.post_tags``) says each post carries."""
    found = set()
    for pid, cid in posts.items():
        if cid in docs:
            text, tags = docs[cid]
            view = PostView(id=pid, author="0x01", parent=0, cid=cid, text=text, tags=tuple(tags),
                            block=1, tx_hash="0x", timestamp=0,
                            content_status=ContentStatus.VERIFIED)  # fmt: skip
            found |= {(tag, pid) for tag in post_tags(view)[:MAX_TAGS]}
    return found


def test_tags_of_lists_then_words_lower_case_once() -> None:
    assert tags_of("I like #Rust and #rust, #go-lang; not a#b", {"tags": ["Vyper", "C++"]}) == [
        "vyper",
        "rust",
        "go-lang",
    ]
    assert tags_of("", "not a dict") == []
    assert len(tags_of(" ".join(f"#t{i}" for i in range(500)), {})) == MAX_TAGS


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 8),  # post id
            st.sampled_from(["c1", "c2", "c3"]),  # its document (a CID may be posted twice)
            st.lists(st.sampled_from(WORDS), max_size=4),  # words of the text
            st.lists(st.sampled_from(WORDS), max_size=3),  # the document's tags
            st.booleans(),  # document verified before the post is indexed, or after
        ),
        max_size=8,
    ),
    st.integers(0, 8),
)
def test_the_table_agrees_with_the_posts_rule_whatever_the_order(
    steps: list[tuple[int, str, list[str], list[str], bool]], fork: int
) -> None:
    conn = connect(":memory:")
    docs: dict[str, tuple[str, list[str]]] = {}
    posts: dict[int, str] = {}
    for pid, cid, words, tags, first in steps:
        text = " ".join(words)
        if cid not in docs and first:
            docs[cid] = (text, tags)
            _verify(conn, cid, text, tags)
        if pid not in posts:
            posts[pid] = cid
            _post(conn, pid, cid)
        if cid not in docs:
            docs[cid] = (text, tags)
            _verify(conn, cid, text, tags)
    assert _table(conn) == _expected(docs, posts)
    conn.execute("DELETE FROM posts WHERE block > ?", (fork,))  # a reorg rolls back
    assert _table(conn) == _expected(docs, {p: c for p, c in posts.items() if p <= fork})


def test_an_index_from_before_the_table_gets_it_filled_on_connect(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    conn = connect(path)
    _post(conn, 1, "c1")
    _post(conn, 2, "c2")
    _verify(conn, "c1", "about #Rust", ["vyper"])
    _verify(conn, "c2", "nothing", [])
    for name in ("content_ins_tags", "content_upd_tags", "posts_ins_tags", "posts_del_tags"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP TABLE post_tags")
    conn.execute("DROP TABLE content_tags")
    conn.close()
    again = connect(path)
    assert _table(again) == {("vyper", 1), ("rust", 1)}


def test_a_document_no_longer_verified_loses_its_tags() -> None:
    conn = connect(":memory:")
    _post(conn, 1, "c1")
    _verify(conn, "c1", "#rust", [])
    conn.execute("UPDATE content SET status = 'invalid', text = '', extra = '{}' WHERE cid = 'c1'")
    assert _table(conn) == set()


def test_a_tag_timeline_reads_the_table_not_every_post() -> None:
    conn = connect(":memory:")
    for pid in range(1, 30):
        _post(conn, pid, f"c{pid}")
        _verify(conn, f"c{pid}", "#rare" if pid in (3, 17) else "plain", [])
    views = IndexViews(conn, "")
    assert [p.id for p in views.timeline("tag:rare", None, 50)] == [17, 3]
    assert views.timeline_count("tag:rare") == 2
    assert views.timeline_count("tag:rare", newer_than=3) == 1
    sql = (
        f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE {_TAG_WHERE} AND p.id < :before "
        "ORDER BY p.id DESC LIMIT 50"
    )
    plan = " | ".join(
        r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", {"tag": "rare", "before": 99})
    )
    assert "post_tags" in plan and "SCAN" not in plan and "TEMP B-TREE" not in plan
