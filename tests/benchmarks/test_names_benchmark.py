"""What the name rules cost a timeline page (on demand: ``pytest -m benchmark``).

Every page of posts now passes each author's stored name through ``profile_name`` again and
looks the name up among the followed accounts' names (``name_clash``). Measured side by side in
one run against the same views with both steps switched off (the reference), on a real SQLite
index of 10,000 posts by 500 named authors, 200 of them followed.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from tui.core.index import views as views_module
from tui.core.index.schema import connect
from tui.core.index.views import IndexViews

pytestmark = pytest.mark.benchmark

AUTHORS = [f"0x{n:040x}" for n in range(1, 501)]
ME = AUTHORS[0]
POSTS = 10_000
PAGES = 40


def _fill(path: Path) -> None:
    conn = connect(path)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO profiles(account, cid) VALUES (?, ?)", [(a, f"bafyp{a}") for a in AUTHORS]
    )
    conn.executemany(
        "INSERT INTO content(cid, kind, status, title) VALUES (?, 'profile', 'verified', ?)",
        [(f"bafyp{a}", f"Writer number {n} of Agora") for n, a in enumerate(AUTHORS)],
    )
    conn.executemany(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
        " timestamp) VALUES (?, ?, 0, ?, ?, 0, ?, ?, 0)",
        [
            (i, AUTHORS[i % len(AUTHORS)], f"bafy{i}", i, f"0x{i:064x}", f"0x{i:064x}")
            for i in range(1, POSTS + 1)
        ],
    )
    conn.executemany(
        "INSERT INTO follows(follower, followee, block) VALUES (?, ?, 1)",
        [(ME, a) for a in AUTHORS[1:201]],
    )
    conn.execute("COMMIT")
    conn.close()


def _walk(views: IndexViews) -> float:
    """Seconds to read ``PAGES`` pages of the global timeline, newest first."""
    start = time.perf_counter()
    before = None
    for _ in range(PAGES):
        page = views.timeline("global", before, 50)
        before = page[-1].id
    return time.perf_counter() - start


def test_name_rules_cost_per_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "index.sqlite"
    _fill(path)
    conn = connect(path)
    views = IndexViews(conn, ME)
    reference = IndexViews(conn, ME)
    with_rules: list[float] = []
    without: list[float] = []
    for _ in range(7):
        with_rules.append(_walk(views))
        with monkeypatch.context() as patch:
            patch.setattr(views_module, "profile_name", lambda name: name)
            patch.setattr(IndexViews, "_followed_names", lambda self: {})
            without.append(_walk(reference))
    ms_with = statistics.median(with_rules) / PAGES * 1000
    ms_without = statistics.median(without) / PAGES * 1000
    print(f"\nglobal page of 50: {ms_with:.3f} ms with the name rules, {ms_without:.3f} ms without")
    page = views.timeline("global", None, 50)
    assert all(p.author_name.startswith("Writer number") for p in page)
    conn.close()
