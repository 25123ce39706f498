"""The terminal-graphics image widget: half-blocks when headless (snapshots), and with Kitty
or Sixel forced, blank cells plus one positioned sequence written to the terminal, removed
again when another screen covers it."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen

from tui.core.images.decode import Raster
from tui.core.images.halfblock import UPPER_HALF
from tui.core.images.terminal import Protocol
from tui.ui.widgets.terminal_image import TerminalImage, place_sequence

pytestmark = pytest.mark.anyio
RASTER = Raster(2, 2, bytes([255, 0, 0, 255] * 4), "PNG")


def test_place_sequence_positions_and_restores_the_cursor() -> None:
    kitty = place_sequence(Protocol.KITTY, RASTER, x=3, y=1, cols=4, rows=2, image_id=9)
    assert kitty.startswith("\x1b7\x1b[2;4H\x1b_Ga=d,d=I,i=9,q=2\x1b\\\x1b_Ga=T,f=100,i=9,c=4,r=2,")
    assert kitty.endswith("\x1b\\\x1b8")
    sixel = place_sequence(Protocol.SIXEL, RASTER, x=0, y=0, cols=1, rows=1, image_id=9)
    # 2×2 red letterboxed into 10×20 pixels: rows 5-14 red, black bars above and below.
    assert sixel == (
        '\x1b7\x1b[1;1H\x1bP0;1;0q"1;1;10;20#0;2;100;0;0#1;2;0;0;0'
        "#0!10_$#1!10^-#0!10~-#0!10F$#1!10w-#1!10B-\x1b\\\x1b8"
    )
    assert place_sequence(Protocol.HALFBLOCK, RASTER, x=0, y=0, cols=1, rows=1, image_id=9) == ""


class Holder(App[None]):
    def __init__(self, protocol: Protocol | None) -> None:
        super().__init__()
        self.forced = protocol
        self.written: list[str] = []

    def compose(self) -> ComposeResult:
        yield TerminalImage(RASTER, protocol=self.forced, id="img")


async def run(protocol: Protocol | None) -> tuple[list[str], list[str], list[str]]:
    app = Holder(protocol)
    async with app.run_test(size=(30, 10)) as pilot:
        driver: Any = app._driver
        driver.write = app.written.append
        image = app.query_one(TerminalImage)
        image.refresh()
        await pilot.pause()
        await pilot.pause()
        lines = [image.render_line(y).text for y in range(2)]
        before = list(app.written)
        await app.push_screen(Screen())
        await pilot.pause()
        return lines, before, app.written[len(before) :]


async def test_headless_draws_half_blocks_and_writes_nothing() -> None:
    lines, written, _ = await run(None)
    assert lines[0].startswith(UPPER_HALF * 16) and written == []


async def test_kitty_writes_one_placement_then_removes_it() -> None:
    lines, written, after = await run(Protocol.KITTY)
    assert lines[0].strip() == ""
    placed = [w for w in written if "a=T" in w]
    assert len(placed) == 1 and placed[0].startswith("\x1b7\x1b[1;1H")
    assert any("a=d,d=I" in w and "a=T" not in w for w in after)


async def test_sixel_writes_the_picture_at_the_widget() -> None:
    lines, written, _ = await run(Protocol.SIXEL)
    assert lines[0].strip() == ""
    assert written and all(w.startswith("\x1b7\x1b[1;1H\x1bP0;1;0q") for w in written)
