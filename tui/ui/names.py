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
        app.call_from_thread(_redraw, app)
    from tui.ui.faces import refresh_known

    refresh_known(app)  # avatars whose ENS records changed (tui.core.ens.faces)


def _own_name_fresh(app: Any) -> dict[str, str | None]:
    """The user's own primary name read from the chain, past any cached "no name" (a lookup
    that started before the registration may have cached one after its events were seen)."""
    me = app.my_account()
    if not me:
        return {}
    try:
        return names_for(app.backend).primary_names([me], fresh=True)
    except AgoraError:
        return {}


def _redraw(app: Any) -> None:
    """Lists and status bars draw names as they are now."""
    from tui.ui.widgets.status_bar import StatusBar

    app.reload_lists()
    for bar in app.screen.query(StatusBar):
        bar._show(app.status)


def refresh_names(app: Any) -> None:
    """Start (or restart) the background pass; its failures only leave names unshown."""
    app.run_worker(
        partial(_resolve, app), thread=True, exclusive=True, group="names", exit_on_error=False
    )


async def register_name(app: Any, label: str) -> bool:
    """``:name-register ada`` (and the welcome screen's name field): the four transactions of
    ``agora name register``, each planned from the chain, confirmed, sent and mined in turn
    (an interrupted registration resumes where it stopped). True when all confirmed."""
    import asyncio

    from tui.core.ens.records import label_name
    from tui.ui import flows
    from tui.ui.tx_progress import TxStage

    try:
        name = label_name(label)
    except AgoraError as error:
        flows.report(app, error, "Cannot register the name")
        return False
    update = await flows.run_steps(app, names_for(app.backend).register_request(name))
    if update is None or update.stage is not TxStage.CONFIRMED:
        return False
    own = await asyncio.to_thread(_own_name_fresh, app)
    if remember(own):
        _redraw(app)
    refresh_names(app)
    app.notify(f"{name} is yours.", markup=False, title="Name registered")
    return True
