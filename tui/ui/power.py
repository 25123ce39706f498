"""Power-user layer of the app: the command line, keymap macros, the pipe key, palette commands.

``AgoraApp`` inherits from :class:`PowerApp`, so these bindings and actions sit on the app
without growing ``app.py``. Textual runs ``on_mount`` of every class in the MRO, so the user's
``[keymap]`` is applied here, after mount and after the app's own ``on_mount``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.core.errors import AgoraError
from tui.core.text import clean_text

if TYPE_CHECKING:  # the command language loads on first use, not before the first paint
    from tui.core.commands import Invocation
    from tui.core.commands.history import CommandHistory
    from tui.core.commands.registry import CommandSpec


class CommandProvider(Provider):
    """The command palette lists every named command (``write: tip [AMOUNT]``).

    Picking one without arguments runs it; one that takes arguments opens the command line with
    its name filled in. Typing a whole command (``tip 0.001``) offers to run exactly that.
    """

    def _entries(self) -> list[tuple[str, CommandSpec]]:
        from tui.core.commands.registry import COMMANDS

        return [(f"{spec.area}: {spec.usage}", spec) for spec in COMMANDS.values()]

    def _callback(self, spec: CommandSpec) -> Callable[[], Any]:
        app: Any = self.app
        if spec.args:
            return partial(app.action_command_line, f"{spec.name} ")
        return partial(app.run_command_text, spec.name)

    async def discover(self) -> Hits:
        for title, spec in self._entries():
            yield DiscoveryHit(title, self._callback(spec), help=spec.help)

    async def search(self, query: str) -> Hits:
        from tui.core.commands import parse_macro

        app: Any = self.app
        if " " in query.strip():
            try:
                parse_macro(query)
            except AgoraError:
                pass
            else:
                yield Hit(1.0, f"run: {query.strip()}", partial(app.run_command_text, query))
        matcher = self.matcher(query)
        for title, spec in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._callback(spec), help=spec.help)


class PowerApp(App[None]):
    """Command line (``:``), pipe (``|``), keymap command keys and macros, palette commands."""

    COMMANDS = App.COMMANDS | {CommandProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("colon", "command_line", "Command", id="app.command_line", tooltip="Run a command or macro (Tab completes, up/down recall)", show=False),
        Binding("vertical_line", "run_command_text('pipe')", "Pipe", id="app.pipe", tooltip="Send the highlighted item as JSON to your pipe_command", show=False),
    ]  # fmt: skip

    key_macros: list[str]
    """Macros bound to keys by the ``[keymap]`` table, by index (``run_macro(i)``)."""

    def on_mount(self) -> None:
        self.key_macros = []
        self._account_names: list[str] = []
        if self.user_keymap():
            # After the first paint: checking it imports every screen module to know every id.
            self.call_after_refresh(self.apply_user_keymap)

    def apply_user_keymap(self) -> None:
        """Apply the settings' ``[keymap]`` (overrides and command keys), reporting problems."""
        from tui.ui.keymap import apply_keymap

        apply_keymap(self, self.user_keymap())

    def user_keymap(self) -> dict[str, str]:
        """The ``[keymap]`` table from the settings (empty without a context)."""
        ctx = getattr(self, "ctx", None)
        keymap = dict(ctx.settings.keymap) if ctx is not None else {}
        if self.is_web:  # `agora serve`: alternatives to the keys the browser keeps
            from tui.ui.web import web_keymap

            keymap = web_keymap(keymap)
        return keymap

    # --- the command line -----------------------------------------------------------------------
    @property
    def command_history(self) -> CommandHistory:
        from tui.core.commands.history import HISTORY_FILE, CommandHistory

        history: CommandHistory | None = self.__dict__.get("_command_history")
        if history is None:
            home: Path | None = getattr(self, "home", None)
            history = CommandHistory(home / HISTORY_FILE if home else None)
            self.__dict__["_command_history"] = history
        return history

    def completion_sources(self) -> dict[str, Callable[[], Iterable[str]]]:
        """Run-time completion values (accounts are cached by a worker: no blocking on Tab)."""
        names: Callable[[], list[str]] = getattr(self, "network_names", lambda: [])
        return {
            "networks": lambda: ["devnet", *names()],
            "accounts": lambda: list(self._account_names),
        }

    @work(thread=True, exclusive=True, group="command-accounts", exit_on_error=False)
    def _load_account_names(self) -> None:
        backend = getattr(self, "backend", None)
        writer = getattr(backend, "writer", None)
        if writer is None:
            return
        try:
            accounts = writer.accounts()
        except AgoraError:
            return
        self._account_names = sorted(
            {a.label for a in accounts if a.label} | {a.address for a in accounts}
        )

    def action_command_line(self, initial: str = "") -> None:
        from tui.ui.command_line import CommandLineScreen

        self._load_account_names()
        screen = CommandLineScreen(self.command_history, self.completion_sources(), initial)
        self.push_screen(screen, callback=self._command_entered)

    def _command_entered(self, line: str | None) -> None:
        if line:
            self.run_command_text(line)

    # --- running commands -----------------------------------------------------------------------
    def action_run_command_text(self, text: str) -> None:
        self.run_command_text(text)

    def action_run_macro(self, index: int) -> None:
        if 0 <= index < len(self.key_macros):
            self.run_command_text(self.key_macros[index])

    def run_command_text(self, text: str) -> None:
        """Parse a command or macro completely, then run it in a worker (a typo runs nothing)."""
        from tui.core.commands import parse_macro

        try:
            calls = parse_macro(text)
        except AgoraError as exc:
            self.notify(clean_text(str(exc)), title="Command", severity="error", markup=False)
            return
        self.run_worker(self.run_calls(calls), group="commands", exit_on_error=False)

    async def run_calls(self, calls: list[Invocation]) -> None:
        """Run commands in order; the first failure is shown and stops the rest."""
        from tui.ui.command_runner import execute

        for call in calls:
            try:
                await execute(self, call)
            except AgoraError as exc:
                self.notify(clean_text(str(exc)), title=call.name, severity="error", markup=False)
                return
            await self._settle()

    async def _settle(self) -> None:
        """Let what a command queued (a screen push, a list move) land before the next one runs."""
        for _ in range(2):
            landed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self.call_after_refresh(lambda f=landed: f.done() or f.set_result(None))
            await landed
