"""CLI commands: `agora config path|show|check`."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.shared import json_option
from tui.core.config.paths import config_file, data_dir
from tui.core.config.settings import load_settings


@click.group("config")
def config_group() -> None:
    """Where the settings live, and whether they are valid."""


@config_group.command("path")
@json_option
def config_path(as_json: bool) -> None:
    """Print the settings file in use (honours AGORA_CONFIG) and the data directory.

    Stdout is only the path (one line, or the JSON document with ``exists``) so scripts can
    use it; in plain mode a file that does not exist yet is said on stderr.
    """
    path = config_file()
    data = {"config": str(path), "data": str(data_dir()), "exists": path.is_file()}
    emit(data, as_json, lambda d: d["config"])
    if not as_json and not path.is_file():
        click.echo(
            f"{path} does not exist yet: Agora uses its defaults until you create it "
            "(`agora config show` prints them).",
            err=True,
        )


@config_group.command("show")
@json_option
def config_show(as_json: bool) -> None:
    """Print the effective settings (defaults filled in)."""
    settings = load_settings()
    emit(settings.to_toml(), as_json)


def _keymap_problems(keymap: dict[str, str]) -> list[str]:
    """Unknown binding ids and clashes; the TUI owns the list of bindings, loaded lazily."""
    if not keymap:
        return []
    try:
        from tui.ui.keymap import keymap_problems
    except ImportError:
        return []
    return list(keymap_problems(keymap))


@config_group.command("check")
@json_option
def config_check(as_json: bool) -> None:
    """Validate the settings file and the [keymap] table; exit 8 when something is wrong."""
    settings = load_settings()  # raises ConfigError (exit 8) with the reason
    problems = _keymap_problems(settings.keymap)
    result: dict[str, Any] = {
        "config": str(config_file()),
        "ok": not problems,
        "problems": problems,
    }
    emit(result, as_json, lambda d: "OK" if d["ok"] else "\n".join(d["problems"]))
    if problems:
        raise click.exceptions.Exit(8)


def register(group: click.Group) -> None:
    """Add `agora config` to the command group."""
    group.add_command(config_group)
