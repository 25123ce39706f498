"""Regressions found walking through the real app in tmux (one pilot test per fix)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import build, settle
from tui.ui.backend import FakeBackend
from tui.ui.screens.compose import ComposeScreen
from tui.ui.screens.thread import ThreadScreen

pytestmark = pytest.mark.anyio


async def test_thread_opens_on_the_chosen_reply_and_r_answers_it() -> None:
    """Opening a reply highlighted its root ancestor, so `r` replied to the wrong post."""
    backend = FakeBackend()
    reply = next(p for p in backend.timeline("global", None, 200) if p.parent)
    app = build(backend, first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ThreadScreen(reply.id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThreadScreen)
        current = screen.current_post()
        assert current is not None and current.id == reply.id
        await pilot.press("r")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.reply_to is not None and compose.reply_to.id == reply.id
