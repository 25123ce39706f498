"""Images as terminal half-blocks: each cell is "▀" with the top pixel as foreground colour and
the bottom pixel as background, so a cell shows two pixels. Deterministic (no terminal probe),
which is what snapshot tests draw; richer protocols (Kitty, Sixel) can come later beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.images.decode import Raster

RGB = tuple[int, int, int]
UPPER_HALF = "\u2580"


@dataclass(frozen=True)
class HalfBlocks:
    """``rows`` lines of ``cols`` cells, each (top colour, bottom colour)."""

    cols: int
    rows: int
    cells: tuple[tuple[tuple[RGB, RGB], ...], ...]


def _blend(pixel: tuple[int, int, int, int], background: RGB) -> RGB:
    r, g, b, a = pixel
    if a == 255:
        return (r, g, b)
    br, bg, bb = background
    return (
        (r * a + br * (255 - a)) // 255,
        (g * a + bg * (255 - a)) // 255,
        (b * a + bb * (255 - a)) // 255,
    )


def to_halfblocks(raster: Raster, cols: int, rows: int, background: RGB = (0, 0, 0)) -> HalfBlocks:
    """Fit ``raster`` into ``cols`` × ``rows`` cells (aspect kept, centred on ``background``).

    A terminal cell is about twice as tall as wide, and holds two pixels stacked, so the pixel
    grid is ``cols`` × ``2 * rows`` with square pixels.
    """
    from PIL import Image

    cols, rows = max(1, cols), max(1, rows)
    image = Image.frombytes("RGBA", (raster.width, raster.height), raster.rgba)
    box_w, box_h = cols, rows * 2
    scale = min(box_w / raster.width, box_h / raster.height)
    width = max(1, round(raster.width * scale))
    height = max(1, round(raster.height * scale))
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (box_w, box_h), (*background, 255))
    canvas.alpha_composite(image, ((box_w - width) // 2, (box_h - height) // 2))
    pixels = canvas.load()
    assert pixels is not None
    lines = []
    for row in range(rows):
        line = []
        for col in range(cols):
            top = _blend(pixels[col, 2 * row], background)  # type: ignore[arg-type]
            bottom = _blend(pixels[col, 2 * row + 1], background)  # type: ignore[arg-type]
            line.append((top, bottom))
        lines.append(tuple(line))
    return HalfBlocks(cols, rows, tuple(lines))
