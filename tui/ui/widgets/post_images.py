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
import threading
from collections import OrderedDict
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

MAX_COLS = 32
"""Widest an image is drawn, in cells."""
MAX_ROWS = 8
"""Tallest an image is drawn, in cells (two pixels each)."""
CACHE_SIZE = 32
"""Decoded images kept, so moving between posts does not decode them again."""

_cache: OrderedDict[str, ShownImage] = OrderedDict()
_cache_lock = threading.Lock()


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


def cell_size(width: int, height: int) -> tuple[int, int]:
    """Columns and rows that fit a ``width`` × ``height`` image in the bounds, aspect kept."""
    width, height = max(width, 1), max(height, 1)
    rows = MAX_ROWS
    cols = math.ceil(rows * 2 * width / height)
    if cols > MAX_COLS:
        cols = MAX_COLS
        rows = max(1, math.ceil(cols * height / width / 2))
    return max(cols, 2), rows


def shown_cached(cid: str) -> ShownImage | None:
    with _cache_lock:
        return _cache.get(cid)


def _remember(cid: str, shown: ShownImage) -> None:
    if shown.problem == "not fetched":
        return  # it may arrive later
    with _cache_lock:
        _cache[cid] = shown
        _cache.move_to_end(cid)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def load_image(backend: Any, attachment: Attachment) -> ShownImage:
    """Fetch, verify and decode one attachment (cached); call from a thread worker."""
    cached = shown_cached(attachment.cid)
    if cached is not None:
        return cached
    from tui.core.images.attachments import show_image
    from tui.ui.backends.images import images_for

    shown = show_image(attachment, images_for(backend).image_bytes)
    _remember(attachment.cid, shown)
    return shown


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
