"""Every active key of the screen underneath, with its binding id, and where the keymap lives."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.ui.paths_display import settings_location


def bindings_content(screen: Screen[Any]) -> Content:
    """A table of key, binding id and description for the bindings active on ``screen``."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or (binding.action, key) in seen:
            continue
        seen.add((binding.action, key))
        display = screen.app.get_key_display(binding)
        rows.append((display, binding.id or "", binding.description or binding.action))
    rows.sort(key=lambda row: (row[1] == "", row[1], row[0]))
    lines = [Content.from_markup("[b]Key          Binding id               Action[/b]")]
    for display, ident, description in rows:
        lines.append(
            Content.from_markup(
                "[b]$key[/b]$pad1[dim]$id[/dim]$pad2$desc",
                key=display,
                pad1=" " * max(13 - len(display), 1),
                id=ident,
                pad2=" " * max(25 - len(ident), 1),
                desc=description,
            )
        )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Opened with ? on any screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close help"
        ),
    ]

    def __init__(self, underneath: Screen[Any]) -> None:
        super().__init__()
        self.underneath = underneath

    def compose(self) -> ComposeResult:
        where = settings_location(self.app)
        with Vertical(id="help-box"):
            yield Static(Content("Keys on this screen"), classes="screen-title")
            with VerticalScroll(id="help-body"):
                yield Static(bindings_content(self.underneath), id="help-bindings")
            yield Static(
                Content.from_markup(
                    "Change keys in the [b]$table[/b] table of $where\n"
                    '(binding.id = "key"; a new key replaces the default). ctrl+p: all commands.',
                    where=where,
                    table="[keymap]",
                ),
                id="help-keymap",
                classes="note",
            )
