"""Allows `python -m tui` as well as the `agora` command."""

from tui.cli.entry import main

if __name__ == "__main__":  # not when a spawned child (the image decoder) re-imports it
    main()
