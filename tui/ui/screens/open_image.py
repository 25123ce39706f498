"""Before an image opens in the system viewer: exactly what will run, and a keyboard yes/no.

Shows the command, the temp file it gets, the type sniffed from the verified bytes and their
size, plus the post's alt text (sanitised, as text). ``enter``/``y`` runs it, ``escape``/``n``
removes the temp file and runs nothing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.images.viewer import ViewerPlan
from tui.core.text import clean_line, clean_text


class OpenImageModal(ModalScreen[bool]):
    """Confirm opening one verified image with the system's viewer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "run", "Open", id="open_image.run", tooltip="Run the command shown"),
        Binding("escape,n", "cancel", "Cancel", id="open_image.cancel", tooltip="Run nothing and delete the temp file"),
    ]  # fmt: skip

    def __init__(self, plan: ViewerPlan, alt: str, position: str = "") -> None:
        super().__init__(classes="agora-modal")
        self.plan = plan
        self.alt = alt
        self.position = position

    def compose(self) -> ComposeResult:
        with Vertical(id="open-image-dialog", classes="write-dialog"):
            title = "Open the image in the system viewer?"
            if self.position:
                title = f"Open image {self.position} in the system viewer?"
            yield Static(Content(title), classes="dialog-title")
            yield Static(Content(clean_text("\n".join(self.plan.lines()))), id="open-image-plan")
            yield Static(
                Content(f"Alt text: {clean_line(self.alt, 200) or '(none)'}"),
                id="open-image-alt",
            )
            yield Static(Content("enter/y open · escape cancel"), classes="dialog-keys")

    def action_run(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
