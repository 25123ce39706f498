"""How file locations are shown on screen (the settings file, where the keymap lives)."""

from __future__ import annotations

import os
from typing import Any

from tui.core.config.paths import CONFIG_ENV


def settings_location(app: Any) -> str:
    """The settings file as the user would name it: ``$AGORA_CONFIG`` when that variable picks
    it (it is what the user set), otherwise the full path."""
    if os.environ.get(CONFIG_ENV):
        return f"${CONFIG_ENV}"
    path = getattr(app, "config_path", None)
    return str(path) if path else "the settings file (agora config path)"


def settings_path(app: Any) -> str:
    """The settings file's real path, noting ``$AGORA_CONFIG`` when that variable chose it."""
    path = getattr(app, "config_path", None)
    if not path:
        return "the settings file (agora config path)"
    return f"{path} (from ${CONFIG_ENV})" if os.environ.get(CONFIG_ENV) else str(path)
