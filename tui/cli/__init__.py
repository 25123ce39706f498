"""The `agora` command line: every action also works without the TUI, for scripts and cron."""
