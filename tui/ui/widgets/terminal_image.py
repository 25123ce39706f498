"""An image drawn with the terminal's own graphics (Kitty or Sixel) when it has them, else
half-blocks: the ``[images] protocol`` setting (``auto`` detects from the environment).

Textual draws cells, not pixels, so in Kitty or Sixel mode this widget's cells are blank and,
after each repaint of it, the picture is written straight to the terminal at the widget's
place (cursor saved, moved, restored). The sequences come from tui.core.images (numbers,
base64 and the Sixel alphabet only: no byte of the image reaches the terminal as itself).
Headless runs (tests, snapshots, the web page) always draw half-blocks, deterministically.

Limits: a Sixel picture lives in the terminal's cells, so something drawn over it (a toast, a
modal) can wipe it until this widget repaints; Kitty keeps its images apart from the text and
has no such problem. Cell size in pixels is not asked of the terminal (an answer would arrive
as input); Sixel assumes ``CELL_PIXELS``.
"""

from __future__ import annotations

import itertools
import os
from typing import Any

from textual.strip import Strip

from tui.core.images.decode import Raster
from tui.core.images.terminal import Protocol, choose
from tui.ui.widgets.image_view import ImageView

CELL_PIXELS = (10, 20)
"""Assumed width and height of a cell in pixels, for Sixel (most terminal fonts are close)."""
_IDS = itertools.count(0x00A60001)
"""Kitty image ids of this process (a range no other program is likely to use)."""
SAVE, RESTORE = "\x1b7", "\x1b8"


def place_sequence(
    protocol: Protocol,
    raster: Raster,
    *,
    x: int,
    y: int,
    cols: int,
    rows: int,
    image_id: int,
    cell: tuple[int, int] = CELL_PIXELS,
) -> str:
    """What draws ``raster`` into the ``cols`` × ``rows`` cells at column ``x``, row ``y``
    (0-based), leaving the cursor where it was ("" for half-blocks and off)."""
    if protocol is Protocol.KITTY:
        from tui.core.images.kitty import delete, transmit_and_place

        body = delete(image_id) + transmit_and_place(raster, image_id, cols, rows)
    elif protocol is Protocol.SIXEL:
        from tui.core.images.sixel import encode_sixel

        body = encode_sixel(raster, cols * cell[0], rows * cell[1])
    else:
        return ""
    return f"{SAVE}\x1b[{y + 1};{x + 1}H{body}{RESTORE}"


class TerminalImage(ImageView):
    """``ImageView`` that uses Kitty or Sixel graphics where the terminal has them."""

    def __init__(self, *args: Any, protocol: Protocol | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._forced = protocol
        self._image_id = next(_IDS)
        self._placed = ""
        """The last sequence written (not written again while nothing changed)."""

    @property
    def protocol(self) -> Protocol:
        """How this image is drawn now."""
        if self._forced is not None:
            return self._forced
        app: Any = self.app
        images = getattr(getattr(getattr(app, "ctx", None), "settings", None), "images", None)
        setting = images.protocol if images is not None else "auto"
        headless = bool(app.is_headless or app.is_web)
        return choose(setting, os.environ, headless=headless)

    @property
    def _graphics(self) -> bool:
        return self.protocol in (Protocol.KITTY, Protocol.SIXEL)

    def render_line(self, y: int) -> Strip:
        if self.raster is None or not self._graphics:
            return super().render_line(y)
        if y == 0:
            self.call_after_refresh(self._place)
        return Strip.blank(self.content_size.width, self.rich_style)

    def _write(self, data: str) -> None:
        driver = getattr(self.app, "_driver", None)  # Textual has no public raw-output call
        if driver is not None and data:
            driver.write(data)
            driver.flush()

    def _place(self) -> None:
        raster = self.raster
        if raster is None or not self.is_mounted or not self._graphics:
            return
        region = self.content_region
        if region.width <= 0 or region.height <= 0 or not self.screen.is_active:
            return
        sequence = place_sequence(
            self.protocol, raster, x=region.x, y=region.y, cols=region.width,
            rows=region.height, image_id=self._image_id,
        )  # fmt: skip
        if sequence != self._placed or self.protocol is Protocol.SIXEL:
            self._placed = sequence
            self._write(sequence)

    def watch_raster(self) -> None:
        if self.raster is None:
            self._remove()
        super().watch_raster()

    def _remove(self) -> None:
        if self._placed and self.protocol is Protocol.KITTY:
            from tui.core.images.kitty import delete

            self._write(delete(self._image_id))
        self._placed = ""

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._screen_changed)

    def _screen_changed(self, screen: Any) -> None:
        """Another screen on top: take the picture away (Kitty keeps it over any text)."""
        if screen is self.screen:
            self._placed = ""
            self.refresh()
        else:
            self._remove()

    def on_hide(self) -> None:
        self._remove()

    def on_unmount(self) -> None:
        self._remove()
