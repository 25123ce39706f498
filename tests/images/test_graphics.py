"""Sixel and Kitty encoders: exact bytes for known tiny images, hostile pixels that cannot
smuggle escape sequences out, and the protocol choice from the environment."""

from __future__ import annotations

import base64
import hashlib
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tui.core.images.decode import Raster
from tui.core.images.kitty import CHUNK, delete, transmit_and_place
from tui.core.images.sixel import encode_pixels, encode_sixel
from tui.core.images.terminal import Protocol, choose, detect

RED = bytes([255, 0, 0])
BLUE = bytes([0, 0, 255])

SIXEL_SHAPE = re.compile(r'\x1bP0;1;0q"1;1;\d+;\d+(?:#\d+;2;\d+;\d+;\d+)*[#0-9;!$?-~-]*\x1b\\')
KITTY_COMMAND = re.compile(r"\x1b_G[a-zA-Z0-9=,]+;[A-Za-z0-9+/=]*\x1b\\")


def test_sixel_two_by_two_exact_bytes() -> None:
    """Top row red (bit 0 of the band: ``@``), bottom row blue (bit 1: ``A``)."""
    out = encode_pixels(RED + RED + BLUE + BLUE, 2, 2)
    assert out == '\x1bP0;1;0q"1;1;2;2#0;2;100;0;0#1;2;0;0;100#0@@$#1AA-\x1b\\'


def test_sixel_runs_are_compressed() -> None:
    assert encode_pixels(RED * 8, 8, 1) == '\x1bP0;1;0q"1;1;8;1#0;2;100;0;0#0!8@-\x1b\\'


def test_sixel_full_band_column() -> None:
    """Rows 0-2 red (bits 0-2: ``F``), rows 3-5 blue (bits 3-5: ``w``)."""
    out = encode_pixels(RED * 3 + BLUE * 3, 1, 6)
    assert out == '\x1bP0;1;0q"1;1;1;6#0;2;100;0;0#1;2;0;0;100#0F$#1w-\x1b\\'


def test_sixel_second_band_starts_after_dash() -> None:
    out = encode_pixels(RED * 7, 1, 7)
    assert out.endswith("#0~-#0@-\x1b\\")


def test_kitty_raw_exact_bytes() -> None:
    raster = Raster(1, 1, bytes([1, 2, 3, 255]), "PNG")
    out = transmit_and_place(raster, 7, 4, 2, raw=True)
    assert out == "\x1b_Ga=T,f=32,s=1,v=1,i=7,c=4,r=2,C=1,q=2,m=0;AQID/w==\x1b\\"
    assert delete(7) == "\x1b_Ga=d,d=I,i=7,q=2\x1b\\"


def test_kitty_png_chunks_carry_the_pixels() -> None:
    """A large image is split into ≤4096-byte base64 chunks; joined they are a PNG of it."""
    pixels = b"".join(
        hashlib.sha256(bytes([i, j])).digest()[:4] for i in range(64) for j in range(64)
    )
    raster = Raster(64, 64, pixels, "PNG")
    out = transmit_and_place(raster, 3, 8, 4)
    commands = KITTY_COMMAND.findall(out)
    assert "".join(commands) == out and len(commands) > 1
    assert commands[0].startswith("\x1b_Ga=T,f=100,i=3,c=8,r=4,C=1,q=2,m=1;")
    assert all(",m=1;" in c or c.startswith("\x1b_Gm=1;") for c in commands[:-1])
    assert commands[-1].startswith("\x1b_Gm=0;")
    payload = "".join(c.split(";", 1)[1][:-2] for c in commands)
    assert all(len(c.split(";", 1)[1]) - 2 <= CHUNK for c in commands)
    image = Image.open(io.BytesIO(base64.b64decode(payload)))
    assert image.size == (64, 64) and image.convert("RGBA").tobytes() == pixels


HOSTILE = st.binary(min_size=4, max_size=4 * 36).map(
    lambda b: b[: len(b) // 4 * 4] or b"\x1b\x1b\x1b\x1b"
)


@settings(max_examples=60, deadline=None)
@given(HOSTILE, st.integers(1, 12), st.integers(1, 12))
def test_no_pixels_escape_the_sequences(data: bytes, width: int, height: int) -> None:
    """Whatever the pixels (ESC, BEL, C1 bytes…), the output is one well-formed sequence per
    command, with ESC only where Agora put it."""
    count = len(data) // 4
    raster = Raster(count, 1, data[: count * 4], "PNG")
    sixel = encode_sixel(raster, width, height)
    assert SIXEL_SHAPE.fullmatch(sixel), sixel
    assert sixel.count("\x1b") == 2 and all(32 <= ord(ch) < 127 for ch in sixel[2:-2])
    kitty = transmit_and_place(raster, 42, width, height)
    assert "".join(KITTY_COMMAND.findall(kitty)) == kitty
    raw = transmit_and_place(raster, 42, width, height, raw=True)
    assert "".join(KITTY_COMMAND.findall(raw)) == raw


def test_detect_from_environment() -> None:
    assert detect({"TERM": "xterm-kitty"}) is Protocol.KITTY
    assert detect({"KITTY_WINDOW_ID": "1", "TERM": "xterm-256color"}) is Protocol.KITTY
    assert detect({"TERM_PROGRAM": "WezTerm"}) is Protocol.KITTY
    assert detect({"TERM": "foot"}) is Protocol.SIXEL
    assert detect({"TERM_PROGRAM": "iTerm.app"}) is Protocol.SIXEL
    assert detect({"TERM": "xterm-256color"}) is Protocol.HALFBLOCK
    assert detect({"TERM": "xterm-kitty", "TMUX": "/tmp/x"}) is Protocol.HALFBLOCK
    assert detect({}) is Protocol.HALFBLOCK


def test_choose_respects_setting_and_headless() -> None:
    kitty = {"TERM": "xterm-kitty"}
    assert choose("auto", kitty) is Protocol.KITTY
    assert choose("sixel", kitty) is Protocol.SIXEL
    assert choose("halfblock", kitty) is Protocol.HALFBLOCK
    assert choose("off", kitty) is Protocol.OFF
    assert choose("kitty", kitty, headless=True) is Protocol.HALFBLOCK
    assert choose("off", kitty, headless=True) is Protocol.OFF


def test_images_settings_table() -> None:
    import pytest

    from tui.core.config.settings import parse_settings
    from tui.core.errors import ConfigError

    parsed = parse_settings({"images": {"protocol": "sixel", "avatars_in_rows": False}})
    assert parsed.images.protocol == "sixel" and parsed.images.avatars_in_rows is False
    assert parse_settings({}).images.protocol == "auto"
    assert parse_settings({}).to_toml()["images"]["cache_mib"] == 32
    for bad in ({"protocol": "iterm"}, {"avatars_in_rows": "yes"}, {"colour": 1}):
        with pytest.raises(ConfigError):
            parse_settings({"images": bad})
