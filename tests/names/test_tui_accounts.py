"""ENS names in the TUI wherever an account is typed: `:mute`, Settings' mute/block field,
a new private message's recipient, a round's evaluators (fakes: ``FakeNames``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.power.test_tui_power import build, notes, settle
from tui.ui.backends.names import FakeNames, use_names
from tui.ui.backends.reading import reading_of

pytestmark = pytest.mark.anyio
BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


async def test_colon_mute_and_block_take_an_ens_name(isolated_home: Path) -> None:
    app = build(isolated_home)
    use_names(app.backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.run_command_text("mute Brendan.eth")
        await settle(pilot)
        assert reading_of(app.backend).level(BRENDAN) == "mute"
        assert f"brendan.eth → {BRENDAN} is muted." in notes(app)
        app.run_command_text("block nobody.eth")
        await settle(pilot)
        assert "does not resolve" in notes(app)
        assert reading_of(app.backend).level(BRENDAN) == "mute"  # unchanged


async def test_settings_mutes_an_ens_name(isolated_home: Path) -> None:
    from textual.widgets import Input, Select

    from tui.ui.widgets.filters_form import FiltersForm

    app = build(isolated_home)
    use_names(app.backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen.query_one(FiltersForm)
        form.query_one("#person-ref", Input).value = "brendan.eth"
        form.query_one("#person-level", Select).value = "block"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert reading_of(app.backend).level(BRENDAN) == "block"
        assert f"blocked brendan.eth → {BRENDAN}" in notes(app)
