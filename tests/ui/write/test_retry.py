"""Retrying from the wallet's history: only failed, dropped or cancelled rows; then a new tx."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.write.conftest import make_agora, settle
from tui.ui.backend import FakeBackend
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.wallet import WalletScreen
from tui.ui.writes import FakeWriter, TxRecord

pytestmark = pytest.mark.anyio

FAILED = TxRecord("0x" + "cc" * 32, 7, "failed", "Collect article #2", 1190, "sold out")
CONFIRMED = TxRecord("0x" + "bb" * 32, 8, "confirmed", "Publish a post", block=1200)


async def _history(pilot: Any) -> WalletScreen:
    await pilot.app.push_screen(WalletScreen())
    await settle(pilot, lambda: bool(pilot.app.screen.account_list))
    screen = pilot.app.screen
    assert isinstance(screen, WalletScreen)
    screen.query_one("#wallet-tabs").active = "tab-transactions"  # type: ignore[attr-defined]
    await settle(pilot)
    screen.query_one("#transactions").focus()
    return screen


def _with_history() -> tuple[Any, FakeWriter]:
    """The app over a fake whose history holds a confirmed and a failed transaction."""
    backend = FakeBackend()
    writer = backend.writer
    assert isinstance(writer, FakeWriter)
    writer.history = [CONFIRMED, FAILED]
    return make_agora(backend), writer


async def test_retry_a_failed_transaction_confirms_a_new_one() -> None:
    app, writer = _with_history()
    async with app.run_test(size=(100, 30)) as pilot:
        await _history(pilot)
        await pilot.press("down", "r")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert modal.confirmation.summary == "Retry: Collect article #2"
        await pilot.press("y")
        await settle(pilot, lambda: len(writer.history) == 3)
        assert writer.submitted[-1] == ("retry", FAILED.tx_hash)
        assert writer.history[0].status == "confirmed"
        assert writer.history[-1] == FAILED  # the failed one stays in the history as it was


async def test_retry_refuses_a_transaction_that_went_through() -> None:
    app, writer = _with_history()
    async with app.run_test(size=(100, 30)) as pilot:
        await _history(pilot)
        await pilot.press("r")  # the confirmed row
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert writer.submitted == []
        assert any("failed, dropped or cancelled" in str(n.message) for n in app._notifications)
