"""Sixel encoding of a decoded raster, for terminals that draw DEC Sixel graphics (xterm -ti
vt340, foot, WezTerm, mlterm, Windows Terminal, iTerm2).

The raster is blended onto a background, fitted to a pixel box, and quantised by Pillow to a
small palette (median cut, no dithering: the same pixels always give the same bytes). The
output is built only from numbers and the Sixel alphabet (``?``…``~``, ``#;!$-"``) between one
DCS introducer and one string terminator, so nothing in an image, however hostile, can become
another escape sequence.
"""

from __future__ import annotations

from tui.core.images.decode import Raster

DCS = "\x1bP"
"""Device Control String introducer (7-bit, so C1-unaware terminals read it too)."""
ST = "\x1b\\"
"""String terminator."""
MAX_COLOURS = 64
"""Palette registers used: small avatars need few, and every terminal offers at least 64."""
RGB = tuple[int, int, int]


def fit(raster: Raster, width: int, height: int, background: RGB = (0, 0, 0)) -> bytes:
    """RGB pixels of ``raster`` letterboxed into ``width`` × ``height`` (aspect kept)."""
    from PIL import Image

    width, height = max(1, width), max(1, height)
    image = Image.frombytes("RGBA", (raster.width, raster.height), raster.rgba)
    scale = min(width / raster.width, height / raster.height)
    w = max(1, round(raster.width * scale))
    h = max(1, round(raster.height * scale))
    image = image.resize((w, h), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (width, height), (*background, 255))
    canvas.alpha_composite(image, ((width - w) // 2, (height - h) // 2))
    return canvas.convert("RGB").tobytes()


def _percent(value: int) -> int:
    return (value * 100 + 127) // 255


def _run(char: str, count: int) -> str:
    """A run of one sixel character, compressed with ``!n`` when that is shorter."""
    return f"!{count}{char}" if count > 3 else char * count


def encode_pixels(rgb: bytes, width: int, height: int, *, colours: int = MAX_COLOURS) -> str:
    """The Sixel sequence for ``width`` × ``height`` RGB pixels (quantised to ``colours``)."""
    from PIL import Image

    if width <= 0 or height <= 0 or len(rgb) != width * height * 3:
        raise ValueError("pixel buffer does not match its size")
    image = Image.frombytes("RGB", (width, height), rgb)
    quantised = image.quantize(
        colors=max(2, min(colours, 256)),
        method=Image.Quantize.MEDIANCUT,
        dither=Image.Dither.NONE,
    )
    palette = quantised.getpalette() or []
    indices = quantised.tobytes()
    used = sorted(set(indices))
    out = [DCS, "0;1;0q", f'"1;1;{width};{height}']
    for index in used:
        r, g, b = palette[index * 3 : index * 3 + 3]
        out.append(f"#{index};2;{_percent(r)};{_percent(g)};{_percent(b)}")
    for top in range(0, height, 6):
        band = range(top, min(top + 6, height))
        first = True
        for index in used:
            chars = []
            present = False
            for x in range(width):
                bits = 0
                for bit, y in enumerate(band):
                    if indices[y * width + x] == index:
                        bits |= 1 << bit
                present |= bits != 0
                chars.append(chr(63 + bits))
            if not present:
                continue
            line = "".join(chars).rstrip("?")  # trailing blanks need not be sent
            runs: list[str] = []
            start = 0
            while start < len(line):
                end = start
                while end < len(line) and line[end] == line[start]:
                    end += 1
                runs.append(_run(line[start], end - start))
                start = end
            out.append(("" if first else "$") + f"#{index}" + "".join(runs))
            first = False
        out.append("-")
    out.append(ST)
    return "".join(out)


def encode_sixel(
    raster: Raster,
    width: int,
    height: int,
    *,
    background: RGB = (0, 0, 0),
    colours: int = MAX_COLOURS,
) -> str:
    """``raster`` fitted into ``width`` × ``height`` pixels, as one Sixel sequence."""
    return encode_pixels(fit(raster, width, height, background), width, height, colours=colours)
