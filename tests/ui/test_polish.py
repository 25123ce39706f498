"""Rough edges found by walking through the real app: balance width, tray, wallet bars, modals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.color import Color
from textual.screen import ModalScreen
from textual.widgets import DataTable

from tests.ui.write.conftest import POST, make_agora, settle
from tui.ui import flows
from tui.ui.backend import FakeBackend, StatusView
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.link import LinkModal
from tui.ui.screens.tip import TipModal
from tui.ui.screens.unlock import UnlockModal
from tui.ui.screens.wallet import WalletScreen
from tui.ui.widgets.footer import AgoraFooter
from tui.ui.widgets.status_bar import StatusBar
from tui.ui.widgets.tx_status import TxStatus, TxTray
from tui.ui.writes import FAKE_ACCOUNTS, FakeWriter

pytestmark = pytest.mark.anyio

AFTER_GAS_WEI = 99_999_876_543_210_987_654
"""99.999876543210987654 ETH: what 100 ETH looks like after paying for a transaction."""

Snap = Callable[..., bool]


class FakeAfterGasBackend(FakeBackend):
    """The fake backend, its active account holding a balance with every digit used."""

    def __init__(self) -> None:
        super().__init__()
        writer = self.writer
        assert isinstance(writer, FakeWriter)
        writer.balances[FAKE_ACCOUNTS[0]] = AFTER_GAS_WEI

    def status(self) -> StatusView:
        view = super().status()
        return StatusView(**{**view.__dict__, "balance_wei": AFTER_GAS_WEI})


def status_text(app: Any) -> str:
    return str(app.screen.query_one(StatusBar).render())


def fake_writer(backend: FakeBackend) -> FakeWriter:
    writer = backend.writer
    assert isinstance(writer, FakeWriter)
    return writer


# --- 1. compact balance in the status bar, exact in the wallet ---------------------------
async def test_status_bar_balance_is_compact_and_rounded_down() -> None:
    app = make_agora(FakeAfterGasBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: "ETH" in status_text(app))
        text = status_text(app)
        assert "99.9998 ETH" in text
        assert "99.99987" not in text


async def test_wallet_keeps_the_exact_balance() -> None:
    app = make_agora(FakeAfterGasBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(WalletScreen())
        await settle(pilot, lambda: bool(getattr(app.screen, "account_list", None)))
        table = app.screen.query_one("#accounts", DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert "99.999876543210987654 ETH" in row


# --- 2. the transaction tray sits above the status bar and footer --------------------------
async def held_tip(pilot: Any, backend: FakeBackend) -> threading.Event:
    """Tip a post and leave the transaction 'sent' (held), so its tray line stays."""
    hold = threading.Event()
    fake_writer(backend).hold = hold
    app = pilot.app
    flows.start(app, flows.tip(app, POST))
    await settle(pilot, lambda: isinstance(app.screen, TipModal))
    await pilot.press("1")
    await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
    await pilot.press("y")
    await settle(
        pilot,
        lambda: any("sent" in str(s.render()) for s in app.screen.query(TxStatus)),
    )
    return hold


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_tray_never_hides_the_key_hints(size: tuple[int, int]) -> None:
    backend = FakeBackend()
    app = make_agora(backend)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        hold = await held_tip(pilot, backend)
        try:
            screen = app.screen
            tray = screen.query_one(TxTray)
            bar = screen.query_one(StatusBar)
            footer = screen.query_one(AgoraFooter)
            assert tray.region.height >= 2  # border + the line
            assert tray.region.bottom <= bar.region.y
            assert bar.region.bottom <= footer.region.y
            assert footer.region.bottom == size[1]
            # nothing is drawn over the footer: the key hints are what the screen shows there
            assert screen.get_widget_at(2, size[1] - 1)[0] in (footer, *footer.query("*"))
            assert screen.get_widget_at(2, bar.region.y)[0] is bar
        finally:
            hold.set()


async def test_empty_tray_takes_no_room() -> None:
    app = make_agora()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tray = app.screen.query_one(TxTray)
        assert not tray.query(TxStatus)
        assert tray.region.height == 0
        assert app.screen.query_one(AgoraFooter).region.bottom == 30


async def test_finished_line_retires_and_the_tray_hides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TxTray, "RETIRE_AFTER", 0.05)
    backend = FakeBackend()
    app = make_agora(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        hold = await held_tip(pilot, backend)
        tray = app.screen.query_one(TxTray)
        hold.set()  # confirmed: the line stays RETIRE_AFTER, then goes
        await settle(pilot, lambda: not tray.query(TxStatus), rounds=250)
        await settle(pilot)
        assert not tray.query(TxStatus)
        assert tray.is_attached  # the bars keep their (hidden) tray for the next transaction
        assert tray.region.height == 0
        assert app.screen.query_one(StatusBar).region.y == 28


def test_tray_line_snapshot(snap_compare: Snap) -> None:
    backend = FakeBackend()
    holds: list[threading.Event] = []

    async def run(pilot: Any) -> None:
        await settle(pilot)
        holds.append(await held_tip(pilot, backend))
        await settle(pilot)

    try:
        assert snap_compare(make_agora(backend), terminal_size=(100, 30), run_before=run)
    finally:
        for hold in holds:
            hold.set()


# --- 3. the wallet has the main screens' bottom bars ---------------------------------------
async def test_wallet_shows_status_bar_and_its_own_keys() -> None:
    app = make_agora()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(WalletScreen())
        await settle(pilot, lambda: bool(getattr(app.screen, "account_list", None)))
        screen = app.screen
        assert "ada" in status_text(app)
        footer = screen.query_one(AgoraFooter)
        assert footer.region.bottom == 30
        shown = {b.id for (_, b, _, _) in screen.active_bindings.values() if b.show}
        assert {"wallet.switch", "wallet.export", "wallet.close"} <= shown
        keys = footer.keys_text()
        assert "Use account" in keys and "Export" in keys


# --- 4. switching to the active account says so ---------------------------------------------
async def test_switch_to_active_account_notifies() -> None:
    backend = FakeBackend()
    app = make_agora(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(WalletScreen())
        await settle(pilot, lambda: bool(getattr(app.screen, "account_list", None)))
        app.screen.query_one("#accounts").focus()
        app.clear_notifications()
        await pilot.press("s")  # the cursor starts on the active account (alice)
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "alice is already the active account." in messages
        assert fake_writer(backend).active == FAKE_ACCOUNTS[0]


async def test_switch_to_other_account_still_switches() -> None:
    backend = FakeBackend()
    app = make_agora(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(WalletScreen())
        await settle(pilot, lambda: bool(getattr(app.screen, "account_list", None)))
        app.screen.query_one("#accounts").focus()
        await pilot.press("down", "s")
        await settle(pilot, lambda: fake_writer(backend).active == FAKE_ACCOUNTS[1])
        assert fake_writer(backend).active == FAKE_ACCOUNTS[1]
        assert not any("already" in n.message for n in app._notifications)


# --- 5. modals dim the screen underneath instead of blanking it -----------------------------
MODALS: list[Callable[[], ModalScreen[Any]]] = [
    lambda: TipModal(POST, 10**18),
    lambda: UnlockModal(FAKE_ACCOUNTS[0], "alice"),
    lambda: LinkModal("https://example.org/agora"),
]


@pytest.mark.parametrize("modal", MODALS, ids=["tip", "unlock", "link"])
async def test_modal_background_is_translucent(modal: Callable[[], ModalScreen[Any]]) -> None:
    app = make_agora()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(modal())
        await settle(pilot)
        background: Color = app.screen.styles.background
        assert 0 < background.a < 1  # the app's `Screen` rule made it opaque: a black backdrop
        # the timeline underneath is composited, dimmed, around the dialog
        assert "Notifications" in app.export_screenshot()  # the timeline's last tab


async def test_confirm_modal_shows_the_timeline_dimmed() -> None:
    app = make_agora()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        flows.start(app, flows.tip(app, POST))
        await settle(pilot, lambda: isinstance(app.screen, TipModal))
        await pilot.press("2")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert app.screen.styles.background.a < 1
        assert "Notifications" in app.export_screenshot()
