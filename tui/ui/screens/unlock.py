"""Ask for a protected account's passphrase before signing; the text never leaves a Secret."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class UnlockModal(ModalScreen[Any]):
    """Returns a ``Secret`` with the passphrase, or None when the user cancels.

    The input is a password field; its value is wrapped at once and cleared, and nothing here
    logs it. ``error`` shows why the previous attempt failed (a wrong passphrase).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="unlock.cancel", tooltip="Do not sign"),
    ]

    def __init__(self, address: str, label: str = "", error: str = "") -> None:
        super().__init__(classes="agora-modal")
        self.address = address
        self.label = label
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-dialog", classes="write-dialog"):
            yield Static(Content("Unlock account"), classes="dialog-title")
            who = Content.assemble((self.label, "bold"), " ") if self.label else Content("")
            yield Static(
                Content.assemble(who, self.address, "\nis protected by a passphrase."),
                id="unlock-target",
            )
            yield Input(password=True, placeholder="Passphrase", id="unlock-passphrase")
            yield Static(Content(self.error), id="unlock-error", classes="error")
            yield Static(Content("enter unlock · escape cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from tui.core.wallet.secret import Secret

        event.stop()
        field = self.query_one(Input)
        if not field.value:
            self.query_one("#unlock-error", Static).update(Content("Type the passphrase."))
            return
        secret = Secret(field.value)
        field.value = ""
        self.dismiss(secret)

    def action_cancel(self) -> None:
        self.query_one(Input).value = ""
        self.dismiss(None)
