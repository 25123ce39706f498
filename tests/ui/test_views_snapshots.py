"""Snapshots of the timeline views: a tag timeline, at 100x30 and 80x24."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import SIZES, build
from tests.ui.test_snapshots import run


@pytest.mark.parametrize("size", SIZES)
class TestTagTimeline:
    def test_tag_timeline(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("2", "j", "j", "j", "j", "j", "j", "number_sign")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestHideRepliesReposts:
    def test_global_without_replies(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("2", "H"))
