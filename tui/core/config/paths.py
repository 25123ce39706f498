"""Where Agora keeps its settings and data.

``AGORA_CONFIG`` names the settings file and ``AGORA_HOME`` the data directory (devnet state,
index, content store, outbox, account index). Tests and multiple profiles stay isolated by
setting both. Nothing here creates directories: callers do, when they are about to write.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "agora"
CONFIG_ENV = "AGORA_CONFIG"
HOME_ENV = "AGORA_HOME"


def config_file() -> Path:
    """The settings file in use: ``$AGORA_CONFIG`` or the platform's config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "settings.toml"


def data_dir() -> Path:
    """The data directory in use: ``$AGORA_HOME`` or the platform's data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return default_data_dir()


def default_data_dir() -> Path:
    """The platform's data directory, used when ``AGORA_HOME`` is not set."""
    return platformdirs.user_data_path(APP_NAME)


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (private to the user) if needed and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
