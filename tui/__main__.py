"""Allows `python -m tui` as well as the `agora` command."""

from tui.cli.entry import main

main()
