"""With the devnet stopped: the tip dialog says the balance is unknown (never "0 ETH"), and
sending asks before starting the devnet; "not now" keeps the draft and sends nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Static

from tests.ui.write.conftest import POST, HostApp, settle
from tui.ui import flows
from tui.ui.drafts import DraftStore
from tui.ui.screens.compose import ComposeScreen
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.start_devnet import StartDevnetModal
from tui.ui.screens.tip import TipModal
from tui.ui.writes import FakeWriter, PostRequest


def stopped_app() -> tuple[HostApp, FakeWriter]:
    app = HostApp()
    writer = app.backend.writer
    assert isinstance(writer, FakeWriter)
    writer.stopped = True
    return app, writer


def test_tip_dialog_says_the_balance_is_unknown() -> None:
    async def scenario() -> None:
        app, writer = stopped_app()
        async with app.run_test(size=(100, 30)) as pilot:
            flows.start(app, flows.tip(app, POST))
            await settle(pilot, lambda: isinstance(app.screen, TipModal))
            shown = str(app.screen.query_one("#tip-balance", Static).render())
            assert "unknown" in shown and "0 ETH" not in shown
            await pilot.press("1")  # a preset is not refused as "insufficient funds"
            await settle(pilot, lambda: isinstance(app.screen, StartDevnetModal))
            assert isinstance(app.screen, StartDevnetModal)
            await pilot.press("escape")
            await settle(pilot)
            assert writer.starts == 0 and writer.submitted == []

    asyncio.run(scenario())


def test_send_asks_before_starting_and_not_now_keeps_the_draft(isolated_home: Path) -> None:
    async def scenario() -> None:
        app, writer = stopped_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(ComposeScreen())
            await pilot.press(*"written offline", "ctrl+s")
            await settle(pilot, lambda: isinstance(app.screen, StartDevnetModal))
            assert isinstance(app.screen, StartDevnetModal)
            assert DraftStore().load("post")["text"] == "written offline"  # saved before asking
            await pilot.press("n")
            await settle(pilot, lambda: isinstance(app.screen, ComposeScreen))
            assert isinstance(app.screen, ComposeScreen)  # still open, text intact
            assert app.screen.text == "written offline"
            assert writer.starts == 0 and writer.stopped and writer.submitted == []
            assert DraftStore().exists("post")

    asyncio.run(scenario())


def test_send_after_yes_starts_the_devnet_then_confirms(isolated_home: Path) -> None:
    async def scenario() -> None:
        app, writer = stopped_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(ComposeScreen())
            await pilot.press(*"send it", "ctrl+s")
            await settle(pilot, lambda: isinstance(app.screen, StartDevnetModal))
            await pilot.press("y")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            assert writer.starts == 1 and not writer.stopped
            await pilot.press("enter")
            await settle(pilot, lambda: bool(writer.history))
            assert writer.submitted == [PostRequest("send it")]
            assert not DraftStore().exists("post")

    asyncio.run(scenario())
