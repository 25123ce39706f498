"""Pick one of a post's ``#tags`` and open its timeline (``#`` on a post, enter in its text).

A post with one tag opens it at once; with several, this small list shows them in the order
they appear (the document's tags, then the ``#words`` of the text) and enter opens the one
highlighted. Tag names are checked (``tui.core.tags``) and shown as plain Content.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class TagPickerModal(ModalScreen[str | None]):
    """Returns the chosen tag (lower case, no ``#``), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tag_picker.cancel", tooltip="Close without opening a tag"),
        Binding("j", "cursor('down')", "Down", id="tag_picker.down", tooltip="Next tag", show=False),
        Binding("k", "cursor('up')", "Up", id="tag_picker.up", tooltip="Previous tag", show=False),
    ]  # fmt: skip

    def __init__(self, tags: list[str]) -> None:
        super().__init__(classes="agora-modal")
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog", classes="write-dialog"):
            yield Static(Content("Open a tag's timeline"), classes="dialog-title")
            yield OptionList(
                *(Option(Content(f"#{tag}"), id=tag) for tag in self.tags), id="tag-options"
            )
            yield Static(Content("enter open · j/k move · escape cancel"), classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        if direction == "down":
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
