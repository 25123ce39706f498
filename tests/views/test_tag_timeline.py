"""Tag timelines in the index's views: document tags and #words, any letter case."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.views.world import PEOPLE, world
from tui.core.errors import UsageError
from tui.core.index.views import IndexViews
from tui.core.tags import tag_name


def test_tag_timeline_finds_document_tags_and_hashtags(tmp_path: Path) -> None:
    conn = world(
        tmp_path / "i.sqlite",
        [
            (0, "no tag here, just rust", [], 0),  # the word without # is not the tag
            (1, "loving #Rust today", [], 0),
            (2, "tagged in the document", ["RUST"], 0),
            (3, "#rustacean is another tag", [], 0),
            (0, "ends with #rust", [], 0),
            (1, "#rust, first word", ["tui"], 0),
        ],
    )
    views = IndexViews(conn, PEOPLE[0])
    assert [p.id for p in views.timeline("tag:rust")] == [6, 5, 3, 2]
    assert [p.id for p in views.timeline("tag:#RUST", before_id=5, limit=1)] == [3]
    assert [p.id for p in views.timeline("tag:rust", after_id=3, limit=1)] == [5]
    assert views.timeline_count("tag:Rust") == 4
    assert views.timeline_count("tag:rust", newer_than=3) == 2
    assert [p.id for p in views.timeline_at("tag:rust", 1, 2)] == [5, 3]
    assert [p.id for p in views.timeline("tag:tui")] == [6]


@pytest.mark.parametrize("bad", ["", "#", "a b", "rust*", "x" * 51, "[a]"])
def test_bad_tags_are_a_clear_error(bad: str, tmp_path: Path) -> None:
    views = IndexViews(world(tmp_path / "i.sqlite", []), PEOPLE[0])
    with pytest.raises(UsageError, match="is not a tag"):
        views.timeline(f"tag:{bad}")
    with pytest.raises(UsageError):
        tag_name(bad)
