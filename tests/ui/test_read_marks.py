"""Where the last session stopped reading: the "read up to here" line, and mark all read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import build, settle
from tui.ui.backend import FakeBackend
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.widgets.post_list import PostList, TimelineSource

pytestmark = pytest.mark.anyio


def _card_text(widget: PostList, index: int) -> str:
    post = widget.source.get(index)
    assert post is not None
    return "\n".join(line.plain for line in widget._render_post(post, 100))


async def _restart_with_new_posts(backend: FakeBackend, count: int) -> Any:
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # Global, read at its top
        await settle(pilot)
    backend.add_posts(count)
    return build(backend)


async def test_the_line_sits_under_the_oldest_post_of_the_new_session(isolated_home: Path) -> None:
    backend = FakeBackend()
    newest_read = max(p.id for p in backend._posts)
    again = await _restart_with_new_posts(backend, 3)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen) and screen.kind == "global"
        widget = screen.query_one("#list-global", PostList)
        source = widget.source
        assert isinstance(source, TimelineSource)
        assert source.read_mark == newest_read + 1  # the oldest of the three new posts
        index = source.index_of(source.read_mark)
        assert index == 2
        assert "read up to here" in _card_text(widget, 2)
        assert "read up to here" not in _card_text(widget, 1) + _card_text(widget, 3)


async def test_mark_all_read_clears_counts_lines_and_remembers(isolated_home: Path) -> None:
    backend = FakeBackend()
    again = await _restart_with_new_posts(backend, 3)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen)
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)
        backend.add_posts(2)
        screen.check_new()
        await settle(pilot)
        assert screen.new_posts == 5  # three since the last session, two since
        await pilot.press("U")
        await settle(pilot)
        widget = screen.query_one("#list-global", PostList)
        assert screen.new_posts == 0 and screen.unread == {"home": 0, "global": 0, "communities": 0}
        assert widget.source.read_mark == 0  # type: ignore[attr-defined]
        loaded = [i for i in range(widget.source.count) if widget.source.get(i) is not None]
        assert loaded and all("read up to here" not in _card_text(widget, i) for i in loaded)
        assert again.ui_state.seen["global"] == max(p.id for p in backend._posts)


async def test_no_line_when_nothing_is_new(isolated_home: Path) -> None:
    backend = FakeBackend()
    again = await _restart_with_new_posts(backend, 0)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.query_one("#list-global", PostList).source.read_mark == 0  # type: ignore[attr-defined]


async def test_mark_read_command(isolated_home: Path) -> None:
    from tui.core.commands.parse import parse_command
    from tui.ui.command_runner import execute

    backend = FakeBackend()
    again = await _restart_with_new_posts(backend, 4)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen) and screen.new_posts == 4
        await execute(again, parse_command("mark-read"))
        await settle(pilot)
        assert screen.new_posts == 0
        assert again.ui_state.seen["global"] == max(p.id for p in backend._posts)


async def test_alerts_tab_counts_notifications_by_type() -> None:
    from textual.widgets import Static

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        counts = screen.query_one("#alert-counts", Static)
        assert not counts.display
        await pilot.press("4")
        await settle(pilot)
        assert counts.display
        assert str(counts.render()) == "1 reply · 1 tip · 1 follow · 0 reposts · 1 collect"
        await pilot.press("2")
        await settle(pilot)
        assert not counts.display
