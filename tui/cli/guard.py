"""How ``agora`` ends: every failure becomes a message and a documented exit code.

Shared by the click group (``tui.cli.main``) and the bare ``agora`` fast path
(``tui.cli.entry``), which opens the TUI without loading click; so this module does not import
click either, and recognises click's exceptions only when click is already loaded.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tui.core.errors import AgoraError, UsageError
from tui.core.text import clean_text

_NEGATIVE = re.compile(r"-[0-9.][0-9.,_eE+-]*")
"""What click mistakes for an unknown option when a negative number is typed: -1, -0.5, -1e3."""

INTERNAL_ERROR = 1
INTERRUPTED = 130
ABORTED = 4


def emit_error(error: AgoraError, as_json: bool) -> None:
    """Report an AgoraError on stderr: ``{"error": code, "message": …}`` with ``--json``."""
    message = clean_text(error.message, 2000)
    hint = clean_text(error.hint, 2000) if error.hint else None
    if as_json:
        payload: dict[str, Any] = {"error": error.code, "message": message}
        if hint:
            payload["hint"] = hint
        sys.stderr.write(json.dumps(payload, ensure_ascii=True) + "\n")
    else:
        sys.stderr.write(f"Error: {message}\n")
        if hint:
            sys.stderr.write(f"{hint}\n")


def log_internal_error(exc: BaseException) -> str:
    """Write the traceback to a log file (secrets are redacted by their wrappers' repr)."""
    from tui import __version__
    from tui.core.config.paths import data_dir

    try:
        log_dir = data_dir() / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "crash.log"
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now(UTC).isoformat()} agora {__version__}\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        return str(path)
    except OSError:
        return "(log unavailable)"


def _click_exit(exc: Exception, as_json: bool) -> int | None:
    """The exit code for one of click's own exceptions (None when ``exc`` is not one)."""
    click: Any = sys.modules.get("click")
    if click is None:
        return None
    if isinstance(exc, click.exceptions.Abort):
        if isinstance(exc.__context__, KeyboardInterrupt):  # click's wrapping of Ctrl-C
            sys.stderr.write("Interrupted.\n")
            return INTERRUPTED
        sys.stderr.write("Aborted.\n")
        return ABORTED
    if isinstance(exc, click.exceptions.NoSuchOption) and _NEGATIVE.fullmatch(exc.option_name):
        # click reads "-1" as an option: say what the user meant to type was refused.
        emit_error(
            UsageError(
                f"{exc.option_name} is not accepted here: ids, amounts and counts are 0 or more.",
                hint="For text that starts with '-', give the options first, then --, then the text.",
            ),
            as_json,
        )
        return UsageError.exit_code
    if isinstance(exc, click.ClickException):
        emit_error(UsageError(exc.format_message()), as_json)
        return UsageError.exit_code
    if isinstance(exc, click.exceptions.Exit):
        return int(exc.exit_code)
    return None


def run_guarded(body: Callable[[], object], as_json: bool) -> None:
    """Run ``body`` and exit with its code; no traceback ever reaches the user."""
    logging.basicConfig(level=logging.WARNING)
    try:
        code = body()
        if isinstance(code, int) and code:  # click returns Exit codes when not standalone
            sys.exit(code)
    except AgoraError as exc:
        emit_error(exc, as_json)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(INTERRUPTED)
    except Exception as exc:  # a bug: tell the user where the details are, not a traceback
        code = _click_exit(exc, as_json)
        if code is not None:
            sys.exit(code)
        where = log_internal_error(exc)
        emit_error(
            AgoraError(
                f"Agora hit an internal error ({type(exc).__name__}).",
                hint=f"Details were written to {where}. Please report it.",
            ),
            as_json,
        )
        sys.exit(INTERNAL_ERROR)
