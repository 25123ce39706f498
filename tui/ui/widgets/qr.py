"""A QR code drawn with half-block characters, two modules per character cell.

Drawn dark-on-light whatever the theme, with a quiet zone, so phone cameras read it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

QUIET_ZONE = 2
_STYLE = "#000000 on #ffffff"


def qr_lines(data: str, border: int = QUIET_ZONE) -> list[str]:
    """The QR code of ``data`` as lines of ``█ ▀ ▄`` and spaces (dark = block)."""
    import segno

    matrix = [list(row) for row in segno.make(data, error="m", micro=False).matrix]
    size = len(matrix)
    padded = [[0] * (size + 2 * border) for _ in range(border)]
    padded += [[0] * border + row + [0] * border for row in matrix]
    padded += [[0] * (size + 2 * border) for _ in range(border + (size + 2 * border) % 2)]
    lines: list[str] = []
    for top, bottom in zip(padded[0::2], padded[1::2], strict=True):
        lines.append(
            "".join(
                "█" if t and b else "▀" if t else "▄" if b else " "
                for t, b in zip(top, bottom, strict=True)
            )
        )
    return lines


class QrCode(Static):
    """Shows ``data`` as a scannable QR code."""

    DEFAULT_CSS = """
    QrCode { width: auto; height: auto; }
    """

    def __init__(self, data: str, *, id: str | None = None) -> None:
        super().__init__(Content.styled("\n".join(qr_lines(data)), _STYLE), id=id)
        self.data = data
