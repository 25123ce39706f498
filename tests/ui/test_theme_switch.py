"""A theme picked from the command palette: every drawn row takes it, it is saved (only its
line of the settings file changes) and Settings shows it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Select

from tests.ui.conftest import build, settle
from tui.ui.screens.settings import SettingsScreen
from tui.ui.screens.timeline import TimelineScreen

pytestmark = pytest.mark.anyio

USER_FILE = """\
# my Agora settings
network = "devnet"   # the embedded one
theme = "textual-dark"

[keymap]
"app.quit" = "ctrl+q"  # keep q for typing
"""


async def test_a_palette_theme_redraws_every_row_is_saved_and_shown_in_settings(
    isolated_home: Path,
) -> None:
    config = Path(os.environ["AGORA_CONFIG"])
    config.parent.mkdir(parents=True)
    config.write_text(USER_FILE)
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        height = lst.scrollable_content_region.height
        before = [lst.render_line(y) for y in range(height)]  # rows drawn and cached
        app.theme = "nord"  # what the palette's theme command does
        await settle(pilot)
        shown = [lst.render_line(y) for y in range(height)]
        lst._rows.clear()
        fresh = [lst.render_line(y) for y in range(height)]
        assert [list(s) for s in shown] == [list(s) for s in fresh]  # no row in old colours
        assert [list(s) for s in shown] != [list(s) for s in before]
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#theme", Select).value == "nord"
    assert config.read_text() == USER_FILE.replace('theme = "textual-dark"', 'theme = "nord"')
    again = build()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"
