"""With a hiding rule, every timeline's count leaves out exactly the posts its pages leave out
(a tag, a list, no replies: not only Global, Home and an author)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.filters.model import FilterRule
from tui.core.index.filters import ReadingFilter
from tui.core.index.schema import connect
from tui.core.index.views import IndexViews
from tui.core.lists import PeopleLists

AUTHORS = [f"0x{n:040d}" for n in range(1, 4)]


@pytest.mark.parametrize(
    "kind",
    ["global", "global/noreplies", "tag:x", "tag:x/noreplies", AUTHORS[1], "list:pals", "home"],
)
def test_count_agrees_with_the_pages(kind: str, isolated_home: Path) -> None:
    lists = PeopleLists.load()
    lists.add("pals", AUTHORS[1], create=True)
    lists.save()
    conn = connect(":memory:")
    for pid in range(1, 13):
        text = ("spoiler " if pid % 3 == 0 else "fine ") + ("#x" if pid % 2 else "")
        conn.execute(
            "INSERT INTO content(cid, kind, status, text, extra) VALUES (?, 'post', 'verified', ?, '{}')",
            (f"c{pid}", text),
        )
        conn.execute(
            "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
            " timestamp) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 0)",
            (pid, AUTHORS[pid % 3 if pid % 3 else 1 + pid % 2], pid - 1 if pid % 4 == 0 else 0, f"c{pid}", pid, f"h{pid}", f"t{pid}"),
        )  # fmt: skip
    conn.execute(
        "INSERT INTO follows(follower, followee, block) VALUES (?, ?, 1)", (AUTHORS[0], AUTHORS[1])
    )
    views = IndexViews(conn, AUTHORS[0])
    views.reading = ReadingFilter([FilterRule(1, "spoiler", action="hide")])
    shown = views.timeline(kind, None, 100)
    assert all("spoiler" not in p.text or p.author == AUTHORS[0] for p in shown)
    assert views.timeline_count(kind) == len(shown)
    assert views.timeline_count(kind, newer_than=6) == sum(1 for p in shown if p.id > 6)
