"""The Kitty terminal graphics protocol (Kitty, WezTerm, Ghostty, Konsole): transmit and place
an image with APC ``G`` commands, and delete it again.

The pixels travel as base64 (PNG by default, raw RGBA for exact tests) in chunks of at most
4096 bytes, each its own ``ESC _ G … ESC \\`` command; ``q=2`` keeps the terminal from
answering (an answer would arrive as keyboard input). Control keys are numbers Agora chose and
the payload is base64, so image data can never carry another escape sequence.
"""

from __future__ import annotations

import base64
import io

from tui.core.images.decode import Raster

APC = "\x1b_G"
ST = "\x1b\\"
CHUNK = 4096
"""Largest base64 payload per command (the protocol's limit)."""
MAX_ID = 0xFFFFFFFF


def png_bytes(raster: Raster) -> bytes:
    """``raster`` as a PNG (fixed settings: the same pixels give the same bytes)."""
    from PIL import Image

    image = Image.frombytes("RGBA", (raster.width, raster.height), raster.rgba)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _commands(first: str, payload: bytes) -> str:
    data = base64.standard_b64encode(payload).decode("ascii")
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [""]
    out = []
    for number, chunk in enumerate(chunks):
        more = 1 if number < len(chunks) - 1 else 0
        keys = f"{first},m={more}" if number == 0 else f"m={more}"
        out.append(f"{APC}{keys};{chunk}{ST}")
    return "".join(out)


def transmit_and_place(
    raster: Raster, image_id: int, cols: int, rows: int, *, raw: bool = False
) -> str:
    """Send ``raster`` as image ``image_id`` and show it at the cursor, scaled into ``cols`` ×
    ``rows`` cells, without moving the cursor (``C=1``)."""
    if not 0 < image_id <= MAX_ID:
        raise ValueError("image id out of range")
    cols, rows = max(1, int(cols)), max(1, int(rows))
    if raw:
        head = f"a=T,f=32,s={raster.width},v={raster.height}"
        payload = raster.rgba
    else:
        head = "a=T,f=100"
        payload = png_bytes(raster)
    return _commands(f"{head},i={image_id},c={cols},r={rows},C=1,q=2", payload)


def delete(image_id: int) -> str:
    """Remove image ``image_id`` and its placements (and free its data)."""
    if not 0 < image_id <= MAX_ID:
        raise ValueError("image id out of range")
    return f"{APC}a=d,d=I,i={image_id},q=2{ST}"
