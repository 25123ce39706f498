"""Decoding untrusted image bytes into a small RGBA raster, refusing bombs before they go off.

Runs inside the sandbox process (tui.core.images.sandbox), but is pure and importable on its
own so tests can feed it hostile files directly. Raster formats go through Pillow limited to
PNG, JPEG, GIF and WebP, with the header's dimensions checked before ``load()``; SVG goes
through resvg with no fonts and no external references (resvg would otherwise read any file
path an ``href`` names), at a fixed output size.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from tui.core.images.limits import ImageError, ImageLimits

FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
"""Raster formats decoded; everything else Pillow knows (PSD, TGA, EPS, …) is refused."""

_REF = re.compile(r"""(?:href|src)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_URL = re.compile(r"""url\(\s*(["']?)(.*?)\1\s*\)""", re.IGNORECASE | re.DOTALL)
_FORBIDDEN = re.compile(r"<!doctype|<!entity|@import|<script|<foreignobject", re.IGNORECASE)


@dataclass(frozen=True)
class Raster:
    """Decoded pixels, at most ``out_side`` a side: 8-bit RGBA, row-major."""

    width: int
    height: int
    rgba: bytes
    source_format: str
    """``PNG``, ``JPEG``, ``GIF``, ``WEBP`` or ``SVG``."""


def is_svg(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head


def check_svg(text: str, limits: ImageLimits) -> None:
    """Refuse SVG that could read files, fetch URLs, expand entities or run script."""
    if len(text.encode("utf-8")) > limits.max_svg_bytes:
        raise ImageError(f"The SVG is larger than {limits.max_svg_bytes // 1024} KiB.")
    if _FORBIDDEN.search(text):
        raise ImageError("The SVG uses a DOCTYPE, entities, imports or script; refused.")
    for match in list(_REF.finditer(text)) + list(_URL.finditer(text)):
        target = match.group(2).strip()
        if not target.startswith("#"):
            raise ImageError("The SVG references an external resource; refused.")


def _svg(data: bytes, limits: ImageLimits) -> Raster:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImageError("The SVG is not UTF-8 text.") from None
    check_svg(text, limits)
    import resvg_py

    side = limits.out_side
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=text,
            skip_system_fonts=True,
            width=side,
            height=side,
            resources_dir=None,
        )
    except (ValueError, BaseException) as exc:  # a Rust panic surfaces as PanicException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise ImageError("The SVG could not be rendered.") from None
    raster = _raster(bytes(png), limits, formats=("PNG",))
    return Raster(raster.width, raster.height, raster.rgba, "SVG")


def _raster(data: bytes, limits: ImageLimits, formats: tuple[str, ...] = FORMATS) -> Raster:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data), formats=list(formats))
    except Image.DecompressionBombError:
        raise ImageError(f"The image claims more than {limits.max_pixels:,} pixels.") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ImageError("The image is not a PNG, JPEG, GIF, WebP or SVG file.") from None
    fmt = str(image.format or formats[0])
    width, height = image.size
    if width <= 0 or height <= 0:
        raise ImageError("The image has no pixels.")
    if max(width, height) > limits.max_side or width * height > limits.max_pixels:
        raise ImageError(
            f"The image is {width}×{height} pixels; at most {limits.max_side} a side and "
            f"{limits.max_pixels:,} pixels are decoded."
        )
    try:
        image.draft("RGB", (limits.out_side, limits.out_side))  # JPEG: decode at reduced scale
        image.seek(0)
        image.load()
        rgba = image.convert("RGBA")
        rgba.thumbnail((limits.out_side, limits.out_side), Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        raise ImageError("The image is truncated or malformed.") from None
    return Raster(rgba.width, rgba.height, rgba.tobytes(), fmt)


def decode(data: bytes, limits: ImageLimits) -> Raster:
    """Decode ``data`` to a raster of at most ``limits.out_side`` a side.

    Raises:
        ImageError: too many bytes, an unsupported or malformed format, a header claiming too
            many pixels, or an SVG with external references.
    """
    if len(data) > limits.max_bytes:
        raise ImageError(f"The image is larger than {limits.max_bytes // 1024} KiB.")
    if not data:
        raise ImageError("The image is empty.")
    if is_svg(data):
        return _svg(data, limits)
    from PIL import Image

    # Pillow's own bomb guard, as a second line behind the header check above.
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    return _raster(data, limits)
