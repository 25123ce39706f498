"""Expert badges at scale: a community timeline page with its experts' badges and the experts
filter, beside the same page with no attestations indexed, in one run.

Run on demand: ``pytest -m benchmark -s -p no:xdist tests/benchmarks/test_experts_benchmark.py``
(``AGORA_BENCH_POSTS`` / ``AGORA_BENCH_ACKS`` change the sizes). The index is real SQLite on
disk, filled through the real community decoder and the EAS tables as ``fetch_records`` fills
them (no chain: what is measured is the read path). Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.core.index.community_views import CommunityViews
from tui.ui.backends.fake_communities import BRENDAN, _Writer

POSTS = int(os.environ.get("AGORA_BENCH_POSTS", "10000"))
ACKS = int(os.environ.get("AGORA_BENCH_ACKS", "1000"))
AUTHORS = 200


def _best(fn: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def _community(path: Path, acks: int) -> CommunityViews:
    from tui.core.index.schema import connect

    conn = connect(path)
    w = _Writer(conn)
    w.create(1, BRENDAN, "Bench", "Many posts")
    authors = [f"0x{i + 1:040x}" for i in range(AUTHORS)]
    with conn:
        for i in range(POSTS):
            w.post(1, authors[i % AUTHORS], f"post {i}")
        for i in range(acks):  # one expert in ten authors, several skills each
            who = authors[(i * 10) % AUTHORS]
            w.acknowledge(1, BRENDAN, who, f"skill {i % 7}", 1 + i % 5, moderator=True)
    return CommunityViews(conn)


@pytest.mark.benchmark
def test_community_timeline_with_expert_badges(tmp_path: Path) -> None:
    plain = _community(tmp_path / "plain.sqlite", 0)
    badged = _community(tmp_path / "badged.sqlite", ACKS)

    def page(views: CommunityViews, experts_only: bool = False) -> None:
        views.timeline_count(1, experts_only=experts_only)
        assert len(views.timeline(1, None, 50, experts_only=experts_only)) == 50

    rows = [
        ("timeline page, no attestations", _best(lambda: page(plain))),
        (f"timeline page, {ACKS:,} acknowledgements (badges)", _best(lambda: page(badged))),
        ("experts-only page (filter)", _best(lambda: page(badged, True))),
    ]
    first = badged.timeline(1, None, 50)
    assert any(p.badge for p in first) and not any(p.badge for p in plain.timeline(1, None, 50))
    print(f"\n{POSTS:,} community posts, {AUTHORS} authors\n| measure | best ms | median ms |")
    print("|---|---:|---:|")
    for name, (best, median) in rows:
        print(f"| {name} | {best:.1f} | {median:.1f} |")


@pytest.mark.benchmark
def test_thread_badges_wherever_it_opens(tmp_path: Path) -> None:
    """``post_badges`` for a 200-post thread: community posts with their experts' badges,
    posts outside communities in the same index, and an index with no community posts."""
    from tui.core.index.schema import connect

    badged = _community(tmp_path / "badged.sqlite", ACKS)
    empty = CommunityViews(connect(tmp_path / "empty.sqlite"))
    inside = list(range(101, 301))
    outside = list(range(POSTS + 1000, POSTS + 1200))  # ids no community post has
    rows = [
        ("200 community posts", _best(lambda: badged.post_badges(inside))),
        ("200 posts outside communities", _best(lambda: badged.post_badges(outside))),
        ("200 posts, no community posts indexed", _best(lambda: empty.post_badges(inside))),
    ]
    assert badged.post_badges(inside) and not badged.post_badges(outside)
    print(f"\nthread badges, {ACKS:,} acknowledgements\n| measure | best ms | median ms |")
    print("|---|---:|---:|")
    for name, (best, median) in rows:
        print(f"| {name} | {best:.2f} | {median:.2f} |")
