"""The one-line image marker of a post (``▣ alt``), kept apart from the image widgets so that
drawing a timeline's first page does not load the image layer."""

from __future__ import annotations

from textual.content import Content

from tui.core.models import PostView
from tui.core.text import clean_line


def images_marker(post: PostView, hidden: bool = False, gap: str = "  ") -> Content:
    """``  ▣ alt`` (``▣ 3 images: alt``) for a one-line view; empty when the post has none.

    ``hidden``: the post's text is behind a content warning, so its alt text is too.
    """
    if not post.attachments:
        return Content("")
    count = len(post.attachments)
    if hidden:
        return Content(gap) + Content.from_markup(
            "[$accent]▣[/] [dim]$n[/dim]", n=f"{count} behind the CW"
        )
    alt = clean_line(post.attachments[0].alt, 60) or "image"
    label = alt if count == 1 else f"{count} images: {alt}"
    return Content(gap) + Content.from_markup("[$accent]▣[/] [dim]$label[/dim]", label=label)
