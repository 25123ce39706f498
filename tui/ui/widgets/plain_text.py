"""Long plain text that costs only what is on screen: a fallback for bodies too large to render.

A ``Static`` holding 256 KiB wraps all of it on every layout and builds a few objects per line,
so a large body took hundreds of milliseconds per step. Here a line is cut into rows of the
widget's width (by cells, not words: a fallback favours being cheap and complete), the height
is the sum of the rows, and only the rows the compositor asks for are drawn.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class PlainText(Widget):
    """Sanitised lines shown as they are, wrapped at the widget's width, drawn lazily."""

    DEFAULT_CSS = "PlainText { height: auto; padding: 0 1; }"

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lines = [line.expandtabs(4) for line in text.split("\n")]
        """The text's lines; untrusted text must already be sanitised (tui.core.text)."""
        self._width = 0
        self._starts: list[int] = []
        self._rows = 0

    def _wrap(self, width: int) -> None:
        """Where each line starts, in rows, at this width (linear, done once per width)."""
        if width == self._width or width <= 0:
            return
        starts, rows = [], 0
        for line in self.lines:
            starts.append(rows)
            rows += max(1, -(-cell_len(line) // width))
        self._width, self._starts, self._rows = width, starts, rows

    @property
    def plain(self) -> str:
        """All of the text."""
        return "\n".join(self.lines)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._wrap(width)
        return self._rows

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        self._wrap(width)
        if width <= 0 or not 0 <= y < self._rows:
            return Strip.blank(width, style)
        index = bisect_right(self._starts, y) - 1
        start = (y - self._starts[index]) * width
        line = Strip([Segment(self.lines[index], style)])
        return line.crop_extend(start, start + width, style).simplify()
