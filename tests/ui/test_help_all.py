"""Help's "all keys" view: every screen's bindings, with the user's keymap applied."""

from __future__ import annotations

import pytest

from tests.ui.conftest import build, settle
from tui.ui.screens.help import HelpScreen

pytestmark = pytest.mark.anyio


async def test_a_switches_between_this_screen_and_every_screen() -> None:
    app = build()
    app.user_keymap = lambda: {"timeline.tip": "T"}  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)

        def body() -> str:
            return str(screen.query_one("#help-bindings").render())

        assert "wallet.export" not in body()  # the timeline's keys only
        await pilot.press("a")
        await pilot.pause()
        everything = body()
        for owner in ("TimelineScreen", "WalletScreen", "ComposeScreen", "ConfirmModal"):
            assert owner in everything
        assert "wallet.export" in everything
        tip_line = next(line for line in everything.splitlines() if "timeline.tip" in line)
        assert tip_line.split()[0] == "T*"  # the user's key, marked as changed
        await pilot.press("a")
        await pilot.pause()
        assert "wallet.export" not in body()


async def test_this_screens_own_keys_come_before_the_apps() -> None:
    """ "Keys on this screen" opened on the app-wide keys (app.*) sorted first: on 80×24 the
    screen's own keys were all below the fold."""
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        lines = str(screen.query_one("#help-bindings").render()).splitlines()[1:]
        ids = [line.split()[1] for line in lines if len(line.split()) > 2]
        first_app = next(i for i, ident in enumerate(ids) if ident.startswith("app."))
        own = [i for i, ident in enumerate(ids) if ident.startswith("communities.")]
        assert own and max(own) < first_app, ids
