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

import sys

import click

from tui import __version__
from tui.cli.guard import run_guarded
from tui.cli.shared import CliState, global_options


class AgoraGroup(click.Group):
    """The `agora` group, loading its sub-command modules only when one is asked for.

    `agora` alone opens the TUI, whose first paint should not wait for the wallet, the index
    CLI and their imports; `agora post …`, `--help` and shell completion load them all.
    """

    _loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from tui.cli import (
            account,
            completion,
            config_cmd,
            devnet,
            drafts_cmd,
            keys,
            read,
            tx,
            write,
        )

        for module in (devnet, account, tx, read, write, drafts_cmd, config_cmd, keys, completion):
            module.register(self)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
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
