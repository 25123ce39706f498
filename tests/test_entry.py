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
