"""CLI commands: ``agora keys`` (every binding id, its keys, default and meaning) and ``agora commands``."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.shared import json_option
from tui.core.config.settings import load_settings


def _human_keys(data: dict[str, Any]) -> str:
    rows = [(b["id"], b["key"], b["default"], b["description"]) for b in data["bindings"]]
    width = max(len(r[0]) for r in rows) if rows else 10
    lines = [f"{'ID':<{width}}  {'KEY':<14} {'DEFAULT':<14} DESCRIPTION"]
    for binding_id, key, default, description in rows:
        mark = "*" if key != default else " "
        lines.append(f"{binding_id:<{width}}  {key:<14} {default:<13}{mark} {description}")
    for entry in data["commands"]:
        lines.append(f"{'(command)':<{width}}  {entry['key']:<14} {'':<14} {entry['command']}")
    for problem in data["problems"]:
        lines.append(f"! {problem}")
    return "\n".join(lines)


@click.command("keys")
@json_option
def keys_command(as_json: bool) -> None:
    """Every key binding: id, current key, default key, description (* = changed by [keymap])."""
    from tui.ui.keymap import collect_bindings, keymap_problems, split_keymap

    keymap = load_settings().keymap  # a broken settings file exits 8 with the reason
    split = split_keymap(keymap)
    data = {
        "bindings": [info.to_json() for info in collect_bindings(split.bindings)],
        "commands": [{"key": k, "command": v} for k, v in split.commands.items()],
        "problems": list(keymap_problems(keymap)),
    }
    emit(data, as_json, _human_keys)


@click.command("commands")
@json_option
def commands_command(as_json: bool) -> None:
    """The named commands of the TUI's command line (``:``) and their CLI equivalents."""
    from tui.core.commands import COMMANDS

    data = [
        {"name": s.name, "usage": s.usage, "area": s.area, "help": s.help, "cli": s.cli}
        for s in COMMANDS.values()
    ]
    width = max(len(d["usage"]) for d in data)
    emit(data, as_json, lambda d: "\n".join(f"{c['usage']:<{width}}  {c['help']}" for c in d))


def register(group: click.Group) -> None:
    """Add `agora keys` and `agora commands` to the command group."""
    group.add_command(keys_command)
    group.add_command(commands_command)
