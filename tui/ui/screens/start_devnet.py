"""Ask before starting a stopped devnet: a write never brings back a node the user stopped.

Shown by the write flows when the devnet is not running. What the user wrote is already safe
(the compose and article drafts are on disk, nothing was signed), so "not now" loses nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class StartDevnetModal(ModalScreen[bool]):
    """``enter``/``y`` starts the devnet and sends; ``escape``/``n`` keeps the draft unsent."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "start", "Start", id="start_devnet.start", tooltip="Start the devnet, then continue sending"),
        Binding("escape,n", "cancel", "Not now", id="start_devnet.cancel", tooltip="Leave the devnet stopped; nothing is sent and the draft is kept"),
    ]  # fmt: skip

    def __init__(self, summary: str) -> None:
        super().__init__(classes="agora-modal")
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="start-devnet-dialog", classes="write-dialog"):
            yield Static(Content("The devnet is stopped"), classes="dialog-title")
            yield Static(
                Content(
                    f"{self.summary} needs the local devnet, which is not running.\n"
                    "Nothing has been sent; your draft is kept.\n"
                    "Start the devnet now and continue?"
                ),
                id="start-devnet-text",
            )
            yield Static(
                Content("enter/y start the devnet · escape/n not now"), classes="dialog-keys"
            )

    def action_start(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
