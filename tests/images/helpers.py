"""Deterministic images made in the test (Pillow), and hostile ones."""

from __future__ import annotations

import io

from PIL import Image

from tests.images.test_bombs import lying_png, zlib_bomb_png

__all__ = ["gradient_png", "lying_png", "noise_png", "zlib_bomb_png"]


def gradient_png(width: int = 48, height: int = 32, fmt: str = "PNG") -> bytes:
    """A colour gradient: the same bytes every run (no timestamps in PNG by default)."""
    image = Image.new("RGB", (width, height))
    image.putdata(
        [(x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), 120)
         for y in range(height) for x in range(width)]
    )  # fmt: skip
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def noise_png(width: int, height: int) -> bytes:
    """Incompressible pixels: a file over one raw block with few pixels."""
    import random

    rng = random.Random(7)
    image = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
