"""Snapshots of the reading additions at 100x30 and 80x24 (over the fake backend)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import SIZES, build
from tests.ui.test_snapshots import run


@pytest.mark.parametrize("size", SIZES)
class TestTagPicker:
    def test_post_with_two_tags(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("2", "j", "j", "j", "j", "j", "j", "number_sign", "j")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestThreadTags:
    def test_tags_marked_in_the_text_pane(self, snap_compare: Any, size: tuple[int, int]) -> None:
        from tests.reading.test_tag_in_text import TaggedText
        from tests.ui.conftest import settle

        async def before(pilot: Any) -> None:
            await settle(pilot)
            pilot.app.action_open_thread(1)
            await settle(pilot)
            await pilot.press("tab")
            await settle(pilot)

        assert snap_compare(build(TaggedText()), terminal_size=size, run_before=before)
