"""Create or import an account from inside the app (wallet keys, commands, the palette).

The same :class:`~tui.ui.widgets.account_form.AccountForm` as the welcome screen, in a dialog:
skipping the welcome is never a dead end. Returns the new account's address, or None.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.widgets.account_form import AccountForm, Mode

TITLES = {"create": "Create account", "import": "Import account"}


class AccountModal(ModalScreen[str | None]):
    """``mode`` is ``create`` (a new key) or ``import`` (a private key or recovery phrase)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="new_account.cancel", tooltip="Close without adding an account"),
    ]  # fmt: skip

    def __init__(self, mode: Mode = "create") -> None:
        super().__init__(classes="agora-modal")
        self.mode: Mode = "import" if mode == "import" else "create"

    def compose(self) -> ComposeResult:
        with Vertical(id="account-dialog", classes="write-dialog"):
            yield Static(Content(TITLES[self.mode]), classes="dialog-title")
            yield AccountForm(self.mode, id="account-form")
            yield Static(
                Content(f"enter {self.mode} · tab next field · escape cancel"),
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self.query_one(AccountForm).focus_first()

    def on_account_form_created(self, event: AccountForm.Created) -> None:
        event.stop()
        self.dismiss(event.address)

    def action_cancel(self) -> None:
        if not self.query_one(AccountForm).busy:  # the key is being stored: let it finish
            self.dismiss(None)
