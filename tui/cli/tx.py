"""CLI commands: tx (filled in by its area)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
