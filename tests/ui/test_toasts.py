"""Pilot tests: a confirmed transaction is said once (in the tray), and toasts leave the
status bar (balance, outbox) and the footer visible."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets._toast import Toast

from tests.ui.conftest import build, settle
from tui.ui import flows
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.widgets.footer import AgoraFooter
from tui.ui.widgets.status_bar import StatusBar
from tui.ui.widgets.tx_status import TxStatus

pytestmark = pytest.mark.anyio


async def _wait(pilot: Any, ready: Any) -> None:
    """Pause until ``ready()`` (not ``settle``: the flow's worker waits on the dialog)."""
    for _ in range(200):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError("timed out")


async def test_confirmed_is_said_in_the_tray_not_in_a_toast_over_the_status_bar() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        post = app.current_post()
        assert post is not None
        worker = flows.start(app, flows.repost(app, post))
        await _wait(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await worker.wait()
        await settle(pilot)
        line = str(app.screen.query_one(TxStatus).render())
        assert "confirmed in block" in line
        titles = [n.title for n in app._notifications]
        assert "Confirmed" not in titles


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_an_error_toast_stays_above_the_status_bar_and_footer(size: tuple[int, int]) -> None:
    app = build()
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        app.notify("The node refused the transaction.", severity="error", title="Failed")
        await settle(pilot)
        toast = app.screen.query_one(Toast)
        bar = app.screen.query_one(StatusBar)
        footer = app.screen.query_one(AgoraFooter)
        assert toast.region.height > 0
        assert toast.region.bottom <= bar.region.y  # nothing of the status bar is covered
        assert not toast.region.overlaps(footer.region)
