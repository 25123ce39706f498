"""A small verified avatar beside a post's author line: 2 rows × 4 columns of half-blocks.

Composed into a card from outside (``beside``): the card is drawn ``GUTTER`` cells narrower
and each of its lines gets the avatar's line, or blank cells, in front. Only accounts whose
ENS primary name verifies both ways and whose avatar passed its checks (an NFT the account
owns) have a face (tui.core.ens.faces); drawing asks the in-memory answer only, so a row
paints at once and gains its avatar when the background pass brings it. Rows always use
half-blocks: they scroll with the text and are deterministic; Kitty and Sixel are for the
larger image of a profile (tui.ui.widgets.image_view).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.content import Content, Span

from tui.core.ens.verified import verified_name

if TYPE_CHECKING:
    from tui.core.images.decode import Raster

COLS = 4
ROWS = 2
GUTTER = COLS + 1
"""Cells an avatar takes from a card's width (the avatar and one space)."""
MIN_WIDTH = 48
"""Narrower lists draw no avatars: the text needs the room."""
_DRAWN: OrderedDict[tuple[int, int, int], tuple[Raster, list[Content]]] = OrderedDict()
"""Drawn avatars by (raster id, size); the raster is kept with them so its id stays its own."""
_DRAWN_MAX = 512


def _hex(rgb: tuple[int, int, int]) -> str:
    return f"#{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x}"


def avatar_lines(raster: Raster, cols: int = COLS, rows: int = ROWS) -> list[Content]:
    """``rows`` lines of ``cols`` half-block cells showing ``raster`` (kept per raster)."""
    key = (id(raster), cols, rows)
    drawn = _DRAWN.get(key)
    if drawn is not None and drawn[0] is raster:
        _DRAWN.move_to_end(key)
        return drawn[1]
    from tui.core.images.halfblock import UPPER_HALF, to_halfblocks

    blocks = to_halfblocks(raster, cols, rows)
    lines = []
    for row in blocks.cells:
        text = UPPER_HALF * len(row)
        spans = [
            Span(i, i + 1, f"{_hex(top)} on {_hex(bottom)}") for i, (top, bottom) in enumerate(row)
        ]
        lines.append(Content(text, spans))
    _DRAWN[key] = (raster, lines)
    while len(_DRAWN) > _DRAWN_MAX:
        _DRAWN.popitem(last=False)
    return lines


def beside(avatar: list[Content], lines: list[Content]) -> list[Content]:
    """``lines`` with the avatar's lines (then blank cells) in front of each."""
    blank = Content(" " * GUTTER)
    gap = Content(" ")
    return [(avatar[n] + gap if n < len(avatar) else blank) + line for n, line in enumerate(lines)]


def face_for(address: str, want: Callable[[str], None] | None = None) -> Raster | None:
    """The small avatar to draw for ``address`` now, or None; an account with a verified name
    whose face is not known yet is passed to ``want`` (the background pass)."""
    if not address or not verified_name(address):
        return None
    from tui.core.ens import faces  # only once an author has a verified name

    if not faces.known(address):
        if want is not None:
            want(address)
        return None
    return faces.face_of(address)


def with_avatar(
    address: str,
    width: int,
    draw: Callable[[int], list[Content]],
    want: Callable[[str], None] | None = None,
) -> list[Content]:
    """``draw(width)`` with the author's avatar beside it when there is one and room for it."""
    raster = face_for(address, want) if width >= MIN_WIDTH else None
    if raster is None:
        return draw(width)
    return beside(avatar_lines(raster), draw(width - GUTTER))
