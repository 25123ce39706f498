"""Editing one's own profile: `e` on the profile screen → modal (prefilled, validated) → confirm → tx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, Static, TextArea

from tests.ui.write.conftest import make_agora, settle
from tui.core.errors import ContentError
from tui.ui.backend import FAKE_ME, FakeBackend
from tui.ui.core_writer import to_intent
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.profile import ProfileScreen
from tui.ui.screens.profile_edit import ProfileEditModal, parse_links
from tui.ui.writes import FakeWriter, ProfileRequest

SIZES = pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def is_screen(pilot: Any, kind: type) -> Callable[[], bool]:
    return lambda: isinstance(pilot.app.screen, kind)


async def open_editor(pilot: Any) -> None:
    await settle(pilot)
    await pilot.app.push_screen(ProfileScreen(FAKE_ME))
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot, is_screen(pilot, ProfileEditModal))


def test_profile_request_maps_to_the_core_intent() -> None:
    from tui.core.actions.intents import ProfileIntent

    intent = to_intent(ProfileRequest("alice", "bio", ("https://a.example",), "ipfs://x"))
    assert intent == ProfileIntent(
        name="alice", bio="bio", avatar="ipfs://x", links=("https://a.example",)
    )


def test_links_one_per_line() -> None:
    assert parse_links(" https://a.example \n\n ipfs://b\n") == ("https://a.example", "ipfs://b")


class TestProfileEditPilot:
    @pytest.mark.anyio
    async def test_edit_confirm_send(self) -> None:
        backend = FakeBackend()
        app = make_agora(backend)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_editor(pilot)
            modal = app.screen
            assert isinstance(modal, ProfileEditModal)
            name = modal.query_one("#profile-name", Input)
            assert name.value == backend.profile(FAKE_ME).name  # prefilled
            name.value = "Alice on Agora"
            modal.query_one("#profile-bio", TextArea).load_text("Writes about tips.")
            modal.query_one("#profile-links", TextArea).load_text("https://alice.example")
            await pilot.press("ctrl+s")
            await settle(pilot, is_screen(pilot, ConfirmModal))
            assert isinstance(app.screen, ConfirmModal)
            assert app.screen.confirmation.function == "setProfile(string)"
            await pilot.press("y")
            writer = backend.writer
            assert isinstance(writer, FakeWriter)
            await settle(pilot, lambda: bool(writer.submitted))
            await app.workers.wait_for_complete()
            (request,) = writer.submitted
            assert request == ProfileRequest(
                "Alice on Agora", "Writes about tips.", ("https://alice.example",), ""
            )

    @pytest.mark.anyio
    async def test_invalid_link_is_explained_and_nothing_sent(self) -> None:
        backend = FakeBackend()
        app = make_agora(backend)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_editor(pilot)
            modal = app.screen
            modal.query_one("#profile-links", TextArea).load_text("javascript:alert(1)")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert isinstance(app.screen, ProfileEditModal)
            error = str(modal.query_one("#profile-edit-error", Static).content)
            assert "https://" in error
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, ProfileScreen)
            writer = backend.writer
            assert isinstance(writer, FakeWriter) and writer.submitted == []

    @pytest.mark.anyio
    async def test_not_on_someone_elses_profile(self) -> None:
        app = make_agora(FakeBackend())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.app.push_screen(ProfileScreen(OTHER))
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, ProfileScreen)

    def test_document_check_is_the_cores(self) -> None:
        from tui.core.content.documents import MAX_LINKS, profile_document

        with pytest.raises(ContentError):
            profile_document("n", "", "", ["https://a.example"] * (MAX_LINKS + 1))


class TestProfileEditSnapshots:
    @SIZES
    def test_modal(self, snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await open_editor(pilot)
            await pilot.press(*" (edited)")
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)

    @SIZES
    def test_invalid(self, snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
        async def run(pilot: Any) -> None:
            await open_editor(pilot)
            pilot.app.screen.query_one("#profile-links", TextArea).load_text("ftp://x")
            await pilot.press("ctrl+s")
            await settle(pilot)

        assert snap_compare(make_agora(), terminal_size=size, run_before=run)
