"""Editing text in the user's ``$VISUAL``/``$EDITOR``: the one way compose and the article
editor hand their text to an outside editor.

The app is suspended (``App.suspend()``) while the editor owns the terminal; the text goes
through a private temp file that is removed afterwards. Every failure (no such editor, a
non-zero exit, unreadable text) is a notification and leaves the text as it was.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual.app import SuspendNotSupported

from tui.core.text import clean_text


def editor_command() -> str:
    """The editor the user chose (``$VISUAL``, then ``$EDITOR``), else ``vi``."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def edit_externally(
    screen: Any, text: str, *, suffix: str = ".md", prefix: str = "agora-"
) -> str | None:
    """Run the editor on ``text`` and return what it saved, or None (the user was told why).

    Args:
        screen: the screen asking (its app is suspended; it shows the notifications).
        text: the text to start from.
        suffix: the temp file's suffix, so the editor picks a syntax (``.md``).
        prefix: the temp file's name prefix.
    """
    if screen.app.is_web:  # `agora serve`: no terminal to lend the editor (tui/ui/web.py)
        from tui.ui.web import NO_EDITOR

        screen.notify(NO_EDITOR, markup=False, severity="warning")
        return None
    editor = editor_command()
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        command = [*shlex.split(editor), str(path)]
        try:
            with screen.app.suspend():
                result = subprocess.run(command, check=False)
        except SuspendNotSupported:  # headless (tests): the editor needs no terminal
            result = subprocess.run(command, check=False, capture_output=True)
        if result.returncode != 0:
            screen.notify(
                f"The editor exited with status {result.returncode}; text unchanged.",
                markup=False,
                severity="warning",
            )
            return None
        return path.read_text(encoding="utf-8").removesuffix("\n")
    except (FileNotFoundError, ValueError):  # ValueError: unbalanced quotes in $EDITOR
        screen.notify(
            clean_text(f"Cannot run the editor {editor!r}: set $EDITOR to an installed editor."),
            markup=False,
            severity="error",
        )
    except (OSError, UnicodeDecodeError) as exc:
        screen.notify(
            clean_text(f"Could not read the edited text: {exc}"), markup=False, severity="error"
        )
    finally:
        path.unlink(missing_ok=True)
    return None
