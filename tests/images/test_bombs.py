"""Hostile images: bombs, lies in headers, truncation, junk, SVG that reaches out; and the
half-block rendering that snapshots rely on."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tui.core.images.decode import decode
from tui.core.images.halfblock import UPPER_HALF, to_halfblocks
from tui.core.images.limits import ImageError, ImageLimits
from tui.core.images.sandbox import decode_bounded, shutdown

LIMITS = ImageLimits()


@pytest.fixture(scope="module", autouse=True)
def _sandbox() -> Iterator[None]:
    yield
    shutdown()


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def lying_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a classic bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def zlib_bomb_png() -> bytes:
    """Highly compressible pixels: 3,000 × 3,000 zeros in a few KB (over the pixel cap)."""
    rows = b"".join(b"\x00" + b"\x00" * 3000 * 3 for _ in range(3000))
    ihdr = struct.pack(">IIBBBBB", 3000, 3000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def test_plain_png_decodes() -> None:
    raster = decode_bounded(png(64, 32))
    assert (raster.width, raster.height, raster.source_format) == (64, 32, "PNG")
    assert raster.rgba[:4] == bytes([200, 30, 30, 255])


def test_large_images_are_reduced() -> None:
    raster = decode(png(1024, 512), LIMITS)
    assert (raster.width, raster.height) == (256, 128)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lying_png(100_000, 100_000), id="header-100k-square"),
        pytest.param(lying_png(5000, 10), id="too-wide"),
        pytest.param(zlib_bomb_png(), id="zlib-bomb-9mpx"),
    ],
)
def test_bombs_are_refused_before_decoding(data: bytes) -> None:
    assert len(data) < 200_000
    with pytest.raises(ImageError, match="pixels"):
        decode_bounded(data)


def test_gif_claiming_a_huge_screen() -> None:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    data = bytearray(out.getvalue())
    data[6:10] = struct.pack("<HH", 65535, 65535)  # logical screen size
    data_ = bytes(data)
    with pytest.raises(ImageError):
        decode(data_, LIMITS)


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", png(16, 16)[:60], b"\x89PNG\r\n\x1a\n" + b"\x00" * 100],
    ids=["empty", "text", "truncated", "garbage-after-signature"],
)
def test_malformed_images_are_refused(data: bytes) -> None:
    with pytest.raises(ImageError):
        decode_bounded(data)


def test_other_formats_are_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "TIFF")
    with pytest.raises(ImageError, match="not a PNG"):
        decode(out.getvalue(), LIMITS)


def test_too_many_bytes() -> None:
    with pytest.raises(ImageError, match="larger"):
        decode_bounded(b"\x89PNG" + b"\x00" * (LIMITS.max_bytes + 1))


def test_slow_decode_is_killed_and_the_next_one_works() -> None:
    hasty = ImageLimits(timeout=0.000001)
    shutdown()  # a fresh process: its start-up alone exceeds the timeout
    with pytest.raises(ImageError, match="longer than"):
        decode_bounded(png(8, 8), hasty)
    assert decode_bounded(png(8, 8)).width == 8


SVG_OK = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>'
    '<rect width="10" height="10" fill="url(#g)"/></svg>'
)


def test_svg_is_rasterised_at_a_fixed_size() -> None:
    raster = decode_bounded(SVG_OK.encode())
    assert raster.source_format == "SVG" and (raster.width, raster.height) == (256, 256)
    assert raster.rgba[:3] == bytes([255, 0, 0])


def test_svg_claiming_a_huge_canvas_is_still_small() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1000000" height="1000000"><rect width="5" height="5"/></svg>'
    assert decode_bounded(svg.encode()).width == 256


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="{png}" width="9" height="9"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file://{png}"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/x.png"/></svg>',
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href = 'data:image/png;base64,AAAA'/></svg>",
        '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://e.com/a)"/></svg>',
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "{png}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="&a;"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css);</style></svg>',
    ],
    ids=["abs-path", "file-url", "https", "data", "css-url", "entity", "import"],
)
def test_svg_external_references_are_refused(svg: str, tmp_path: Path) -> None:
    local = tmp_path / "secret.png"
    local.write_bytes(png(9, 9))
    with pytest.raises(ImageError, match="refused"):
        decode_bounded(svg.replace("{png}", str(local)).encode())


def test_svg_too_large() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 100_000 + "</svg>"
    with pytest.raises(ImageError, match="KiB"):
        decode(svg.encode(), LIMITS)


def test_halfblocks_are_deterministic_and_keep_aspect() -> None:
    top_red = Image.new("RGBA", (4, 4), (255, 0, 0, 255))
    top_red.paste((0, 0, 255, 255), (0, 2, 4, 4))
    buf = io.BytesIO()
    top_red.save(buf, "PNG")
    raster = decode(buf.getvalue(), LIMITS)
    first = to_halfblocks(raster, 4, 2)
    assert first == to_halfblocks(raster, 4, 2)
    assert first.cells[0][0] == ((255, 0, 0), (255, 0, 0))
    assert first.cells[1][0] == ((0, 0, 255), (0, 0, 255))
    wide = to_halfblocks(decode(png(40, 10), LIMITS), 10, 5, background=(1, 2, 3))
    assert wide.cells[0][0] == ((1, 2, 3), (1, 2, 3))  # letterboxed
    assert UPPER_HALF == "▀"


def test_memory_cap_stops_a_decode_and_the_next_one_works() -> None:
    """A decode that needs more memory than the sandbox may use fails cleanly (the limit here
    is set low on purpose; the default is 512 MiB)."""
    big = png(2800, 2800)  # within the pixel cap; tens of MB once decoded
    tight = ImageLimits(memory=80 * 1024 * 1024)
    shutdown()
    with pytest.raises(ImageError, match=r"memory|crashed"):
        decode_bounded(big, tight)
    shutdown()
    assert decode_bounded(big).width == 256
