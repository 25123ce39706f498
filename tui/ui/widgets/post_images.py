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
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from tui.core.content.documents import Attachment
from tui.core.images.attachments import ShownImage, fallback_text
from tui.core.images.decode import Raster
from tui.core.images.halfblock import UPPER_HALF, to_halfblocks
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

    try:
        shown = show_image(attachment, images_for(backend).image_bytes)
    except Exception:  # one bad image never takes the post down: it stays its alt text
        return ShownImage(None, "not fetched")
    _remember(attachment.cid, shown)
    return shown


THUMB_COLS = 8
"""Cells of the thumbnail at the right of a timeline card (its first image)."""
THUMB_ROWS = 4
"""Rows of that thumbnail: the card's lines above its blank separator."""

_thumbs: OrderedDict[str, list[Content]] = OrderedDict()


def _thumbnail(cid: str, raster: Raster) -> list[Content]:
    """THUMB_ROWS lines of THUMB_COLS half-block cells (cached by CID)."""
    found = _thumbs.get(cid)
    if found is not None:
        return found
    blocks = to_halfblocks(raster, THUMB_COLS, THUMB_ROWS)
    lines = [
        Content.assemble(
            *(
                (UPPER_HALF, Style(foreground=Color(*top), background=Color(*bottom)))
                for top, bottom in row
            )
        )
        for row in blocks.cells
    ]
    _thumbs[cid] = lines
    while len(_thumbs) > CACHE_SIZE:
        _thumbs.popitem(last=False)
    return lines


def with_thumbnail(
    lines: list[Content], post: PostView, width: int, revealed: bool
) -> list[Content]:
    """A card's lines with its first image drawn small at the right, once it is decoded
    (``load_image`` in a worker put it in the cache); the lines unchanged until then, for a
    post without images, and for one behind a content warning or collapsed by a filter."""
    if not post.attachments or width < 40 or len(lines) < THUMB_ROWS:
        return lines
    if (post.content_warning or post.filtered is not None) and not revealed:
        return lines
    shown = shown_cached(post.attachments[0].cid)
    if shown is None or shown.raster is None:
        return lines
    thumb = _thumbnail(post.attachments[0].cid, shown.raster)
    room = width - THUMB_COLS - 1
    out = list(lines)
    for row in range(THUMB_ROWS):
        out[row] = out[row].truncate(room, ellipsis=row > 0, pad=True) + " " + thumb[row]
    return out


def wants_thumbnail(post: PostView) -> Attachment | None:
    """The image a card would draw and that is not decoded yet (None: nothing to fetch)."""
    if not post.attachments or post.content_warning or post.filtered is not None:
        return None
    first = post.attachments[0]
    return None if shown_cached(first.cid) is not None else first


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
