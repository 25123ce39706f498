"""The ``agora`` entry point: the bare command skips click, and both paths fail the same way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _python(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AGORA_HOME": str(home), "AGORA_CONFIG": str(home / "settings.toml")}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )


def test_bare_agora_opens_the_tui_without_loading_click(tmp_path: Path) -> None:
    code = (
        "import sys, tui.cli.entry as entry\n"
        "entry._open_tui = lambda: print('TUI', 'click' in sys.modules)\n"
        "entry.main([])\n"
    )
    done = _python(code, tmp_path)
    assert done.stdout.strip() == "TUI False", done.stderr


def test_bare_agora_reports_bad_settings_like_any_command(tmp_path: Path) -> None:
    """Broken settings: the fast path (no click) gives the same message and exit code."""
    (tmp_path / "settings.toml").write_text("network = [unclosed\n")
    bare = _python("import tui.cli.entry as e; e.main([])", tmp_path)
    with_command = _python("import tui.cli.entry as e; e.main(['network'])", tmp_path)
    assert bare.returncode == with_command.returncode == 8
    assert bare.stderr.startswith("Error: ")
    assert bare.stderr.splitlines()[0] == with_command.stderr.splitlines()[0]
    assert "Traceback" not in bare.stderr + with_command.stderr


def test_an_internal_error_is_logged_not_shown(tmp_path: Path) -> None:
    code = (
        "import tui.cli.entry as entry\n"
        "def boom(): raise RuntimeError('secret detail')\n"
        "entry._open_tui = boom\n"
        "entry.main([])\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 1
    assert "internal error (RuntimeError)" in done.stderr
    assert "secret detail" not in done.stderr and "Traceback" not in done.stderr
    log = (tmp_path / "logs" / "crash.log").read_text()
    assert "secret detail" in log


def test_ctrl_c_exits_130_on_both_paths() -> None:
    """click turns Ctrl-C into Abort when not standalone; it still means "interrupted"."""
    import click
    import pytest

    from tui.cli.guard import run_guarded

    def interrupted() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise click.exceptions.Abort() from None

    def bare() -> None:
        raise KeyboardInterrupt

    for body in (interrupted, bare):
        with pytest.raises(SystemExit) as done:
            run_guarded(body, as_json=False)
        assert done.value.code == 130

    def refused() -> None:
        raise click.exceptions.Abort()

    with pytest.raises(SystemExit) as done:
        run_guarded(refused, as_json=False)
    assert done.value.code == 4


def test_agora_sync_loads_only_the_commands_it_runs(tmp_path: Path) -> None:
    """`agora sync` is timed against `cast logs`: the wallet, the writers, Textual and httpx's
    own command-line client (rich, pygments) stay out."""
    code = (
        "import atexit, sys, tui.cli.entry as entry\n"
        "heavy = ('tui.cli.write', 'tui.cli.account', 'tui.cli.tx', 'tui.cli.devnet', 'textual',"
        " 'pygments')\n"
        "atexit.register(lambda: print(sorted(m for m in heavy if m in sys.modules)))\n"
        "try:\n    entry.main(['sync', '--help'])\nexcept SystemExit:\n    pass\n"
        "import tui.core.index.sync  # what the command then runs\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Index the network's events" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_lazy_command_table_names_every_command_and_its_modules() -> None:
    """Each top-level command, built from only the modules the table names, is the same
    command (same sub-commands) as with every module loaded; and no command is missing."""
    import click

    from tui.cli.main import COMMANDS, AgoraGroup

    def tree(command: click.Command) -> object:
        if isinstance(command, click.Group):
            return {name: tree(sub) for name, sub in command.commands.items()}
        return command.name

    full = AgoraGroup("agora")
    ctx = click.Context(full)
    assert set(full.list_commands(ctx)) == set(COMMANDS)
    for name in COMMANDS:
        lazy = AgoraGroup("agora")
        command = lazy.get_command(click.Context(lazy), name)
        assert command is not None and tree(command) == tree(full.commands[name]), name
