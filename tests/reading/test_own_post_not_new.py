"""The user's own post, sent from this session, is never announced as a new post above."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import build, settle
from tui.ui.backend import FakeBackend
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.widgets.post_list import PostList

pytestmark = pytest.mark.anyio

OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


async def test_own_post_arriving_above_is_not_new_but_others_are(isolated_home: Path) -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        widget = screen.query_one("#list-global", PostList)
        before = widget.source.count
        (mine,) = backend.add_posts(1)
        app.sent_transactions.add(mine.tx_hash)  # what flows.submit records when it sends
        screen.check_new()
        await settle(pilot)
        assert widget.source.count == before + 1  # it is in the list, above
        assert screen.new_posts == 0 and not screen.query_one("#new-posts").display
        assert app.ui_state.seen["global"] == mine.id
        await pilot.press("u")  # to the top: its posts are loaded again
        await settle(pilot)
        (own,) = backend.add_posts(1)
        app.sent_transactions.add(own.tx_hash)
        backend.add_posts(1, author=OTHER)
        screen.check_new()
        await settle(pilot)
        assert screen.new_posts == 1  # someone else's post, not the user's own beside it
        assert app.ui_state.seen["global"] == mine.id  # not past a post still unread


async def test_own_post_is_not_counted_when_the_list_reloads_after_the_write(
    isolated_home: Path,
) -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        (mine,) = backend.add_posts(1)
        app.sent_transactions.add(mine.tx_hash)
        app.reload_lists()  # what a confirmed write does
        await settle(pilot)
        assert screen.new_posts == 0
        widget = screen.query_one("#list-global", PostList)
        assert widget.source.read_mark == 0  # type: ignore[attr-defined]
