"""Attach an image to a post: the file's path and its alt text; the checks happen after.

Returns (path, alt) or None. Checking (type, size, decoding in the sandbox) and storing run in
the compose screen's worker, which says why a file is refused.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.content.cid import MAX_BLOCK
from tui.core.content.documents import MAX_ALT


class AttachImageModal(ModalScreen[tuple[str, str] | None]):
    """Two fields: the path (enter moves on) and the alt text (enter attaches)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="attach_image.cancel", tooltip="Attach nothing"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        with Vertical(id="attach-image-dialog", classes="write-dialog"):
            yield Static(Content("Attach an image"), classes="dialog-title")
            yield Static(
                Content(
                    f"PNG, JPEG, GIF or WebP, at most {MAX_BLOCK // 1024} KiB (one raw block)."
                ),
                id="attach-image-rules",
            )
            yield Input(placeholder="Path of the image file", id="attach-path")
            alt = Input(placeholder="Alt text: what the image shows", id="attach-alt")
            alt.max_length = MAX_ALT
            yield alt
            yield Static(Content("enter next/attach · escape cancel"), classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = self.query_one("#attach-path", Input).value.strip()
        if event.input.id == "attach-path":
            self.query_one("#attach-alt", Input).focus()
            return
        if not path:
            self.query_one("#attach-path", Input).focus()
            self.app.bell()
            return
        self.dismiss((path, self.query_one("#attach-alt", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
