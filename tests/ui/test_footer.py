"""The one-widget footer: the screen's keys on one line, clickable, with tooltips."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events

from tests.ui.conftest import build, settle
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.widgets.footer import AgoraFooter

pytestmark = pytest.mark.anyio


def _footer(app: Any) -> AgoraFooter:
    return app.screen.query_one(AgoraFooter)


def _x_of(footer: AgoraFooter, description: str) -> int:
    """A column inside the key whose description is ``description``, as last drawn."""
    for start, end, _index, item in footer._spans:
        if item.description == description:
            return (start + end) // 2
    raise AssertionError(f"{description!r} is not on the footer: {footer.keys_text()!r}")


async def test_shows_the_screens_keys_and_the_palette_on_the_right() -> None:
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        assert footer.keys_text().startswith("⏎ Open 1 Home 2 Global")
        line = footer.render().plain
        assert len(line) == 80
        assert line.endswith("▏^p palette ")  # still there when the keys do not all fit


async def test_clicking_a_key_presses_it() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.kind == "home"
        footer = _footer(app)
        await pilot.click(AgoraFooter, offset=(_x_of(footer, "Global"), 0))
        await settle(pilot)
        assert screen.kind == "global"


async def test_hovering_a_key_highlights_it_and_shows_its_tooltip() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        await pilot.hover(AgoraFooter, offset=(_x_of(footer, "Tip"), 0))
        await pilot.pause()
        tip = next(item for item in footer.items if item.description == "Tip")
        assert str(footer.tooltip) == tip.tooltip == "Tip the author in ETH"
        assert footer.items[footer.hover or 0] is tip
        # The highlight shows: the hovered key is drawn in another background than its neighbour.
        x = _x_of(footer, "Tip")
        line = list(footer.render_line(0))

        def background_at(column: int) -> object:
            at = 0
            for segment in line:
                if at <= column < at + segment.cell_length:
                    return segment.style.bgcolor if segment.style else None
                at += segment.cell_length
            raise AssertionError(column)

        assert background_at(x) != background_at(_x_of(footer, "Reply"))


async def test_follows_the_screen_it_is_on() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        timeline_keys = _footer(app).keys_text()
        await pilot.press("enter")  # open the highlighted post's thread
        await settle(pilot)
        thread_keys = _footer(app).keys_text()
        assert thread_keys != timeline_keys
        await pilot.press("escape")
        await settle(pilot)
        assert _footer(app).keys_text() == timeline_keys


async def test_keys_that_do_not_fit_scroll_into_view_and_stay_clickable() -> None:
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        assert "Search" not in footer.render().plain  # clipped at 80 columns
        for _ in range(8):
            await pilot.hover(AgoraFooter, offset=(10, 0))
            footer.post_message(events.MouseScrollDown(footer, 10, 0, 0, 0, 0, False, False, False))
            await pilot.pause()
        line = footer.render().plain
        assert "Search" in line and line.endswith("▏^p palette ")
        assert footer.shift > 0
        await pilot.click(AgoraFooter, offset=(_x_of(footer, "Search"), 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "SearchScreen"
