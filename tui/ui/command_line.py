"""The in-app command line (``:``): type a command or macro, Tab completes, up/down recall."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.commands.complete import complete_line
from tui.core.commands.history import CommandHistory
from tui.core.commands.registry import COMMANDS


class CommandLineScreen(ModalScreen[str | None]):
    """A one-line prompt docked at the bottom; dismisses with the line, or None on escape."""

    DEFAULT_CSS = """
    CommandLineScreen { align: left bottom; background: $background 30%; }
    CommandLineScreen > #command-box { height: auto; width: 100%; background: $panel; }
    CommandLineScreen #command-input { border: none; height: 1; padding: 0 1; }
    CommandLineScreen #command-hints { color: $text-muted; padding: 0 1; height: auto; max-height: 6; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="command.cancel", tooltip="Close the command line"),
        Binding("tab", "complete", "Complete", id="command.complete", tooltip="Complete the command or argument"),
        Binding("up", "history(-1)", "Previous", id="command.previous", tooltip="Previous command from history", show=False),
        Binding("down", "history(1)", "Next", id="command.next", tooltip="Next command from history", show=False),
    ]  # fmt: skip

    def __init__(
        self,
        history: CommandHistory,
        sources: Mapping[str, Callable[[], Iterable[str]]] | None = None,
        initial: str = "",
    ) -> None:
        super().__init__()
        self.history = history
        self.sources = sources or {}
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(id="command-box"):
            yield Static(Content(""), id="command-hints")
            yield Input(
                self.initial,
                placeholder="command (Tab completes, ; separates a macro)",
                id="command-input",
            )

    def on_mount(self) -> None:
        self.history.reset()
        self.query_one("#command-hints", Static).display = False
        self.query_one(Input).focus()

    def _hint(self, text: str) -> None:
        hints = self.query_one("#command-hints", Static)
        hints.update(Content(text))
        hints.display = bool(text)

    def action_complete(self) -> None:
        field = self.query_one(Input)
        line, options = complete_line(field.value, self.sources)
        field.value = line
        field.cursor_position = len(line)
        if options:
            self._hint("  ".join(options))
        else:
            words = line.split()
            spec = COMMANDS.get(words[0].lower()) if words else None
            self._hint(f"{spec.usage} — {spec.help}" if spec else "")

    def action_history(self, step: int) -> None:
        field = self.query_one(Input)
        entry = self.history.previous() if step < 0 else self.history.next()
        if entry is not None:
            field.value = entry
            field.cursor_position = len(entry)

    def on_input_changed(self, event: Input.Changed) -> None:
        words = event.value.split()
        spec = COMMANDS.get(words[0].lower()) if words else None
        self._hint(f"{spec.usage} — {spec.help}" if spec else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        line = event.value.strip()
        if line:
            self.history.add(line)
        self.dismiss(line or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
