"""A timeline card's thumbnail (its first image, small, at the right) and the cache of
decoded images every image view shares.

Apart from ``tui.ui.widgets.post_images`` (the images under a post) because cards render
before the first frame: until an image was decoded (after that frame, in a worker) a card
draws no thumbnail, so the decoder, the sandbox and the half-block drawing load only then.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from textual.color import Color
from textual.content import Content
from textual.style import Style

from tui.core.models import PostView

if TYPE_CHECKING:
    from tui.core.content.documents import Attachment
    from tui.core.images.attachments import ShownImage
    from tui.core.images.decode import Raster

CACHE_SIZE = 32
"""Decoded images kept, so moving between posts does not decode them again."""

_cache: OrderedDict[str, ShownImage] = OrderedDict()
_cache_lock = threading.Lock()


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
    from tui.core.images.attachments import ShownImage, show_image
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
    from tui.core.images.halfblock import UPPER_HALF, to_halfblocks

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
    room = thumbnail_room(post, width, revealed)
    if room == width or len(lines) < THUMB_ROWS:
        return lines
    shown = shown_cached(post.attachments[0].cid)
    assert shown is not None and shown.raster is not None  # thumbnail_room checked
    thumb = _thumbnail(post.attachments[0].cid, shown.raster)
    out = list(lines)
    for row in range(THUMB_ROWS):
        out[row] = out[row].truncate(room, ellipsis=row > 0, pad=True) + " " + thumb[row]
    return out


def thumbnail_room(post: PostView, width: int, revealed: bool) -> int:
    """The width a card's text is wrapped to: ``width``, less the thumbnail and its gap when
    one will be drawn beside it (wrapping first and cutting after lost words mid-line)."""
    if not post.attachments or width < 40:
        return width
    if (post.content_warning or post.filtered is not None) and not revealed:
        return width
    shown = shown_cached(post.attachments[0].cid)
    if shown is None or shown.raster is None:
        return width
    return width - THUMB_COLS - 1


def wants_thumbnail(post: PostView) -> Attachment | None:
    """The image a card would draw and that is not decoded yet (None: nothing to fetch)."""
    if not post.attachments or post.content_warning or post.filtered is not None:
        return None
    first = post.attachments[0]
    return None if shown_cached(first.cid) is not None else first
