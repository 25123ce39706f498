"""CLI command: ``agora completion bash|zsh|fish`` prints click's shell completion script.

Install it with e.g. ``agora completion bash > ~/.local/share/bash-completion/completions/agora``
or ``eval "$(agora completion zsh)"`` in ~/.zshrc.
"""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

COMPLETE_VAR = "_AGORA_COMPLETE"
"""Environment variable click's completion scripts set when asking for completions."""


@click.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
@click.pass_context
def completion_command(ctx: click.Context, shell: str) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish)."""
    root = ctx.find_root().command
    completer_class = get_completion_class(shell)
    if completer_class is None:  # unreachable: the choice above limits SHELL
        raise click.BadParameter(f"unsupported shell {shell}")
    completer = completer_class(root, {}, "agora", COMPLETE_VAR)
    click.echo(completer.source())


def register(group: click.Group) -> None:
    """Add `agora completion` to the command group."""
    group.add_command(completion_command)
