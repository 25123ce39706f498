"""``z`` on a profile, in search and on a tag timeline: one line per post with the highlighted
post in full below; one choice for the whole app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import SIZES, build, settle
from tests.ui.test_snapshots import run
from tui.ui.screens.feed import FeedScreen
from tui.ui.screens.profile import ProfileScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.state import UiState
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.post_row import PostDetail

ADA = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


@pytest.mark.anyio
async def test_z_on_a_profile_is_the_apps_choice(isolated_home: Path) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_profile(ADA)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        posts = screen.query_one("#profile-posts", PostList)
        detail = screen.query_one(PostDetail)
        assert not posts.compact and not detail.display
        await pilot.press("z")
        await settle(pilot)
        assert posts.compact and posts.item_height == 1 and detail.display
        assert posts.highlighted is not None
        assert posts.highlighted.text.split("\n")[0][:20] in str(detail.render())
        await pilot.press("2")  # the Articles tab has no post to show in full
        await settle(pilot)
        assert not detail.display
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#list-home", PostList).compact  # back on the timeline
    assert UiState.load(isolated_home).compact is True


@pytest.mark.anyio
async def test_z_in_search_results(isolated_home: Path) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"vyper", "enter")
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        results = app.screen.query_one(PostList)
        assert results.compact and app.screen.query_one(PostDetail).display


@pytest.mark.anyio
async def test_a_tag_timeline_opens_compact_when_that_is_the_choice(isolated_home: Path) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        app.action_open_feed("tag:vyper")
        await settle(pilot)
        assert isinstance(app.screen, FeedScreen)
        assert app.screen.query_one(PostList).compact
        assert app.screen.query_one(PostDetail).display
        await pilot.press("z")
        await settle(pilot)
        assert not app.screen.query_one(PostList).compact


def _search(pilot: Any) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in ("slash", *"vyper", "enter", "z"):
            await pilot.press(key)
        await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestCompactElsewhere:
    def test_compact_profile(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            pilot.app.action_open_profile(ADA)
            await settle(pilot)
            await pilot.press("z", "j")
            await settle(pilot)

        assert snap_compare(build(), terminal_size=size, run_before=before)

    def test_compact_search(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=_search(None))

    def test_compact_tag_timeline(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        keys = ("z", "2", "j", "j", "j", "j", "j", "j", "number_sign", "enter")
        assert snap_compare(build(), terminal_size=size, run_before=run(*keys))
