"""Named commands shared by the TUI's command line, its keymap macros and the command palette."""

from __future__ import annotations

from tui.core.commands.parse import Invocation, parse_command, parse_macro, split_macro
from tui.core.commands.registry import COMMANDS, Arg, CommandSpec, command

__all__ = [
    "COMMANDS",
    "Arg",
    "CommandSpec",
    "Invocation",
    "command",
    "parse_command",
    "parse_macro",
    "split_macro",
]
