"""Keeping the drawn names current: resolve the index's authors' primary names in the
background (one batched, cached lookup), remember the verified ones, redraw when they change."""

from __future__ import annotations

from functools import partial
from typing import Any

from tui.core.ens.verified import remember
from tui.core.errors import AgoraError
from tui.ui.backends.names import names_for

MAX_AUTHORS = 2000
"""Most recent authors resolved per pass (a timeline shows far fewer)."""


def _resolve(app: Any) -> None:
    names = names_for(app.backend)
    try:
        wanted = names.authors(MAX_AUTHORS)
        found = names.primary_names(wanted) if wanted else {}
    except AgoraError:
        return
    if remember(found):
        app.call_from_thread(app.reload_lists)


def refresh_names(app: Any) -> None:
    """Start (or restart) the background pass; its failures only leave names unshown."""
    app.run_worker(
        partial(_resolve, app), thread=True, exclusive=True, group="names", exit_on_error=False
    )
