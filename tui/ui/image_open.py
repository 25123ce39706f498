"""``o`` on a post: fetch its image (verified), write it to a temp file, show what will run,
and only then start the system viewer. Repeated presses on the same post go through its images.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App

from tui.core.errors import AgoraError
from tui.core.images.attachments import fallback_text
from tui.core.models import PostView
from tui.ui import flows

_next: dict[int, int] = {}
"""Post id → the image the next ``o`` opens (cycling through a post's images)."""


def open_post_image(app: App[Any], post: PostView | None) -> None:
    """Start the flow for ``post``'s next image (a notice when it has none)."""
    if post is None or not post.attachments:
        app.notify("This post has no images.", markup=False)
        return
    index = _next.get(post.id, 0) % len(post.attachments)
    _next[post.id] = index + 1
    flows.start(app, _open(app, post, index))


async def _open(app: App[Any], post: PostView, index: int) -> None:
    from tui.core.images import viewer
    from tui.ui.screens.open_image import OpenImageModal
    from tui.ui.widgets.post_images import load_image

    attachment = post.attachments[index]
    backend: Any = getattr(app, "backend", None)
    shown = await asyncio.to_thread(load_image, backend, attachment)
    if not shown.data:
        app.notify(
            fallback_text(attachment.alt, shown.problem) + ": nothing to open.",
            markup=False,
            severity="warning",
        )
        return
    try:
        plan = await asyncio.to_thread(viewer.plan_open, shown.data)
    except AgoraError as exc:
        flows.report(app, exc, "Cannot open the image")
        return
    count = len(post.attachments)
    position = f"{index + 1} of {count}" if count > 1 else ""
    if not await app.push_screen_wait(OpenImageModal(plan, attachment.alt, position)):
        viewer.discard(plan)
        return
    try:
        viewer.run(plan)
    except AgoraError as exc:
        viewer.discard(plan)
        flows.report(app, exc, "Cannot open the image")
