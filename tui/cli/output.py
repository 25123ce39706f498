"""Printing results and errors, as plain text for people or one JSON document for scripts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from tui.cli.guard import emit_error as emit_error  # re-exported for sub-commands


def emit(data: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    """Print ``data`` as one JSON document (``--json``) or through ``human`` as text."""
    if as_json:
        from tui.cli.json_names import name_people

        data = name_people(data)
        click.echo(json.dumps(data, indent=2, ensure_ascii=True, default=str))
        return
    text = human(data) if human else json.dumps(data, indent=2, default=str)
    click.echo(text)
