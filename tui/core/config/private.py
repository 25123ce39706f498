"""Agora's files are for its user only: directories 0700, files without group or other bits.

``outbox.sqlite`` links every local account to the others, the indexes say whom one follows,
drafts hold unpublished words and logs hold addresses; another account on the machine must
read none of it. ``mkdir(mode=0o700, parents=True)`` only protects the last level and SQLite,
logging and ``open`` create files through the umask, so the process umask becomes 077 at
start (the CLI and the TUI call ``make_private`` first) and what an older Agora left open is
tightened once: the whole data directory, and the settings file with its directory when that
directory is Agora's own.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from tui.core.config.paths import APP_NAME, config_file, data_dir

PRIVATE_UMASK = 0o077
OPEN_BITS = 0o077
"""Group and other permission bits: none may stay set."""
MARKER = ".private"
"""Written in the data directory once its tree was tightened (the walk is not repeated)."""


def make_private(home: Path | None = None, config: Path | None = None) -> None:
    """Set the umask to 077 and tighten existing files; never fails (permissions are advice).

    Args:
        home: the data directory (default: ``data_dir()``).
        config: the settings file (default: ``config_file()``).
    """
    if os.name != "posix":  # Windows: the user profile's ACL applies
        return
    os.umask(PRIVATE_UMASK)
    home = home or data_dir()
    config = config or config_file()
    try:
        if home.is_dir() and (_is_open(home) or not (home / MARKER).exists()):
            tighten_tree(home)
            (home / MARKER).touch()
        if config.parent.is_dir() and _agoras_own(config):
            _tighten(config.parent)
        if config.is_file():
            _tighten(config)
    except OSError:
        pass


def tighten_tree(root: Path) -> None:
    """Remove group and other bits from ``root`` and everything under it (links untouched)."""
    _tighten(root)
    for top, dirs, files in os.walk(root):
        for name in dirs + files:
            _tighten(Path(top) / name)


def _is_open(path: Path) -> bool:
    return bool(path.stat().st_mode & OPEN_BITS)


def _tighten(path: Path) -> None:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
            return
        if info.st_mode & OPEN_BITS:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~OPEN_BITS)
    except OSError:
        pass


def _agoras_own(config: Path) -> bool:
    """Whether the settings file's directory is Agora's: the platform's default one, or one
    holding nothing but the settings file (and its temp files); never a shared directory."""
    folder = config.parent
    if folder == platformdirs.user_config_path(APP_NAME):
        return True
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return False
    return all(n == config.name or n.startswith(".tmp-") for n in names)
