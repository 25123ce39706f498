"""The Communities tab beside Home and Global: joined communities' posts with their community
on each card, moderation collapsed, unread counts in the tab like the other timelines."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Tab

from tests.ui.conftest import SIZES, build, settle
from tui.core.models import PostView
from tui.ui.screens.timeline import TimelineScreen


def keys(*pressed: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
def test_communities_tab(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(build(), terminal_size=size, run_before=keys("5"))


@pytest.mark.anyio
async def test_5_opens_the_joined_communities_posts_with_their_community() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await keys("5")(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.kind == "communities"
        assert app.ui_state.tab == "communities"  # remembered like the other tabs
        source = screen.current_list().source
        posts = [p for i in range(source.count) if isinstance(p := source.get(i), PostView)]
        assert posts and len(posts) == source.count
        assert [p.id for p in posts] == sorted((p.id for p in posts), reverse=True)
        assert {p.community for p in posts} == {"Vyper Workshop"}
        collapsed = [p for p in posts if p.filtered is not None]
        assert collapsed and all(
            p.filtered is not None and p.filtered.by == "community" for p in collapsed
        )


@pytest.mark.anyio
async def test_the_communities_tab_counts_unread_posts() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        app.ui_state.seen["communities"] = 104  # seen up to an older post
        screen.check_new()
        await settle(pilot)
        tab = screen.query_one("#tab-communities", Tab)
        newer = app.backend.timeline_count("communities", newer_than=104)
        assert newer > 0
        assert str(newer) in str(tab.label) and "Communities" in str(tab.label)
