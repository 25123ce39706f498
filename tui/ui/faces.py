"""Bringing small avatars to the rows on screen: the accounts a list wanted are looked up in
a thread worker (disk cache first, then the chain and the image sandbox), remembered, and the
lists redrawn. Drawing never waits for this: a row paints at once and gains its avatar."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.content import Content

from tui.core.ens.verified import verified_name
from tui.core.errors import AgoraError
from tui.ui.startup import after_first_paint

BATCH = 64
"""Accounts looked up per pass (a screen of rows shows far fewer)."""


class FaceWants:
    """The accounts rows asked for that were not looked up yet (one per app)."""

    def __init__(self) -> None:
        self.pending: dict[str, None] = {}
        self.asked: set[str] = set()
        self.scheduled = False


def wants_of(app: Any) -> FaceWants:
    found = getattr(app, "_face_wants", None)
    if found is None:
        found = FaceWants()
        app._face_wants = found
    return found


def avatars_enabled(app: Any) -> bool:
    """The ``[images]`` settings allow avatars in rows (on unless turned off)."""
    ctx = getattr(app, "ctx", None)
    images = getattr(getattr(ctx, "settings", None), "images", None)
    if images is None:
        return True
    return bool(images.avatars_in_rows) and images.protocol != "off"


def want(app: Any, address: str) -> None:
    """A row would draw ``address``'s avatar: look it up soon (once per account)."""
    wants = wants_of(app)
    key = address.lower()
    if key in wants.asked or key in wants.pending:
        return
    wants.pending[key] = None
    if not wants.scheduled:
        wants.scheduled = True
        after_first_paint(app, lambda: app.call_later(_start, app))


def _start(app: Any) -> None:
    wants = wants_of(app)
    wants.scheduled = False
    batch = list(wants.pending)[:BATCH]
    for key in batch:
        wants.pending.pop(key, None)
        wants.asked.add(key)
    if not batch:
        return
    app.run_worker(partial(_load, app, batch), thread=True, group="faces", exit_on_error=False)
    if wants.pending:
        wants.scheduled = True
        app.call_later(_start, app)


def _load(app: Any, addresses: list[str]) -> None:
    from tui.core.chain.address import to_checksum
    from tui.core.ens import faces
    from tui.ui.backends.names import names_for

    names = {}
    for key in addresses:
        name = verified_name(key)
        if name:
            names[to_checksum(key)] = name
    try:
        found = names_for(app.backend).faces(names) if names else {}
    except AgoraError:
        return
    if faces.remember(found.values()):
        app.call_from_thread(redraw_lists, app)


def refresh_known(app: Any) -> None:
    """Look the faces already drawn up again (a thread; after new blocks were indexed): an ENS
    event dropped its cached row, or its ten minutes passed, so the avatar may have changed."""
    from tui.core.ens import faces

    known = faces.remembered()
    if known:
        _load(app, known)


def redraw_lists(app: Any) -> None:
    """Every post list on the current screen draws its rows again (avatars arrived)."""
    from tui.ui.widgets.post_list import PostList

    for lst in app.screen.query(PostList):
        lst.invalidate()
    hook = getattr(app.screen, "faces_arrived", None)
    if callable(hook):
        hook()


def forget_asked(app: Any) -> None:
    """Names changed: accounts without a face may have one now."""
    wants_of(app).asked.clear()


def with_face(app: Any, address: str, lines: list[Content]) -> list[Content]:
    """``lines`` (a post's header in a pane) with the author's avatar in front, padded to the
    avatar's height; unchanged when there is none (yet) or avatars are off."""
    from tui.ui.widgets.avatar_gutter import ROWS, avatar_lines, beside, face_for

    if not avatars_enabled(app):
        return lines
    raster = face_for(address, partial(want, app))
    if raster is None:
        return lines
    padded = [*lines, *[Content("")] * (ROWS - len(lines))]
    return beside(avatar_lines(raster), padded)
