"""The TUI's endorsements: the profile tab, E (endorse) through the confirmation, X (revoke).

Pilot tests press keys on the real app over the FakeBackend and assert on what the writer
received; snapshots show the tab, the dialog and the confirmation at a fixed size.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.ui.conftest import build
from tests.ui.write.conftest import settle
from tui.core.attest.intents import acknowledge, endorse, revoke
from tui.core.attest.schemas import ENDORSEMENT_UID
from tui.core.index.attestations import EndorsementRow
from tui.ui.backend import FakeBackend
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.endorsements.endorse import EndorseModal
from tui.ui.screens.profile import ProfileScreen
from tui.ui.widgets.virtual_list import VirtualList
from tui.ui.writes import FakeWriter

BRENDAN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
ME = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


async def open_profile(pilot: Any, address: str = BRENDAN) -> ProfileScreen:
    await settle(pilot)
    pilot.app.action_open_profile(address)
    await settle(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ProfileScreen)
    await settle(pilot, lambda: screen.profile is not None)
    return screen


def submitted(backend: FakeBackend) -> list[Any]:
    """The intents of the requests the writer signed (each a one-step planned request)."""
    writer = backend.writer
    assert isinstance(writer, FakeWriter)
    return [request.fake()[0] for request in writer.submitted]


def test_the_endorsements_tab_groups_skills_with_experts_first() -> None:
    async def scenario() -> None:
        app = build()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_profile(pilot)
            await pilot.press("3")
            await settle(pilot)
            source = screen.query_one("#profile-endorsements", VirtualList).source
            got = [source.get(i) for i in range(source.count)]
            rows = [r for r in got if isinstance(r, EndorsementRow)]
            assert len(rows) == source.count == 4
            assert [(r.item.skill_key, r.item.kind) for r in rows] == [
                ("vyper", "acknowledgement"),
                ("vyper", "endorsement"),
                ("vyper", "endorsement"),
                ("governance", "endorsement"),
            ]
            assert rows[0].group == 3 and rows[1].group == 0
            assert [r.mine for r in rows] == [False, True, False, False]

    asyncio.run(scenario())


def test_e_endorses_through_the_confirmation_with_the_highlighted_post_as_evidence() -> None:
    async def scenario() -> None:
        backend = FakeBackend()
        app = build(backend)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_profile(pilot)
            post = screen.current_post()
            assert post is not None
            await pilot.press("E")
            await settle(pilot, lambda: isinstance(app.screen, EndorseModal))
            await pilot.press(*"Rust", "enter", *"3", "enter", "enter")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            assert isinstance(app.screen, ConfirmModal)
            await pilot.press("y")
            await settle(pilot, lambda: bool(submitted(backend)))
            assert submitted(backend) == [
                endorse(BRENDAN, "Rust", "3", f"bafkreifakepost{post.id}")
            ]

    asyncio.run(scenario())


def test_cancelling_the_dialog_or_the_confirmation_sends_nothing() -> None:
    async def scenario() -> None:
        backend = FakeBackend()
        app = build(backend)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_profile(pilot)
            await pilot.press("E")
            await settle(pilot, lambda: isinstance(app.screen, EndorseModal))
            await pilot.press("ctrl+s")  # no skill: the dialog says so and stays
            await settle(pilot)
            assert isinstance(app.screen, EndorseModal)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("E")
            await settle(pilot, lambda: isinstance(app.screen, EndorseModal))
            await pilot.press(*"Rust", "ctrl+s")
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("n")
            await settle(pilot)
            assert submitted(backend) == []

    asyncio.run(scenario())


def test_x_revokes_only_your_own_endorsement() -> None:
    async def scenario() -> None:
        backend = FakeBackend()
        app = build(backend)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_profile(pilot)
            await pilot.press("3")
            await settle(pilot)
            await pilot.press("X")  # the expert acknowledgement by someone else
            await settle(pilot)
            assert not isinstance(app.screen, ConfirmModal)
            await pilot.press("j", "X")  # the user's own endorsement
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("y")
            await settle(pilot, lambda: bool(submitted(backend)))
            assert submitted(backend) == [revoke("0x" + f"{2:064x}", ENDORSEMENT_UID)]

    asyncio.run(scenario())


def test_endorsing_yourself_is_refused() -> None:
    async def scenario() -> None:
        app = build()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_profile(pilot, ME)
            await pilot.press("E")
            await settle(pilot)
            assert not isinstance(app.screen, EndorseModal)

    asyncio.run(scenario())


def _keys(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await open_profile(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
class TestEndorsementSnapshots:
    def test_profile_endorsements_tab(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=_keys("3"))

    def test_endorse_dialog(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("E", *"Vyper", "enter", "3")
        assert snap_compare(build(), terminal_size=size, run_before=_keys(*keys))

    def test_acknowledge_dialog(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=_keys("3", "A", "4"))

    def test_endorse_confirmation(self, snap_compare: Any, size: tuple[int, int]) -> None:
        keys = ("E", *"Vyper", "enter", "3", "ctrl+s")
        assert snap_compare(build(), terminal_size=size, run_before=_keys(*keys))


def test_a_acknowledges_the_highlighted_endorsement_as_expert() -> None:
    async def scenario() -> None:
        backend = FakeBackend()
        app = build(backend)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_profile(pilot)
            await pilot.press("3")
            await settle(pilot)
            await pilot.press("A")
            await settle(pilot, lambda: isinstance(app.screen, EndorseModal))
            await pilot.press("ctrl+s")  # no level yet: the dialog says so and stays
            await settle(pilot)
            assert isinstance(app.screen, EndorseModal)
            await pilot.press("9", "4", "ctrl+s")  # 9 is not a level: refused as typed
            await settle(pilot, lambda: isinstance(app.screen, ConfirmModal))
            await pilot.press("y")
            await settle(pilot, lambda: bool(submitted(backend)))
            assert submitted(backend) == [
                acknowledge(BRENDAN, "Vyper", "3", 4, "bafkreipost3", "0x" + f"{1:064x}")
            ]

    asyncio.run(scenario())


def test_enter_on_an_endorsement_opens_its_evidence() -> None:
    async def scenario() -> None:
        app = build()
        async with app.run_test(size=(100, 30)) as pilot:
            await open_profile(pilot)
            await pilot.press("3")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot, lambda: type(app.screen).__name__ == "ThreadScreen")
            assert type(app.screen).__name__ == "ThreadScreen"
            assert getattr(app.screen, "post_id", None) == 3

    asyncio.run(scenario())
