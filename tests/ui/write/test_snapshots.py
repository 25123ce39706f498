"""Snapshots of every writing screen and flow, at 100x30 and 80x24, over the fixed fake data."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from textual.widgets import TextArea

from tests.ui.write.conftest import ARTICLE, POST, make_agora, settle
from tui.core.errors import ChainError, WalletError
from tui.ui import flows
from tui.ui.backend import FakeBackend
from tui.ui.screens.article_editor import ArticleEditorScreen
from tui.ui.screens.article_reader import ArticleReaderScreen
from tui.ui.screens.compose import ComposeScreen
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.link import LinkModal
from tui.ui.screens.wallet import WalletScreen
from tui.ui.writes import FakeWriter, TxRecord

SIZES = pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
Snap = Callable[..., bool]


def fake_writer(backend: FakeBackend) -> FakeWriter:
    writer = backend.writer
    assert isinstance(writer, FakeWriter)
    return writer


def is_screen(pilot: Any, kind: type) -> Callable[[], bool]:
    return lambda: isinstance(pilot.app.screen, kind)


async def compose_and_send(pilot: Any, text: str = "gm from the terminal") -> None:
    await pilot.app.push_screen(ComposeScreen())
    await pilot.press(*text)
    await pilot.press("ctrl+s")
    await settle(pilot, is_screen(pilot, ConfirmModal))


class TestCompose:
    @SIZES
    def test_new_post(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(ComposeScreen())
            await pilot.press(*"Hello, Agora!", "ctrl+o", *"spoilers")
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_reply_over_limit(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            screen = ComposeScreen(POST)
            await pilot.app.push_screen(screen)
            screen.query_one("#compose-text", TextArea).load_text("é" * 2100)
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)


class TestConfirm:
    @SIZES
    def test_post_confirmation(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await compose_and_send(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_pending_then_confirmed(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        backend = FakeBackend()
        hold = threading.Event()
        fake_writer(backend).hold = hold

        async def run(pilot: Any) -> None:
            await compose_and_send(pilot)
            await pilot.press("y")
            await settle(
                pilot,
                lambda: (
                    "sent" in str(pilot.app.screen.query("TxStatus")[0].render())
                    if pilot.app.screen.query("TxStatus")
                    else False
                ),
            )

        assert snap_compare(make_agora(backend), terminal_size=size, run_before=run)
        hold.set()

    @SIZES
    def test_confirmed(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        backend = FakeBackend()

        async def run(pilot: Any) -> None:
            await compose_and_send(pilot)
            await pilot.press("y")
            await settle(pilot, lambda: bool(fake_writer(backend).history))

        assert snap_compare(make_agora(backend), terminal_size=size, run_before=run)


class TestTip:
    @SIZES
    def test_tip_modal(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            # the list behind the dialog is drawn focused: start once it has the focus
            await settle(pilot, lambda: type(pilot.app.focused).__name__ == "PostList")
            flows.start(pilot.app, flows.tip(pilot.app, POST))
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_tip_confirmation(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            # the list behind the dialogs is drawn focused: start once it has the focus
            await settle(pilot, lambda: type(pilot.app.focused).__name__ == "PostList")
            flows.start(pilot.app, flows.tip(pilot.app, POST))
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot, is_screen(pilot, ConfirmModal))

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)


class TestArticles:
    @SIZES
    def test_editor_with_preview(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(ArticleEditorScreen())
            await pilot.press(*"Why tips beat ads", "tab", *"Pay writers", "tab")
            await pilot.press(*"# Tips", "enter", "enter", *"Pay **people**, not ads.")
            await settle(pilot)
            await pilot.pause(0.4)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_publish_terms_and_confirmation(
        self, snap_compare: Snap, size: tuple[int, int]
    ) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(ArticleEditorScreen())
            await pilot.press(*"Title", "tab", "tab", *"Body")
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press(*"0.005", "enter", *"100", "enter")
            await settle(pilot, is_screen(pilot, ConfirmModal))

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_reader(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(ArticleReaderScreen(ARTICLE))
            await settle(pilot, lambda: not pilot.app.screen.query_one("#reader-status").display)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_collect_confirmation(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(ArticleReaderScreen(ARTICLE))
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot, is_screen(pilot, ConfirmModal))

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_link_modal(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(LinkModal("https://exаmple.org/agora?x=1"))
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)


class TestConfirmFits:
    """Collecting again: the holder who is paid, the edition already owned, at three sizes."""

    @pytest.mark.parametrize(
        "size", [(100, 30), (80, 24), (60, 20)], ids=["100x30", "80x24", "60x20"]
    )
    def test_collect_again(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        article = replace(
            ARTICLE, owner="0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", owned_editions=(41,)
        )

        async def run(pilot: Any) -> None:
            await settle(pilot, lambda: type(pilot.app.focused).__name__ == "PostList")
            flows.start(pilot.app, flows.collect(pilot.app, article))
            await settle(pilot, is_screen(pilot, ConfirmModal))
            await pilot.pause(0.1)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)


class TestReaderHolder:
    """The token changed hands: the header names the holder a collect pays; owned editions."""

    @SIZES
    def test_reader_after_a_sale(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        article = replace(
            ARTICLE,
            owner="0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
            owner_name="Dana",
            owned_editions=(41,),
        )

        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(ArticleReaderScreen(article))
            await settle(pilot, lambda: not pilot.app.screen.query_one("#reader-status").display)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)


class TestWallet:
    def _backend(self) -> FakeBackend:
        backend = FakeBackend()
        fake_writer(backend).history = [
            TxRecord("0x" + "aa" * 32, 9, "pending", "Tip 0.005 ETH to post #12"),
            TxRecord("0x" + "bb" * 32, 8, "confirmed", "Publish a post", block=1200),
            TxRecord("0x" + "cc" * 32, 7, "failed", "Collect article #2", 1190, "sold out"),
        ]
        return backend

    @SIZES
    def test_accounts(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(WalletScreen())
            await settle(pilot, lambda: bool(pilot.app.screen.account_list))
            pilot.app.screen.query_one("#accounts").focus()
            await pilot.pause(0.3)
            await settle(pilot)

        assert snap_compare(make_agora(self._backend()), terminal_size=size, run_before=run)

    @SIZES
    def test_receive_qr(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(WalletScreen())
            await settle(pilot, lambda: bool(pilot.app.screen.account_list))
            pilot.app.screen.query_one("#wallet-tabs").active = "tab-receive"
            await settle(pilot)

        assert snap_compare(make_agora(self._backend()), terminal_size=size, run_before=run)

    @SIZES
    @pytest.mark.parametrize("key", ["c", "i"], ids=["create", "import"])
    def test_add_account_dialog(
        self,
        snap_compare: Snap,
        size: tuple[int, int],
        key: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """c / i on the accounts tab: the welcome screen's account form, in a dialog."""
        monkeypatch.setattr(
            "tui.ui.widgets.account_form.keyring_status",
            lambda: (True, "Keyring: ready. Your key will be stored in the OS keyring."),
        )

        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(WalletScreen())
            await settle(pilot, lambda: bool(pilot.app.screen.account_list))
            pilot.app.screen.query_one("#accounts").focus()
            await pilot.press(key)
            await settle(pilot)

        assert snap_compare(make_agora(self._backend()), terminal_size=size, run_before=run)

    def _confirm_from_history(self, *keys: str) -> Callable[[Any], Any]:
        """Open Wallet → Transactions, press ``keys`` there, and wait for the confirmation."""

        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(WalletScreen())
            await settle(pilot, lambda: bool(pilot.app.screen.account_list))
            pilot.app.screen.query_one("#wallet-tabs").active = "tab-transactions"
            await settle(pilot)
            pilot.app.screen.query_one("#transactions").focus()
            await pilot.press(*keys)
            await settle(pilot, is_screen(pilot, ConfirmModal))

        return run

    @SIZES
    def test_transactions_speed_up(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        run = self._confirm_from_history("u")
        assert snap_compare(make_agora(self._backend()), terminal_size=size, run_before=run)

    @SIZES
    def test_transactions_retry_failed(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        run = self._confirm_from_history("down", "down", "r")  # the failed collect, third row
        assert snap_compare(make_agora(self._backend()), terminal_size=size, run_before=run)


class TestErrors:
    @SIZES
    @pytest.mark.parametrize(
        "error",
        [
            WalletError(
                "No recommended keyring backend is available (found: fail Keyring).",
                hint="Install and unlock a Secret Service, or opt into an encrypted key file.",
            ),
            ChainError("Cannot reach the RPC node (connection refused)."),
            WalletError(
                "Insufficient funds: this needs up to 0.01 ETH and the account holds 0 ETH."
            ),
            ChainError("This transaction would fail: unknown post. Nothing was signed."),
        ],
        ids=["no-keyring", "rpc-down", "insufficient", "invalid"],
    )
    def test_prepare_errors(
        self, snap_compare: Snap, size: tuple[int, int], error: Exception
    ) -> None:
        backend = FakeBackend()
        fake_writer(backend).fail_prepare = error

        async def run(pilot: Any) -> None:
            await pilot.app.push_screen(ComposeScreen())
            await pilot.press(*"gm", "ctrl+s")
            await settle(pilot, lambda: bool(pilot.app._notifications))

        assert snap_compare(make_agora(backend), terminal_size=size, run_before=run)

    @SIZES
    def test_reverted(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        backend = FakeBackend()
        fake_writer(backend).fail_reason = "reverted: tip transfer failed"

        async def run(pilot: Any) -> None:
            await settle(pilot, lambda: type(pilot.app.focused).__name__ == "PostList")
            flows.start(pilot.app, flows.tip(pilot.app, POST))
            await settle(pilot)
            await pilot.press("1")
            await settle(pilot, is_screen(pilot, ConfirmModal))
            await pilot.press("enter")
            await settle(pilot, lambda: bool(fake_writer(backend).history))

        assert snap_compare(make_agora(backend), terminal_size=size, run_before=run)
