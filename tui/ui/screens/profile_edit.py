"""Edit your own profile: name, bio and links, checked by the same encoder the core signs.

Returns a ``ProfileRequest`` (or None); the transaction still goes through ConfirmModal.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from tui.core.errors import AgoraError
from tui.core.models import ProfileView
from tui.core.text import clean_text
from tui.ui.writes import ProfileRequest


def valid_avatar(avatar: str) -> bool:
    """Whether the current avatar can be signed again as it is (it is kept, not edited here)."""
    from tui.core.content.documents import profile_document

    try:
        profile_document("x", "", avatar)
    except AgoraError:
        return False
    return True


def parse_links(text: str) -> tuple[str, ...]:
    """One link per line (blank lines ignored)."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class ProfileEditModal(ModalScreen[ProfileRequest | None]):
    """Prefilled from the current profile; ``ctrl+s`` (or enter in the name) checks and saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="profile_edit.save", tooltip="Check the profile and continue to the confirmation"),
        Binding("escape", "cancel", "Cancel", id="profile_edit.cancel", tooltip="Close without changing the profile"),
    ]  # fmt: skip

    def __init__(self, profile: ProfileView | None = None) -> None:
        super().__init__(classes="agora-modal")
        self.profile = profile
        current = profile.avatar if profile else ""
        self.avatar = current if current and valid_avatar(current) else ""
        self.dropped_avatar = bool(current) and not self.avatar

    def compose(self) -> ComposeResult:
        current = self.profile
        with Vertical(id="profile-edit-dialog", classes="write-dialog"):
            yield Static(Content("Edit your profile"), classes="dialog-title")
            yield Label("Name")
            yield Input(
                current.name if current else "",
                id="profile-name",
                max_length=64,
                select_on_focus=False,  # typing edits the name instead of replacing it
            )
            yield Label("Bio")
            yield TextArea(current.bio if current else "", id="profile-bio", soft_wrap=True)
            yield Label("Links (https:// or ipfs://, one per line, at most 5)")
            yield TextArea("\n".join(current.links) if current else "", id="profile-links")
            if self.dropped_avatar:
                yield Static(
                    Content("The current avatar is not a valid reference: saving removes it."),
                    classes="dim",
                )
            yield Static(Content(""), id="profile-edit-error", classes="error")
            yield Static(
                Content("ctrl+s save · tab next field · escape cancel"), classes="dialog-keys"
            )

    def on_mount(self) -> None:
        name = self.query_one("#profile-name", Input)
        name.cursor_position = len(name.value)
        name.focus()

    def request(self) -> ProfileRequest:
        """The form as a request, validated by ``profile_document``; raises AgoraError."""
        from tui.core.content.documents import profile_document

        name = self.query_one("#profile-name", Input).value.strip()
        bio = self.query_one("#profile-bio", TextArea).text.strip()
        links = parse_links(self.query_one("#profile-links", TextArea).text)
        profile_document(name, bio, self.avatar, links)
        return ProfileRequest(name=name, bio=bio, links=links, avatar=self.avatar)

    def action_save(self) -> None:
        try:
            request = self.request()
        except AgoraError as exc:
            self.query_one("#profile-edit-error", Static).update(Content(clean_text(str(exc))))
            return
        self.dismiss(request)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#profile-name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
