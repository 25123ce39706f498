"""The welcome screen opens at the top (the intro readable) with the label input focused."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Input

from tests.ui.conftest import SIZES, build, settle

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("size", SIZES)
async def test_welcome_opens_at_top_with_label_focused(
    size: tuple[int, int], fixed_keyring: None
) -> None:
    app = build(first_run=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        form = app.screen.query_one(".form", VerticalScroll)
        assert form.max_scroll_y > 0  # the form is taller than the screen: scrolling is possible
        assert form.scroll_y == 0
        assert app.focused is app.screen.query_one("#account-label", Input)
        await pilot.press("m", "a", "i", "n")
        assert app.screen.query_one("#account-label", Input).value == "main"
