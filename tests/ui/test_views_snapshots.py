"""Snapshots of the timeline views (tags, hidden replies, lists), at 100x30 and 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import SIZES, build
from tests.ui.test_snapshots import run
from tui.ui.backend import FAKE_PEOPLE, FakeBackend


@pytest.mark.parametrize("size", SIZES)
class TestTagTimeline:
    def test_tag_timeline(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("2", "j", "j", "j", "j", "j", "j", "number_sign", "enter")  # its first tag
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestHideRepliesReposts:
    def test_global_without_replies(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("2", "H"))


def _with_list(*addresses: str) -> None:
    from tui.core.lists import PeopleLists

    lists = PeopleLists.load()
    for address in addresses:
        lists.add("friends", address, create=True)
    lists.save()


@pytest.mark.parametrize("size", SIZES)
class TestLists:
    def test_add_to_list_dialog(self, snap_compare: Any, size: tuple[int, int]) -> None:
        _with_list(next(iter(FAKE_PEOPLE)))
        keys = ("2", "p", "L", *"close")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))

    def test_list_timeline(self, snap_compare: Any, size: tuple[int, int]) -> None:
        _with_list(*list(FAKE_PEOPLE)[:2])
        keys = (":", *"list friends", "enter")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))


@pytest.mark.parametrize("size", SIZES)
class TestReadMarks:
    def test_read_up_to_here_after_a_restart(
        self, snap_compare: Any, size: tuple[int, int], isolated_home: Path
    ) -> None:
        from tui.ui.state import UiState

        backend = FakeBackend()
        newest = max(p.id for p in backend._posts)
        UiState(seen={"global": newest - 2}, tab="global", welcomed=True).save(isolated_home)
        assert snap_compare(build(backend), terminal_size=size, run_before=run())
