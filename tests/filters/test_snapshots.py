"""Snapshots at 100x30 and 80x24: a collapsed filtered post, a muted author, Bookmarks, Muted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.filters.conftest import build_core_app, settle
from tests.filters.kit import AUTHORS
from tui.core.context import AgoraContext
from tui.core.filters import actions
from tui.core.index.service import open_index

SIZES = [(100, 30), (80, 24)]


def _prepare(mute: bool = False, bookmarks: tuple[str, ...] = ()) -> None:
    ctx = AgoraContext.load()
    index = open_index(ctx, network=ctx.settings.networks["cached"])
    actions.add_filter(ctx, index, "spoiler")
    actions.add_filter(ctx, index, "llama", tag=True, hide=True)
    if mute:
        actions.set_person(index, AUTHORS[1], "mute")
    for ref in bookmarks:
        actions.set_bookmark(index, ref)
    index.close()


def run(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestReading:
    def test_collapsed_and_muted_posts(self, home: Path, snap_compare: Any, size: Any) -> None:
        _prepare(mute=True)
        assert snap_compare(build_core_app(), terminal_size=size, run_before=run("2"))

    def test_collapsed_post_viewed_with_v(self, home: Path, snap_compare: Any, size: Any) -> None:
        _prepare()
        keys = ("2", "j", "j", "j", "v")  # 6 (own), 5, 4, then 2 (#3 is hidden)
        assert snap_compare(build_core_app(), terminal_size=size, run_before=run(*keys))

    def test_bookmarks_screen(self, home: Path, snap_compare: Any, size: Any) -> None:
        _prepare(bookmarks=("1", "2", "5"))
        assert snap_compare(build_core_app(), terminal_size=size, run_before=run("2", "B"))

    def test_muted_author_in_notifications(self, home: Path, snap_compare: Any, size: Any) -> None:
        _prepare(mute=True)  # AUTHORS[1] replied to the user's post 6
        assert snap_compare(build_core_app(), terminal_size=size, run_before=run("4"))

    def test_muted_list(self, home: Path, snap_compare: Any, size: Any) -> None:
        _prepare(mute=True)

        async def before(pilot: Any) -> None:
            await settle(pilot)
            pilot.app.run_command_text("muted")
            await settle(pilot)

        assert snap_compare(build_core_app(), terminal_size=size, run_before=before)
