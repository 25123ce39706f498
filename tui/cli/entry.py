"""The ``agora`` command's entry point.

``agora`` alone opens the TUI, and its first paint is measured against a bare Textual app's.
The CLI framework (click, and every sub-command's options) plays no part in that, so the bare
command goes straight to the TUI; anything else (a sub-command, an option, ``--help``) goes
through the click group in ``tui.cli.main``. Both report failures through ``tui.cli.guard``,
and both start by making Agora's files private (``tui.core.config.private``).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Open the TUI (no arguments) or run the command line."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        from tui.ui.startup import pause_collection

        pause_collection()  # until the first paint (tui/ui/startup.py)
    from tui.core.config.private import make_private

    make_private()  # umask 077 before anything creates a file; tighten what is too open
    # httpx's own command-line client (rich and pygments, about a quarter of `agora sync`'s
    # start-up) loads with httpx whenever it can; Agora never runs it, and httpx falls back
    # to a stub when it cannot be imported.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    if args:
        from tui.cli.main import main as cli_main

        cli_main(args)
        return
    from tui.cli.guard import run_guarded

    run_guarded(_open_tui, as_json=False)


def _open_tui() -> None:
    from tui.cli.state import CliState
    from tui.ui.run import run_tui  # Textual only loads when the TUI is wanted

    run_tui(CliState())
