"""The caps every untrusted image is held to (SECURITY.md §23)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.errors import ContentError


class ImageError(ContentError):
    """An image was refused (too big, malformed, a bomb, too slow) or could not be fetched."""

    code = "image"


@dataclass(frozen=True)
class ImageLimits:
    """Bounds for one image, checked before and during decoding."""

    max_bytes: int = 2 * 1024 * 1024
    """Encoded bytes accepted (the content layer's raw-block cap)."""
    max_side: int = 4096
    """Width or height, read from the header before any pixel is decoded."""
    max_pixels: int = 8_000_000
    """width × height from the header (a 50 KB PNG can claim 100,000 × 100,000)."""
    max_svg_bytes: int = 256 * 1024
    """An SVG's text, before parsing."""
    max_frames: int = 1
    """Frames decoded from animations (the first one is drawn)."""
    timeout: float = 5.0
    """Seconds a decode or rasterisation may take, in its own process, before it is killed."""
    memory: int = 512 * 1024 * 1024
    """Address-space cap of the decoding process (Linux), against allocation bombs."""
    out_side: int = 256
    """Side of the square the decoded image is reduced into before it leaves the decoder."""


DEFAULT_LIMITS = ImageLimits()
