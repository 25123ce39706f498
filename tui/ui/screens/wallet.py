"""The wallet: accounts and balances, switching, receiving (QR), exporting, and tx history.

All wallet calls block (keyring, RPC), so they run in thread workers; pending transactions can
be sped up or cancelled, and failed, dropped or cancelled ones retried, each through the usual
confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane
from textual.worker import WorkerCancelled, WorkerFailed

from tui.core.errors import AgoraError
from tui.core.text import clean_line
from tui.core.units import format_eth
from tui.core.wallet.secret import Secret
from tui.ui import flows
from tui.ui.latest import call_latest
from tui.ui.widgets.qr import QrCode
from tui.ui.widgets.status_bar import bottom_bars
from tui.ui.writes import AccountView, TxRecord


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    passphrase: Secret


class ExportModal(ModalScreen[ExportRequest | None]):
    """Where to write the keystore, and the passphrase (typed twice) that encrypts it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Do not export"),
    ]

    def __init__(self, address: str) -> None:
        super().__init__(classes="agora-modal")
        self.address = address

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="write-dialog"):
            yield Static(Content("Export account"), classes="dialog-title")
            yield Static(Content(self.address), id="export-address")
            yield Static(
                Content("Writes an encrypted V3 keystore (scrypt). Keep the passphrase safe."),
                classes="dim",
            )
            yield Input(placeholder="Keystore file path, e.g. ~/agora-key.json", id="export-path")
            yield Input(placeholder="Passphrase", password=True, id="export-pass")
            yield Input(placeholder="Passphrase again", password=True, id="export-pass2")
            yield Static(Content(""), id="export-error", classes="error")
            yield Static(Content("enter next / export · escape cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Content(message))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        order = ["export-path", "export-pass", "export-pass2"]
        current = event.input.id or ""
        if current != order[-1]:
            self.query_one(f"#{order[order.index(current) + 1]}", Input).focus()
            return
        path_text = self.query_one("#export-path", Input).value.strip()
        first = self.query_one("#export-pass", Input)
        second = self.query_one("#export-pass2", Input)
        if not path_text:
            self._error("Choose a file path for the keystore.")
            return
        if len(first.value) < 8:
            self._error("Use a passphrase of at least 8 characters.")
            return
        if first.value != second.value:
            self._error("The two passphrases differ.")
            return
        request = ExportRequest(Path(path_text).expanduser(), Secret(first.value))
        first.value = second.value = ""
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)


def account_row(account: AccountView) -> tuple[Text, Text, Text, Text]:
    return (
        Text("●" if account.active else " "),
        Text(account.label or "—"),
        Text(account.address),
        Text(
            "unknown" if account.balance_wei is None else format_eth(account.balance_wei),
            justify="right",
        ),
    )


def tx_row(record: TxRecord) -> tuple[Text, Text, Text, Text, Text]:
    detail = record.summary
    if record.reason:
        detail += f" ({record.reason})"
    elif record.block:
        detail += f" (block {record.block:,})"
    return (
        Text(record.status),
        Text(str(record.nonce), justify="right"),
        Text(f"{record.tx_hash[:10]}…{record.tx_hash[-4:]}"),
        Text(detail),
        Text(""),
    )


class WalletScreen(Screen[None]):
    """Accounts, receive and transactions, as tabs, above the same status bar and footer
    as the main screens (the footer lists the wallet's own keys)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "switch",
            "Use account",
            id="wallet.switch",
            tooltip="Make the selected account the active one",
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="wallet.export",
            tooltip="Export the selected account as an encrypted keystore file",
        ),
        Binding(
            "u",
            "speed_up",
            "Speed up",
            id="wallet.speed_up",
            tooltip="Re-send the selected pending transaction with higher fees",
        ),
        Binding(
            "x",
            "cancel_tx",
            "Cancel tx",
            id="wallet.cancel_tx",
            tooltip="Replace the selected pending transaction with a 0-value self-send",
        ),
        Binding(
            "r",
            "retry_tx",
            "Retry",
            id="wallet.retry",
            tooltip="Do the selected failed, dropped or cancelled transaction's action again",
        ),
        Binding(
            "c",
            "app.add_account('create')",
            "New account",
            id="wallet.create_account",
            tooltip="Create a new account (its key goes to your keyring)",
            show=False,  # listed on the Accounts tab; the footer keeps room for esc Back
        ),
        Binding(
            "i",
            "app.add_account('import')",
            "Import account",
            id="wallet.import_account",
            tooltip="Import an account from a private key or a recovery phrase",
            show=False,
        ),
        Binding("escape", "close", "Back", id="wallet.close", tooltip="Back"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="write-screen")
        self.account_list: list[AccountView] = []
        self.tx_list: list[TxRecord] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Wallet"), classes="dialog-title")
        with TabbedContent(id="wallet-tabs"):
            with TabPane("Accounts", id="tab-accounts"):
                yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
                yield Static(
                    Content("s use account · e export · c new account · i import account"),
                    classes="dialog-keys",
                )
            with TabPane("Receive", id="tab-receive"):
                yield Vertical(id="receive")
            with TabPane("Transactions", id="tab-transactions"):
                yield DataTable(id="transactions", cursor_type="row", zebra_stripes=True)
                yield Static(
                    Content(
                        "u speed up · x cancel (pending) · r retry (failed, dropped, cancelled)"
                    ),
                    classes="dialog-keys",
                )
        yield bottom_bars()

    def on_mount(self) -> None:
        accounts = self.query_one("#accounts", DataTable)
        accounts.add_columns("", "Label", "Address", "Balance")
        txs = self.query_one("#transactions", DataTable)
        txs.add_columns("Status", "Nonce", "Hash", "What", "")
        self.reload()

    @work(thread=True, exclusive=True, group="wallet-load")
    def reload(self) -> None:
        """Fetch accounts, balances and history off the event loop."""
        writer = flows.writer_of(self.app)
        try:
            accounts = writer.accounts()
            txs = writer.transactions()
        except AgoraError as exc:
            call_latest(self.app, flows.report, self.app, exc, "Wallet unavailable")
            return
        show: Any = self._show
        call_latest(self.app, show, accounts, txs)

    async def _show(self, accounts: list[AccountView], txs: list[TxRecord]) -> None:
        self.account_list, self.tx_list = accounts, txs
        table = self.query_one("#accounts", DataTable)
        table.clear()
        for account in accounts:
            table.add_row(*account_row(account), key=account.address)
        history = self.query_one("#transactions", DataTable)
        history.clear()
        for record in txs:
            history.add_row(*tx_row(record), key=record.tx_hash)
        receive = self.query_one("#receive", Vertical)
        await receive.remove_children()
        active = next((a for a in accounts if a.active), None)
        if active is None:
            await receive.mount(
                Static(Content("No account yet: press c to create one or i to import one."))
            )
            return
        await receive.mount(
            Static(Content.assemble("Send ETH on this network to ", (active.address, "bold"))),
            Center(QrCode(active.address, id="receive-qr")),
        )

    def _selected_account(self) -> AccountView | None:
        table = self.query_one("#accounts", DataTable)
        if not self.account_list or table.cursor_row < 0:
            return None
        return self.account_list[min(table.cursor_row, len(self.account_list) - 1)]

    def _selected_tx(self) -> TxRecord | None:
        table = self.query_one("#transactions", DataTable)
        if not self.tx_list or table.cursor_row < 0:
            return None
        return self.tx_list[min(table.cursor_row, len(self.tx_list) - 1)]

    def action_switch(self) -> None:
        account = self._selected_account()
        if account is None:
            self.notify("No account to switch to yet.", markup=False, title="Account")
        elif account.active:  # say so: a key that does nothing looks broken
            who = clean_line(account.label or account.address, 80)
            self.notify(f"{who} is already the active account.", markup=False, title="Account")
        else:
            self._switch(account.address)

    @work(thread=True, exclusive=True, group="wallet-switch")
    def _switch(self, address: str) -> None:
        try:
            flows.writer_of(self.app).switch_account(address)
        except AgoraError as exc:
            self.app.call_from_thread(flows.report, self.app, exc, "Cannot switch account")
            return
        self.app.call_from_thread(
            self.notify, f"Now acting as {address}.", markup=False, title="Account"
        )
        self.reload()

    def action_export(self) -> None:
        account = self._selected_account()
        if account is None:
            return

        def chosen(request: ExportRequest | None) -> None:
            if request is not None:
                self._export(account.address, request)

        self.app.push_screen(ExportModal(account.address), chosen)

    @work(thread=True, exclusive=True, group="wallet-export")
    def _export(self, address: str, request: ExportRequest) -> None:
        try:
            path = flows.writer_of(self.app).export_account(
                address, request.path, request.passphrase
            )
        except AgoraError as exc:
            self.app.call_from_thread(flows.report, self.app, exc, "Export failed")
            return
        finally:
            request.passphrase.wipe()
        self.app.call_from_thread(
            self.notify, f"Keystore written to {path}.", markup=False, title="Exported"
        )

    def _replace(self, kind: str) -> None:
        record = self._selected_tx()
        if kind == "retry":
            if record is None or not record.retryable:
                self.notify(
                    "Select a failed, dropped or cancelled transaction first.",
                    markup=False,
                    severity="warning",
                )
                return
        elif record is None or not record.pending:
            self.notify("Select a pending transaction first.", markup=False, severity="warning")
            return
        flow = {"speed_up": flows.speed_up, "cancel": flows.cancel, "retry": flows.retry}[kind]
        worker = flows.start(self.app, flow(self.app, record.tx_hash))
        worker_done: Any = worker.wait()
        self.run_worker(self._reload_after(worker_done), group="wallet-after", exit_on_error=False)

    async def _reload_after(self, waiting: Any) -> None:
        """Reload once the flow ends; a flow cancelled (the app quitting) is no error here."""
        try:
            await waiting
        except WorkerCancelled:
            return
        except WorkerFailed as failed:  # the flow's own failures were already reported
            if isinstance(failed.error, WorkerCancelled):
                return
        self.reload()

    def action_speed_up(self) -> None:
        self._replace("speed_up")

    def action_cancel_tx(self) -> None:
        self._replace("cancel")

    def action_retry_tx(self) -> None:
        self._replace("retry")

    def reload_after_write(self) -> None:
        """A new account (or a write) landed: list it (called by ``AgoraApp.reload_lists``)."""
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)
