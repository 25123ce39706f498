"""Entry point of the `agora` command: with no sub-command it opens the TUI.

Each area registers its own sub-commands (``tui.cli.devnet``, ``tui.cli.account``…). Every
failure a user can cause becomes a clear message and a documented exit code, never a traceback:

====  ==========================================
code  meaning
====  ==========================================
0     success
1     internal error (a bug: details in the log)
2     usage error
3     not found
4     rejected by the user / no TTY to confirm
5     chain error (RPC, wrong chain, reverted)
6     content error
7     wallet error
8     settings error
9     devnet error (anvil missing or failed)
130   interrupted
====  ==========================================
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from tui import __version__
from tui.cli.guard import run_guarded
from tui.cli.shared import CliState, global_options

_MODULES = (
    "devnet",
    "account",
    "tx",
    "read",
    "write",
    "filters",
    "lists",
    "drafts_cmd",
    "config_cmd",
    "keys",
    "completion",
    "serve",
    "names",
    "dm",
    "attest",
    "community",
    "rounds",
    "points",
    "points_governance",
)
"""Every module under ``tui.cli`` that registers sub-commands, in registration order."""

COMMANDS: dict[str, tuple[str, ...]] = {
    "devnet": ("devnet",),
    "deploy": ("devnet",),
    "network": ("devnet",),
    "account": ("account",),
    "tx": ("tx",),
    **dict.fromkeys(
        ("sync", "timeline", "thread", "notifications", "search", "articles", "gateway"),
        ("read",),
    ),
    # `profile` and `article` are groups both areas add to (read creates them, write adds to
    # them), so their commands need both; write's commands load read first for the same reason.
    **dict.fromkeys(
        ("profile", "article", "post", "repost", "tip", "follow", "unfollow"), ("read", "write")
    ),
    **dict.fromkeys(
        ("mute", "unmute", "block", "unblock", "filter", "bookmark", "unbookmark", "bookmarks"),
        ("filters",),
    ),
    "list": ("lists",),
    "drafts": ("drafts_cmd",),
    "config": ("config_cmd",),
    "keys": ("keys",),
    "commands": ("keys",),
    "completion": ("completion",),
    "serve": ("serve",),
    "name": ("names",),
    "dm": ("dm",),
    **dict.fromkeys(
        ("endorse", "acknowledge", "revoke", "endorsements", "experts"), ("read", "write", "attest")
    ),
    "community": ("community",),
    "round": ("rounds",),
    "points": ("points", "points_governance"),
}
"""Top-level command -> the modules that register it (a test checks this against them)."""


class AgoraGroup(click.Group):
    """The `agora` group, loading a sub-command's module only when that command is asked for.

    `agora` alone opens the TUI, whose first paint should not wait for the wallet, the index
    CLI and their imports; `agora sync` should not wait for the wallet and the writers' either
    (it is measured against `cast logs`). `--help`, shell completion and unknown names load
    every module.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded: set[str] = set()

    def _load(self, names: tuple[str, ...] = _MODULES) -> None:
        for name in _MODULES:  # always in registration order: later modules extend groups
            if name in names and name not in self._loaded:
                self._loaded.add(name)
                importlib.import_module(f"tui.cli.{name}").register(self)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load(COMMANDS.get(cmd_name, _MODULES))
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)


@click.group(
    cls=AgoraGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="agora")
@global_options
@click.pass_context
def cli(ctx: click.Context, **_: object) -> None:
    """Agora: decentralized social media on Ethereum and IPFS, in your terminal.

    Run without a command to open the TUI (the local devnet starts by itself).
    """
    if ctx.invoked_subcommand is None:
        from tui.ui.run import run_tui  # Textual only loads when the TUI is wanted

        run_tui(ctx.ensure_object(CliState))


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and turn every failure into a message and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    run_guarded(
        lambda: cli.main(args=args, prog_name="agora", standalone_mode=False), "--json" in args
    )
