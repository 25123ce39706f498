"""ENS names typed in the TUI: `:follow ada.eth` resolves, says where it points, and confirms
the full address; a look-alike or unknown name is a clear error and nothing runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.power.test_tui_power import build, notes, settle, wait_for
from tui.ui.backends.names import FakeNames, use_names
from tui.ui.screens.confirm import ConfirmModal

pytestmark = pytest.mark.anyio
BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


async def test_follow_by_name_confirms_the_address(isolated_home: Path) -> None:
    app = build(isolated_home)
    use_names(app.backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.run_command_text("follow Brendan.ETH")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert f"brendan.eth → {BRENDAN}" in notes(app)
        modal = app.screen
        assert BRENDAN in "\n".join(modal.confirmation.lines())
        await pilot.press("escape")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("follow br\u0435ndan.eth", "Cyrillic"),
        ("follow nobody.eth", "does not resolve"),
        ("follow bren\u200bdan.eth", "invisible"),
    ],
)
async def test_bad_names_are_explained(isolated_home: Path, line: str, message: str) -> None:
    app = build(isolated_home)
    use_names(app.backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.run_command_text(line)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert message in notes(app)


async def test_register_a_name_from_the_command_line(isolated_home: Path) -> None:
    app = build(isolated_home)
    use_names(app.backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.run_command_text("name-register Ada")
        for step in range(1, 5):  # each step confirmed in turn, saying which it is
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
            summary = app.screen.confirmation.summary
            assert summary.startswith(f"Step {step} of 4: ")
            if step == 1:
                assert summary.endswith("Claim the name ada.eth (first come, first served)")
            await pilot.press("y")
            await wait_for(pilot, lambda s=step: len(app.backend.writer.submitted) == s)
        await settle(pilot)
        await wait_for(pilot, lambda: "ada.eth is yours." in notes(app))


async def test_register_a_taken_name_signs_nothing(isolated_home: Path) -> None:
    app = build(isolated_home)
    use_names(app.backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.run_command_text("name-register brendan")
        await settle(pilot)
        assert "already registered" in notes(app)
        assert app.backend.writer.submitted == []
