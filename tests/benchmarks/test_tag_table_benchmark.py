"""Tag timelines from the ``post_tags`` table beside the scan of every document it replaced.

On demand (``-m benchmark``). 100,000 verified posts in a real SQLite index: ``#common`` in the
text of one in a hundred, the document tag ``rare`` on ten, ``once`` on one. For each tag, the
first page (50 posts) and the count, read through the index's views (the table) and through the
previous query (every post's document searched), in the same run; then what keeping the table
costs: storing the 100,000 documents (hydration) and indexing the 100,000 posts (sync), with
and without the tag triggers. Figures are printed (median of ``AGORA_BENCH_RUNS`` runs,
default 5), never asserted against a time limit.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui.core.index.schema import connect
from tui.core.index.views import _POST_COLUMNS, _POST_FROM, IndexViews

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "5"))
POSTS = 100_000

SCAN_WHERE = """EXISTS (SELECT 1 FROM content tc WHERE tc.cid = p.cid AND tc.status = 'verified'
    AND ((instr(lower(tc.extra), :quoted) AND json_valid(tc.extra)
            AND EXISTS (SELECT 1 FROM json_each(tc.extra, '$.tags') t WHERE lower(t.value) = :tag))
        OR (instr(lower(tc.text), :hashed) AND lower(tc.text) || ' ' GLOB :glob)))"""
"""How ``tag:NAME`` was read before the table: every post's document, newest first."""


def _documents() -> list[tuple[str, str, str]]:
    rows = []
    for pid in range(1, POSTS + 1):
        text = f"post {pid}" + (" about #common things" if pid % 100 == 0 else "")
        tags = ["rare"] if pid % (POSTS // 10) == 0 else ["once"] if pid == POSTS // 3 else []
        rows.append((f"bafkrei{pid}", text, json.dumps({"tags": tags})))
    return rows


def _fill(path: Path, triggers: bool = True) -> tuple[float, float]:
    """Posts first (pending), then every document verified as hydration does; the seconds
    indexing the posts took, and the seconds storing the documents."""
    conn = connect(path)
    if not triggers:
        conn.execute("DROP TRIGGER content_upd_tags")
        conn.execute("DROP TRIGGER posts_ins_tags")
    conn.execute("BEGIN")
    docs = _documents()
    conn.executemany(
        "INSERT INTO content(cid, kind, status) VALUES (?, 'post', 'pending')",
        [(cid,) for cid, _, _ in docs],
    )
    posts_start = time.perf_counter()
    conn.executemany(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
        " timestamp) VALUES (?, ?, 0, ?, ?, 0, ?, ?, 0)",
        [(p, f"0x{p % 500:040d}", f"bafkrei{p}", p, f"0x{p:064x}", f"0x{p:064x}") for p in
         range(1, POSTS + 1)],
    )  # fmt: skip
    conn.execute("COMMIT")
    posts = time.perf_counter() - posts_start
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "UPDATE content SET status = 'verified', text = ?, extra = ? WHERE cid = ?",
        [(text, extra, cid) for cid, text, extra in docs],
    )
    conn.execute("COMMIT")
    took = time.perf_counter() - start
    conn.close()
    return posts, took


def _median_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _scan(views: IndexViews, tag: str, count: bool) -> list[Any]:
    params = {"tag": tag, "glob": f"*#{tag}[^a-z0-9_-]*", "quoted": f'"{tag}"', "hashed": f"#{tag}"}
    if count:
        sql = f"SELECT COUNT(*) FROM posts p WHERE {SCAN_WHERE} AND p.id > -1"
    else:
        sql = (
            f"SELECT {_POST_COLUMNS} {_POST_FROM} WHERE {SCAN_WHERE} "
            "AND p.id < 9223372036854775807 ORDER BY p.id DESC LIMIT 50"
        )
    return views.conn.execute(sql, params).fetchall()


def test_tag_timelines_table_beside_scan(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    fills: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for run in range(3):  # alternated, so neither side always runs on a colder machine
        for triggers in (run % 2 == 0, run % 2 != 0):
            target = path if triggers and not path.exists() else tmp_path / f"f{run}{triggers}.db"
            fills[triggers].append(_fill(target, triggers))
    posts = statistics.median(f[0] for f in fills[True])
    with_triggers = statistics.median(f[1] for f in fills[True])
    posts_bare = statistics.median(f[0] for f in fills[False])
    bare = statistics.median(f[1] for f in fills[False])
    views = IndexViews(connect(path), "")
    print(f"\n{POSTS:,} posts, median of {RUNS} runs, load {os.getloadavg()[0]:.2f}")
    print(f"{'tag':10} {'rows':>6} {'page: table':>12} {'page: scan':>11} "
          f"{'count: table':>13} {'count: scan':>12}  (ms)")  # fmt: skip
    for tag in ("common", "rare", "once"):
        kind = f"tag:{tag}"
        page = _median_ms(lambda: views.timeline(kind, None, 50))  # noqa: B023 (run at once)
        page_scan = _median_ms(lambda: _scan(views, tag, False))  # noqa: B023
        count = _median_ms(lambda: views.timeline_count(kind))  # noqa: B023
        count_scan = _median_ms(lambda: _scan(views, tag, True))  # noqa: B023
        rows = views.timeline_count(kind)
        assert [p.id for p in views.timeline(kind, None, 50)] == [
            r[0] for r in _scan(views, tag, False)
        ]
        assert rows == _scan(views, tag, True)[0][0]
        print(f"{tag:10} {rows:6,} {page:12.2f} {page_scan:11.2f} {count:13.2f} {count_scan:12.2f}")
    print("median of 3 fills each, alternated:")
    print(f"verifying {POSTS:,} documents: {with_triggers:.2f} s with the tag triggers, "
          f"{bare:.2f} s without")  # fmt: skip
    print(f"indexing {POSTS:,} posts: {posts:.2f} s with the tag trigger, "
          f"{posts_bare:.2f} s without")  # fmt: skip
