"""A post's images under its text: each drawn in half-blocks with its alt text, or a line saying
why not. A separate widget so any post view can compose it in (the thread detail does).

The bytes are fetched in a thread worker through the verified content layer and decoded in the
image sandbox (tui.core.images.attachments.show_image); the screen never waits for them. Until
they arrive, and whenever they cannot be drawn, the image is its alt text:
``[image: alt] (fetching… / not fetched / too large / malformed)``. In compact mode only that
line is shown. ``images_marker`` is the one-line form timeline cards and compact rows carry.
"""

from __future__ import annotations

import math
from typing import Any

from textual import work
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tui.core.content.documents import Attachment
from tui.core.images.attachments import ShownImage, fallback_text
from tui.core.models import PostView
from tui.core.text import clean_line
from tui.ui.widgets.image_view import ImageView

# the card thumbnail and the shared cache (importable from here as before)
from tui.ui.widgets.thumbnails import THUMB_COLS as THUMB_COLS
from tui.ui.widgets.thumbnails import THUMB_ROWS as THUMB_ROWS
from tui.ui.widgets.thumbnails import _cache as _cache
from tui.ui.widgets.thumbnails import _remember as _remember
from tui.ui.widgets.thumbnails import load_image as load_image
from tui.ui.widgets.thumbnails import shown_cached as shown_cached
from tui.ui.widgets.thumbnails import wants_thumbnail as wants_thumbnail
from tui.ui.widgets.thumbnails import with_thumbnail as with_thumbnail

MAX_COLS = 32
"""Widest an image is drawn, in cells."""
MAX_ROWS = 8
"""Tallest an image is drawn, in cells (two pixels each)."""


def cell_size(width: int, height: int) -> tuple[int, int]:
    """Columns and rows that fit a ``width`` × ``height`` image in the bounds, aspect kept."""
    width, height = max(width, 1), max(height, 1)
    rows = MAX_ROWS
    cols = math.ceil(rows * 2 * width / height)
    if cols > MAX_COLS:
        cols = MAX_COLS
        rows = max(1, math.ceil(cols * height / width / 2))
    return max(cols, 2), rows


class PostImages(Vertical):
    """The images of one post (``show``), each an ImageView and a caption."""

    DEFAULT_CSS = """
    PostImages { height: auto; }
    PostImages ImageView { margin-top: 1; }
    PostImages .image-caption { height: auto; color: $text-muted; }
    """

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = compact
        self.shown_key: str | None = None
        """What is drawn now (a post's CID), so re-highlighting it does not redraw."""
        self._generation = 0

    def show(self, post: PostView | None) -> None:
        """Replace what is drawn with ``post``'s images (none for None or a post without)."""
        if post is None:
            self.show_images(None, ())
        else:
            self.show_images(post.cid, post.attachments)

    def show_images(self, key: str | None, attachments: tuple[Attachment, ...]) -> None:
        """Draw ``attachments`` (an article's images, a post's); ``key`` names the set."""
        if key is not None and key == self.shown_key:
            return  # the same post re-highlighted: keep what is drawn
        self.shown_key = key
        self._generation += 1
        self.remove_children()
        self.display = bool(attachments)
        if not attachments:
            return
        widgets: list[Any] = []
        pending: list[tuple[int, Attachment]] = []
        for index, attachment in enumerate(attachments):
            view = ImageView(id=f"post-image-{self._generation}-{index}")
            view.display = False
            cached = shown_cached(attachment.cid)
            caption = Static(
                Content(fallback_text(attachment.alt, "fetching…")),
                id=f"post-image-caption-{self._generation}-{index}",
                classes="image-caption",
            )
            widgets += [view, caption]
            if self.compact:
                caption.update(Content(fallback_text(attachment.alt, "")))
            elif cached is not None:
                self._apply(view, caption, attachment, cached)
            else:
                pending.append((index, attachment))
        self.mount_all(widgets)
        if pending:
            self._fetch(self._generation, pending)

    def _apply(
        self, view: ImageView, caption: Static, attachment: Attachment, shown: ShownImage
    ) -> None:
        if shown.raster is None:
            caption.update(Content(fallback_text(attachment.alt, shown.problem)))
            view.display = False
            return
        cols, rows = cell_size(shown.raster.width, shown.raster.height)
        view.styles.width = cols
        view.styles.height = rows
        view.raster = shown.raster
        view.display = True
        caption.update(
            Content.from_markup(
                "[$accent]▣[/] $alt", alt=clean_line(attachment.alt, 300) or "no description"
            )
        )

    @work(thread=True, exclusive=True, group="post-images", exit_on_error=False)
    def _fetch(self, generation: int, pending: list[tuple[int, Attachment]]) -> None:
        backend = self.app.backend  # type: ignore[attr-defined]
        for index, attachment in pending:
            shown = load_image(backend, attachment)
            if generation != self._generation:
                return  # another post is shown now
            self.app.call_from_thread(self._drawn, generation, index, attachment, shown)

    def _drawn(
        self, generation: int, index: int, attachment: Attachment, shown: ShownImage
    ) -> None:
        if generation != self._generation or not self.is_attached:
            return
        views = self.query(f"#post-image-{generation}-{index}")
        captions = self.query(f"#post-image-caption-{generation}-{index}")
        if views and captions:
            self._apply(views.first(ImageView), captions.first(Static), attachment, shown)
