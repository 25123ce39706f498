"""Digits from other scripts typed into the TUI's number fields are refused with the field's
message: "²" passed str.isdigit() and then made int() raise (a crash), "١" was read as 1."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Input

from tui.core.errors import UsageError
from tui.ui.screens.article_editor import PublishModal

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("supply", ["²", "١٠"])
async def test_editions_in_other_digits_are_a_usage_error(supply: str) -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        modal = PublishModal("A title")
        app.push_screen(modal)
        await pilot.pause()
        modal.query_one("#price", Input).value = "0.01"
        modal.query_one("#supply", Input).value = supply
        with pytest.raises(UsageError, match="Editions must be a whole number"):
            modal.read()
