"""Allows `python -m tui` as well as the `agora` command."""

from tui.cli.main import main

main()
