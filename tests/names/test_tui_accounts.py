"""ENS names in the TUI wherever an account is typed: `:mute`, Settings' mute/block field,
a new private message's recipient, a round's evaluators (fakes: ``FakeNames``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.power.test_tui_power import build, notes, settle
from tests.rounds.ui.test_rounds_screens import settle as rounds_settle
from tests.ui.conftest import build as ui_build
from tui.ui.backend import FakeBackend
from tui.ui.backends.names import FakeNames, use_names
from tui.ui.backends.reading import reading_of
from tui.ui.screens.confirm import ConfirmModal

pytestmark = pytest.mark.anyio
BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
OTHER = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


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
    from textual.widgets import Select

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


def _open_round_with(evaluators: str) -> Any:
    """The open-a-round wizard filled for a 1 ETH pot, then ctrl+s."""
    fields = {"#open-name": "Docs", "#open-pot": "1", "#open-evaluators": evaluators,
              "#open-quorum": "1"}  # fmt: skip

    async def before(pilot: Any) -> None:
        await rounds_settle(pilot)
        await pilot.press("F", "o")
        await rounds_settle(pilot)
        for selector, value in fields.items():
            pilot.app.screen.query_one(selector).value = value
        await pilot.press("ctrl+s")
        await rounds_settle(pilot)

    return before


async def test_a_rounds_evaluator_typed_as_a_name_is_resolved_and_checked_again() -> None:
    """brendan.eth is said as its address and the round opened with it; when the name moves
    between the confirmation and signing, nothing is signed."""
    names = FakeNames(names={BRENDAN: "brendan.eth"})
    backend = FakeBackend()
    app = ui_build(backend)
    use_names(backend, names)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_round_with("brendan.eth")(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert f"brendan.eth → {BRENDAN}" in notes(app)
        assert "with 1 evaluator(s)" in app.screen.confirmation.summary
        names.names = {OTHER: "brendan.eth"}  # the name moves after the confirmation is shown
        await pilot.press("y")
        await rounds_settle(pilot)
        assert "brendan.eth changed after you confirmed" in notes(app)
    assert backend.writer.submitted == []  # type: ignore[attr-defined]


async def test_a_rounds_evaluator_name_that_does_not_resolve_is_said() -> None:
    backend = FakeBackend()
    app = ui_build(backend)
    use_names(backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_round_with("nobody.eth")(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert "does not resolve" in notes(app)


async def test_a_new_private_message_goes_to_an_ens_name() -> None:
    from tests.messages.test_screen import open_messages
    from tui.ui.screens.messages import MessagesScreen

    backend = FakeBackend()
    app = ui_build(backend)
    use_names(backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages("n")(pilot)
        app.screen.query_one("#dm-new-address", Input).value = "brendan.eth"
        await pilot.press("enter")
        await rounds_settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
        assert app.screen.peer == BRENDAN  # was "Not an address: brendan.eth"
        assert f"brendan.eth → {BRENDAN}" in notes(app)
        app.screen.action_new()  # (the focus is in the reply line now)
        await rounds_settle(pilot)
        app.screen.query_one("#dm-new-address", Input).value = "nobody.eth"
        await pilot.press("enter")
        await rounds_settle(pilot)
        assert isinstance(app.screen, MessagesScreen) and app.screen.peer == BRENDAN
        assert "does not resolve" in notes(app)


async def test_a_proposal_target_typed_as_an_ens_name() -> None:
    from tests.communities.ui.test_pilot import _keys

    backend = FakeBackend()
    app = ui_build(backend)
    use_names(backend, FakeNames(names={BRENDAN: "brendan.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.run_community_command("community", {"id": 3})
        await settle(pilot)
        await _keys(pilot, "P")
        app.screen.query_one("#proposal-target", Input).value = "brendan.eth"
        await _keys(pilot, "ctrl+s")
        for _ in range(50):
            if isinstance(app.screen, ConfirmModal):
                break
            await pilot.pause(0.02)
        modal: Any = app.screen
        assert isinstance(modal, ConfirmModal), notes(app)
        assert f"brendan.eth → {BRENDAN}" in notes(app)
        assert dict(modal.confirmation.args)["target"] == str(int(BRENDAN, 16))
