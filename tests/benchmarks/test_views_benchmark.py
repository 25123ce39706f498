"""Timeline views on a 100,000-post index (on demand): the first page and the count of a tag,
a saved list and a timeline hiding replies, each beside Global's in the same run.

Figures are printed (median of ``AGORA_BENCH_RUNS`` runs, default 5), never asserted against
a time limit. The index is the real schema in a real SQLite file; every post has a verified
document, one in ten is a reply, one in a hundred carries ``#common`` in its text, ten carry
the document tag ``rare``.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path

import pytest

from tui.core.index.schema import connect
from tui.core.index.views import IndexViews
from tui.core.lists import PeopleLists

pytestmark = pytest.mark.benchmark

RUNS = int(os.environ.get("AGORA_BENCH_RUNS", "5"))
POSTS = 100_000
AUTHORS = [f"0x{n:040d}" for n in range(1, 501)]  # digits only: already checksummed


def _fill(path: Path) -> None:
    conn = connect(path)
    conn.execute("BEGIN")
    content, posts = [], []
    for pid in range(1, POSTS + 1):
        text = f"post {pid}" + (" about #common things" if pid % 100 == 0 else "")
        tags = ["rare"] if pid % (POSTS // 10) == 0 else []
        content.append((f"bafkrei{pid}", text, json.dumps({"tags": tags})))
        parent = pid - 1 if pid % 10 == 0 else 0
        posts.append(
            (pid, AUTHORS[pid % len(AUTHORS)], parent, f"bafkrei{pid}", pid, f"0x{pid:064x}")
        )
    conn.executemany(
        "INSERT INTO content(cid, kind, status, text, extra) VALUES (?, 'post', 'verified', ?, ?)",
        content,
    )
    conn.executemany(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash, timestamp)"
        " VALUES (?,?,?,?,?,0,?,?,0)",
        [(p, a, par, c, b, h, h) for p, a, par, c, b, h in posts],
    )
    conn.executemany(
        "INSERT INTO follows(follower, followee, block) VALUES (?,?,1)",
        [(AUTHORS[0], a) for a in AUTHORS[1:51]],
    )
    conn.execute("COMMIT")
    conn.close()


def _median_ms(action: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def test_views_first_page_beside_global(tmp_path: Path, isolated_home: Path) -> None:
    path = tmp_path / "index.sqlite"
    _fill(path)
    lists = PeopleLists.load()
    for author in AUTHORS[:20]:
        lists.add("twenty", author, create=True)
    lists.save()
    views = IndexViews(connect(path), AUTHORS[0])
    kinds = [
        "global",
        "global/noreplies",
        "home",
        "home/noreplies/noreposts",
        "tag:common",
        "tag:rare",
        "list:twenty",
    ]
    print(f"\n{POSTS:,} posts, median of {RUNS} runs, load {os.getloadavg()[0]:.2f}")
    print(f"{'timeline':28} {'first page (ms)':>16} {'count (ms)':>12} {'rows':>8}")
    for kind in kinds:
        page = _median_ms(lambda k=kind: views.timeline(k, None, 50))
        count = _median_ms(lambda k=kind: views.timeline_count(k))
        rows = views.timeline_count(kind)
        print(f"{kind:28} {page:16.1f} {count:12.1f} {rows:8,}")
        assert views.timeline(kind, None, 50)  # every view finds its posts
