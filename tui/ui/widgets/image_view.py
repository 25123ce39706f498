"""A widget that draws an untrusted image as half-blocks, or a line of text when there is none.

It receives a decoded ``Raster`` (tui.core.images: bounded, sanitised) and fits it to its own
size each time it is resized; the output depends only on the pixels and the size, so snapshot
tests are deterministic. Generic: avatars use it first, post images can too.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from tui.core.images.decode import Raster
from tui.core.images.halfblock import UPPER_HALF, HalfBlocks, to_halfblocks


class ImageView(Widget):
    """Half-block image of ``raster`` (letterboxed), or ``fallback`` text."""

    DEFAULT_CSS = """
    ImageView { width: 16; height: 8; }
    """

    raster: reactive[Raster | None] = reactive(None, layout=False)
    fallback: reactive[str] = reactive("")

    def __init__(
        self,
        raster: Raster | None = None,
        fallback: str = "",
        *,
        background: tuple[int, int, int] = (0, 0, 0),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.background = background
        self._cache: tuple[Size, HalfBlocks] | None = None
        self.set_reactive(ImageView.raster, raster)
        self.set_reactive(ImageView.fallback, fallback)

    def watch_raster(self) -> None:
        self._cache = None
        self.refresh()

    def watch_fallback(self) -> None:
        self.refresh()

    def _blocks(self) -> HalfBlocks | None:
        if self.raster is None:
            return None
        size = self.content_size
        if size.width <= 0 or size.height <= 0:
            return None
        if self._cache is None or self._cache[0] != size:
            self._cache = (
                size,
                to_halfblocks(self.raster, size.width, size.height, self.background),
            )
        return self._cache[1]

    def render_line(self, y: int) -> Strip:
        blocks = self._blocks()
        width = self.content_size.width
        if blocks is None:
            if y == 0 and self.fallback:
                text = Content(self.fallback)  # plain text: never parsed as markup
                return Strip([Segment(text.plain, self.rich_style)]).crop(0, width)
            return Strip.blank(width, self.rich_style)
        if y >= blocks.rows:
            return Strip.blank(width, self.rich_style)
        from rich.color import Color

        segments = [
            Segment(
                UPPER_HALF,
                Style(color=Color.from_rgb(*top), bgcolor=Color.from_rgb(*bottom)),
            )
            for top, bottom in blocks.cells[y]
        ]
        return Strip(segments, len(segments))
