"""Add an account to a saved list (``L`` on a profile): type a list's name, new or existing.

The lists are the user's own data (``tui.core.lists``), read and written here in the UI thread:
one small JSON file, as quick as the key press that asks for it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.errors import AgoraError
from tui.core.lists import PeopleLists
from tui.core.text import clean_text


def add_to_list(name: str, address: str) -> str:
    """Add ``address`` to the list ``name`` (created when new); what to tell the user."""
    lists = PeopleLists.load()
    created = name.strip().lower() not in lists.lists
    added = lists.add(name, address, create=True)
    lists.save()
    key = name.strip().lower()
    if not added:
        return f"Already in {key}."
    return f"Added to {'new list ' if created else ''}{key}. :list {key} shows their posts."


class ListPickModal(ModalScreen[str]):
    """Names the lists there are; enter adds the account to the one typed (new or not)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="list_pick.cancel", tooltip="Add to no list"),
    ]

    def __init__(self, address: str) -> None:
        super().__init__(classes="agora-modal")
        self.address = address

    def compose(self) -> ComposeResult:
        try:
            names = sorted(PeopleLists.load().lists)
            known = ", ".join(names) if names else "none yet: type a name to create one"
        except AgoraError as exc:
            known = clean_text(str(exc))
        with Vertical(id="list-pick-dialog", classes="write-dialog"):
            yield Static(Content("Add to list"), classes="dialog-title")
            yield Static(Content(self.address), classes="dim")
            yield Static(Content(f"Lists: {known}"), id="list-pick-known")
            yield Input(placeholder="list name, e.g. friends", id="list-pick-name")
            yield Static(Content(""), id="list-pick-error", classes="error")
            yield Static(Content("enter add · escape cancel"), classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            message = add_to_list(event.value, self.address)
        except AgoraError as exc:
            self.query_one("#list-pick-error", Static).update(Content(clean_text(str(exc))))
            return
        self.dismiss(message)

    def action_cancel(self) -> None:
        self.dismiss("")
