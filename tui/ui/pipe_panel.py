"""The pipe command's panel: sends the focused item to the user's pipe_command, shows the output."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.commands.pipe import PipeResult, item_document, run_pipe
from tui.core.errors import UsageError


class PipePanel(ModalScreen[None]):
    """The command's output, already sanitised and capped, shown as plain text (never markup)."""

    DEFAULT_CSS = """
    PipePanel { align: center middle; }
    PipePanel > #pipe-box {
        width: 90%; height: 80%; border: round $primary; background: $panel; padding: 0 1;
    }
    PipePanel #pipe-title { text-style: bold; }
    PipePanel #pipe-status { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="pipe.close", tooltip="Close the pipe output"),
    ]

    def __init__(self, result: PipeResult) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        result = self.result
        with VerticalScroll(id="pipe-box"):
            yield Static(Content.from_markup("Pipe: $cmd", cmd=result.command), id="pipe-title")
            note = result.summary + (" (output truncated)" if result.truncated else "")
            yield Static(Content(note), id="pipe-status")
            yield Static(Content(result.output or "(no output)"), id="pipe-output")

    def action_close(self) -> None:
        self.dismiss(None)


def pipe_command(app: App[Any]) -> str:
    """The configured pipe command (only ever from the settings file)."""
    ctx = getattr(app, "ctx", None)
    return ctx.settings.pipe_command if ctx is not None else ""


async def pipe_item(app: App[Any], item: Any) -> PipeResult:
    """Pipe ``item`` as JSON to the configured command in a thread, then show the panel."""
    if item is None:
        raise UsageError("pipe: highlight a post or article first.")
    document = item_document(item)
    result = await asyncio.to_thread(run_pipe, pipe_command(app), document)
    await app.push_screen(PipePanel(result))
    return result
