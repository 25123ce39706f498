"""Printing results and errors, as plain text for people or one JSON document for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from tui.core.errors import AgoraError
from tui.core.text import clean_text


def emit(data: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    """Print ``data`` as one JSON document (``--json``) or through ``human`` as text."""
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=True, default=str))
        return
    text = human(data) if human else json.dumps(data, indent=2, default=str)
    click.echo(text)


def emit_error(error: AgoraError, as_json: bool) -> None:
    """Report an AgoraError on stderr: ``{"error": code, "message": …}`` with ``--json``."""
    message = clean_text(error.message, 2000)
    hint = clean_text(error.hint, 2000) if error.hint else None
    if as_json:
        payload: dict[str, Any] = {"error": error.code, "message": message}
        if hint:
            payload["hint"] = hint
        sys.stderr.write(json.dumps(payload, ensure_ascii=True) + "\n")
    else:
        sys.stderr.write(f"Error: {message}\n")
        if hint:
            sys.stderr.write(f"{hint}\n")
