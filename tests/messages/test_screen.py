"""The Messages screen over the fake backend: pilot tests of its keys and flows, and snapshots."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Static

from tests.ui.conftest import SIZES, build, settle
from tui.ui.backend import FakeBackend
from tui.ui.backends.messages import FAKE_BRENDAN, FAKE_STRANGER, FakeMessages, messages_for
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.messages import MessagesScreen
from tui.ui.writes import FakeWriter


def open_messages(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return before


async def until(pilot: Any, condition: Any, rounds: int = 200) -> None:
    """Pause until ``condition()`` (bounded): a flow waiting on a modal never completes."""
    for _ in range(rounds):
        await pilot.pause(0.02)
        if condition():
            return
    raise AssertionError("condition not reached")


def fake(backend: FakeBackend) -> FakeMessages:
    part = messages_for(backend)
    assert isinstance(part, FakeMessages)
    return part


@pytest.mark.anyio
async def test_m_opens_conversations_newest_first_with_unread() -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages()(pilot)
        screen = app.screen
        assert isinstance(screen, MessagesScreen)
        assert screen.view is not None
        peers = [c.peer for c in screen.view.conversations]
        assert peers == [FAKE_STRANGER, FAKE_BRENDAN]
        # the highlighted (first) conversation was opened, so it is now read
        assert screen.peer == FAKE_STRANGER
        await settle(pilot)
        assert [c.unread for c in screen.view.conversations] == [0, 1]
        assert {m.read for m in fake(backend).messages if m.peer == FAKE_STRANGER} == {True}


@pytest.mark.anyio
async def test_hostile_text_is_shown_inert() -> None:
    app = build(FakeBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages()(pilot)
        texts = [str(s.render()) for s in app.screen.query(".dm-message").results(Static)]
        hostile = next(t for t in texts if "click" in t)
        assert "\x1b" not in hostile and "\x07" not in hostile
        assert "[@click=app.quit]" in hostile  # shown as text, not parsed as markup
        assert app.is_running


@pytest.mark.anyio
async def test_send_goes_through_the_confirmation_and_clears_only_when_confirmed() -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages("down")(pilot)  # Brendan's conversation
        assert app.screen.peer == FAKE_BRENDAN  # type: ignore[attr-defined]
        await pilot.press("i")
        field = app.screen.query_one("#dm-input", Input)
        field.value = "see you there"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("escape")  # cancel: nothing signed, the text stays
        await until(pilot, lambda: isinstance(app.screen, MessagesScreen))
        await pilot.pause(0.1)
        assert field.value == "see you there"
        writer = backend.writer
        assert isinstance(writer, FakeWriter) and writer.submitted == []
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: field.value == "")
        assert fake(backend).sent[-1] == (FAKE_BRENDAN, "see you there")


@pytest.mark.anyio
async def test_new_conversation_refuses_a_bad_address() -> None:
    app = build(FakeBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages("n")(pilot)
        await pilot.press(*"0x12", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
        assert app.screen.peer == FAKE_STRANGER  # unchanged


@pytest.mark.anyio
async def test_refresh_shows_and_announces_a_new_message() -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages()(pilot)
        fake(backend).arrive(FAKE_BRENDAN, "one more thing")
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MessagesScreen) and screen.view is not None
        assert screen.view.conversations[0].last.body == "one more thing"
        assert any("1 new private message" in n.message for n in app._notifications)


@pytest.mark.parametrize("size", SIZES)
class TestMessagesSnapshots:
    def test_conversations(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=open_messages())

    def test_conversation_open(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=open_messages("down"))

    def test_confirm_send(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Any) -> None:
            await open_messages("down", "i")(pilot)
            pilot.app.screen.query_one("#dm-input", Input).value = "see you there"
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
            await pilot.pause(0.2)

        assert snap_compare(build(), terminal_size=size, run_before=before)

    def test_key_not_published(self, snap_compare: Any, size: tuple[int, int]) -> None:
        backend = FakeBackend()
        part = fake(backend)
        part.published = False
        part.messages = []
        assert snap_compare(build(backend), terminal_size=size, run_before=open_messages())


@pytest.mark.anyio
async def test_m_on_a_profile_opens_that_conversation() -> None:
    from tui.ui.screens.profile import ProfileScreen

    app = build(FakeBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_profile(FAKE_BRENDAN)
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
        assert app.screen.peer == FAKE_BRENDAN


@pytest.mark.anyio
async def test_d_on_a_post_opens_the_conversation_with_its_author() -> None:
    from tui.ui.screens.thread import ThreadScreen
    from tui.ui.screens.timeline import TimelineScreen

    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # Global: the newest posts, whoever wrote them
        await settle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        while (post := timeline.current_list().highlighted) is not None and (
            post.author == backend.account
        ):
            await pilot.press("j")
        assert post is not None
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
        assert app.screen.peer == post.author
        assert app.screen.query_one("#dm-input", Input).has_focus is False
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the thread of the same post
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, MessagesScreen)
        assert app.screen.peer == post.author


@pytest.mark.parametrize("size", SIZES)
def test_conversation_opened_from_a_post(snap_compare: Any, size: tuple[int, int]) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in ("2", "j", "d"):  # the second post: Chidi's (the first is the user's)
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(build(), terminal_size=size, run_before=before)


@pytest.mark.anyio
async def test_opening_a_conversation_shows_it_read_in_the_list() -> None:
    """The list and the unread count follow the read mark at once, not at the next scan."""
    from textual.widgets import OptionList

    app = build(FakeBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_messages("down")(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MessagesScreen) and screen.view is not None
        assert [c.unread for c in screen.view.conversations] == [0, 0]
        options = screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        assert not any("new" in p for p in prompts), prompts
        assert "0 unread" in str(screen.query_one("#dm-status", Static).render())
