"""Regressions found walking through the real app in tmux (one pilot test per fix)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.ui.conftest import build, settle
from tui.ui.backend import FakeBackend
from tui.ui.screens.compose import ComposeScreen
from tui.ui.screens.thread import ThreadScreen

pytestmark = pytest.mark.anyio


async def test_thread_opens_on_the_chosen_reply_and_r_answers_it() -> None:
    """Opening a reply highlighted its root ancestor, so `r` replied to the wrong post."""
    backend = FakeBackend()
    reply = next(p for p in backend.timeline("global", None, 200) if p.parent)
    app = build(backend, first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ThreadScreen(reply.id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThreadScreen)
        current = screen.current_post()
        assert current is not None and current.id == reply.id
        await pilot.press("r")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.reply_to is not None and compose.reply_to.id == reply.id


async def test_thread_and_profile_reload_after_own_write() -> None:
    """A confirmed reply did not appear in the open thread (nor an edit on the open profile)."""
    from tui.core.models import ContentStatus, PostView
    from tui.ui.screens.profile import ProfileScreen

    backend = FakeBackend()
    reply = next(p for p in backend.timeline("global", None, 200) if p.parent)
    app = build(backend, first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ThreadScreen(reply.id))
        await settle(pilot)
        mine = PostView(
            id=10_000,
            author=backend.account,
            parent=reply.id,
            cid="bafkreimine",
            text="my answer",
            content_status=ContentStatus.VERIFIED,
            block=1,
            tx_hash="0x" + "01" * 32,
            timestamp=reply.timestamp + 60,
        )
        with backend._lock:
            backend._posts.insert(0, mine)
        app.own_write(confirmed=True)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThreadScreen) and screen.view is not None
        assert [n.post.id for n in screen.view.replies] == [10_000]
        current = screen.current_post()
        assert current is not None and current.id == reply.id  # the user stays where they were

        profile = ProfileScreen(backend.account)
        app.push_screen(profile)
        await settle(pilot)
        calls: list[str] = []
        original = backend.profile

        def counting(address: str) -> Any:
            calls.append(address)
            return original(address)

        backend.profile = counting  # type: ignore[method-assign]
        app.own_write(confirmed=True)
        await settle(pilot)
        # the profile itself is read again once (names of other accounts on screen may be
        # looked up beside it)
        assert [a for a in calls if a == backend.account] == [backend.account]


async def test_own_profile_with_a_backend_whose_account_is_a_method() -> None:
    """CoreBackend.account is a method: `p`/profile screens crashed comparing it to an address."""
    from tui.ui.backend import FAKE_ME
    from tui.ui.screens.profile import ProfileScreen
    from tui.ui.screens.profile_edit import ProfileEditModal

    backend = FakeBackend()
    app = build(backend, first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        fake_status = backend.status
        backend.account = lambda: FAKE_ME  # type: ignore[assignment]
        # The status has not seen it, and a status refresh landing mid-test must not put the
        # fake's method (the fake copies its attribute into the status) where an address goes.
        backend.status = lambda: dataclasses.replace(fake_status(), account="")  # type: ignore[method-assign]
        app.status = backend.status()
        assert app.my_account() == FAKE_ME
        app.action_my_profile()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProfileScreen) and screen.address == FAKE_ME
        assert screen.is_me
        await pilot.press("f")  # "That is you.", not a crash
        await pilot.press("e")
        for _ in range(50):  # the edit flow waits on the modal: no settle (it waits for workers)
            await pilot.pause(0.02)
            if isinstance(app.screen, ProfileEditModal):
                break
        assert isinstance(app.screen, ProfileEditModal)


@pytest.mark.parametrize("size", [(110, 32), (100, 30), (80, 24)])
async def test_profile_screen_is_not_scrolled(size: tuple[int, int]) -> None:
    """The lists' switcher sized to its content, so the screen scrolled the title and head away."""
    from tui.ui.screens.profile import ProfileScreen

    app = build(FakeBackend(), first_run=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(ProfileScreen("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"))
        await settle(pilot)
        screen = app.screen
        assert screen.max_scroll_y == 0 and screen.scroll_y == 0
        assert screen.query_one("#profile-head").region.y == 1


async def test_reader_shows_editions_left_after_own_collect() -> None:
    """After a confirmed collect the reader still said "23 of 25 left"."""
    from tui.ui.screens.article_reader import ArticleReaderScreen, edition_line

    backend = FakeBackend()
    article = next(a for a in backend.articles() if a.max_editions)
    app = build(backend, first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(ArticleReaderScreen(article))
        await settle(pilot)
        collected = dataclasses.replace(article, editions=article.editions + 1)
        backend._articles = [collected if a.id == article.id else a for a in backend._articles]
        app.own_write(confirmed=True)
        await settle(pilot)
        line = str(app.screen.query_one("#reader-editions").render())
        assert line == edition_line(collected) != edition_line(article)


async def test_settings_focus_starts_in_a_field_and_invalid_network_is_explained() -> None:
    """Focus started on the scroll container: Tab Tab landed on a Select and typed letters ran
    app keys (n opened compose, / opened search) instead of filling the network form."""
    from textual.widgets import Input, Select, Static

    from tui.ui.screens.settings import SettingsScreen

    app = build(FakeBackend(), first_run=False)
    async with app.run_test(size=(110, 32)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert isinstance(app.focused, Select) and app.focused.id == "active-network"
        await pilot.press("tab", "tab", *"mynet", "tab", *"ftp://x", "tab", *"abc", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # nothing else opened
        assert screen.query_one("#net-name", Input).value == "mynet"
        error = str(screen.query_one("#settings-error", Static).render())
        assert error, "the invalid network is explained"


async def test_post_ages_move_on_while_the_list_stays_open() -> None:
    """A card drawn at "now" kept saying "now" (its row was cached) until something else
    redrew the list: the ages are redrawn when the minute changes."""
    from tui.ui.backends.fake import FAKE_NOW
    from tui.ui.widgets.post_list import PostList

    app = build(first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        widget = app.screen.query_one("PostList", PostList)

        def first_row() -> str:
            return "".join(s.text for s in widget._row(0, widget.size.width).lines)

        before = first_row()
        widget._now = lambda: FAKE_NOW + 40 * 86_400  # weeks later: a date, not an age
        widget.refresh_ages()
        after = first_row()
        assert after != before
        assert "-" in after.split("·")[1]  # 2025-07-…


@pytest.mark.parametrize("where", ["profile", "feed"])
async def test_c_shows_a_content_warning_where_the_card_says_to_press_it(where: str) -> None:
    """A card behind a content warning says "press c to show"; on a profile and on a tag or
    list timeline c did nothing."""
    from tui.ui.screens.feed import FeedScreen
    from tui.ui.screens.profile import ProfileScreen
    from tui.ui.widgets.post_list import PostList

    backend = FakeBackend()
    hidden = next(p for p in backend.timeline("global", None, 200) if p.content_warning)
    app = build(backend, first_run=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = ProfileScreen(hidden.author) if where == "profile" else FeedScreen("global")
        app.push_screen(screen)
        await settle(pilot)
        widget = screen.query_one(PostList)
        for _ in range(200):
            item = widget.highlighted
            if item is not None and item.id == hidden.id:
                break
            await pilot.press("j")
        assert widget.highlighted is not None and widget.highlighted.id == hidden.id
        await pilot.press("c")
        await settle(pilot)
        assert hidden.id in widget.revealed
        await pilot.press("c")
        assert hidden.id not in widget.revealed
