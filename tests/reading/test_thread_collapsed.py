"""A muted or filtered reply keeps its text out of the thread's text pane until v."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.filters.conftest import anyio_backend, build_core_app, home, settle  # noqa: F401
from tests.filters.kit import AUTHORS
from tui.ui.screens.thread import ThreadScreen
from tui.ui.widgets.thread_tree import ThreadTree

pytestmark = pytest.mark.anyio


def _pane(app: object) -> str:
    return str(app.screen.query_one("#thread-detail", Static).render())  # type: ignore[attr-defined]


async def test_the_text_pane_shows_why_not_the_muted_reply(home: Path) -> None:  # noqa: F811
    from tui.core.context import AgoraContext
    from tui.core.filters.actions import set_person
    from tui.core.index.service import open_index

    ctx = AgoraContext.load()
    index = open_index(ctx, network=ctx.settings.networks["cached"])
    set_person(index, AUTHORS[1], "mute")
    index.close()
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_thread(4)  # the muted author's reply to post 6
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThreadScreen)
        tree = screen.query_one(ThreadTree)
        post = screen.current_post()
        assert post is not None and post.id == 4 and tree.has_focus
        assert "a reply to my own post" not in _pane(app)
        assert "muted" in _pane(app)
        await pilot.press("v")
        await settle(pilot)
        assert "a reply to my own post" in _pane(app)
        await pilot.press("v")
        await settle(pilot)
        assert "a reply to my own post" not in _pane(app)
