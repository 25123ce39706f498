"""Agora's files are private: a real session leaves no group or other permission bit."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_wallet.test_cli_flows import agora

CRASH = (
    "import tui.cli.read_posts as read\n"
    "def boom(**_):\n"
    "    raise RuntimeError('a bug')\n"
    "read.timeline_cmd.callback = boom\n"
    "from tui.cli.entry import main\n"
    "main(['timeline'])\n"
)


def _too_open(*roots: Path) -> list[str]:
    found = []
    for root in roots:
        for top, dirs, files in os.walk(root):
            for path in [Path(top), *(Path(top) / n for n in dirs + files)]:
                mode = path.lstat().st_mode
                if not stat.S_ISLNK(mode) and mode & 0o077:
                    found.append(f"{oct(stat.S_IMODE(mode))} {path}")
    return sorted(set(found))


@pytest.mark.usefixtures("kit")
def test_a_session_leaves_every_file_private(isolated_home: Path, passphrase_file: Path) -> None:
    # What an older Agora left behind: a 0755 data directory, 0644 files, an open logs/.
    os.chmod(isolated_home, 0o755)
    (isolated_home / "logs").mkdir(mode=0o755, exist_ok=True)
    os.chmod(isolated_home / "logs", 0o755)
    old_log = isolated_home / "logs" / "crash.log"
    old_log.write_text("--- an old crash\n")
    os.chmod(old_log, 0o644)
    config = Path(os.environ["AGORA_CONFIG"])
    os.chmod(config.parent, 0o755)
    os.chmod(config, 0o644)

    posted = agora(
        "post", "private files", "--yes", "--json", "--passphrase-file", str(passphrase_file)
    )
    assert posted.returncode == 0, posted.stderr
    assert json.loads(posted.stdout)["indexed"] is True
    assert agora("timeline", "global", "--json").returncode == 0
    assert agora("tx", "list", "--json").returncode == 0
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH], capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert crashed.returncode == 1 and "crash.log" in crashed.stderr

    for made in ("outbox.sqlite", "index", "logs/crash.log", "content", "accounts.json"):
        assert (isolated_home / made).exists(), made
    assert "a bug" in old_log.read_text()
    assert _too_open(isolated_home, config.parent) == []


def test_a_shared_settings_directory_is_left_alone(tmp_path: Path) -> None:
    """AGORA_CONFIG in a directory holding other files: only the settings file is tightened."""
    from tui.core.config.private import make_private

    shared = tmp_path / "dotfiles"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    (shared / "other.conf").write_text("")
    settings = shared / "agora.toml"
    settings.write_text("")
    os.chmod(settings, 0o644)
    old = os.umask(0o022)
    try:
        make_private(tmp_path / "home", settings)
    finally:
        os.umask(old)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
