"""A post's #tags open their timelines: ``#`` picks one when there are several, and enter in
the thread's text pane does the same."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.ui.conftest import build, settle
from tui.core.models import PostView
from tui.ui.backend import FakeBackend
from tui.ui.screens.feed import FeedScreen
from tui.ui.screens.tag_picker import TagPickerModal
from tui.ui.screens.thread import ThreadScreen
from tui.ui.widgets.thread_tree import ThreadText

pytestmark = pytest.mark.anyio


async def _to_post(pilot: Any, text: str) -> PostView:
    for _ in range(40):
        post = pilot.app.current_post()
        if isinstance(post, PostView) and post.text.startswith(text):
            return post
        await pilot.press("j")
        await settle(pilot)
    raise AssertionError(f"no post starting with {text!r}")


async def test_hash_lists_the_tags_and_enter_opens_the_one_highlighted() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await _to_post(pilot, "Reading the Vyper docs")
        await pilot.press("number_sign")
        await settle(pilot)
        assert isinstance(app.screen, TagPickerModal) and app.screen.tags == ["vyper", "security"]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedScreen) and app.screen.kind == "tag:security"


async def test_escape_in_the_list_opens_nothing() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await _to_post(pilot, "Reading the Vyper docs")
        await pilot.press("number_sign", "escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "TimelineScreen"


class TaggedText(FakeBackend):
    """Post 1's text carries one ``#tag`` of its own."""

    def thread(self, post_id: int) -> Any:
        view = super().thread(post_id)
        return replace(view, post=replace(view.post, text="Notes on #Rust, all week", tags=()))


async def test_enter_in_the_thread_text_pane_opens_the_posts_tag() -> None:
    app = build(TaggedText())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_thread(1)
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        await pilot.press("tab")  # into the text pane
        await settle(pilot)
        assert app.screen.query_one(ThreadText).has_focus
        assert "enter #tag" in str(app.screen.query_one(ThreadText).border_subtitle)
        await pilot.press("enter")  # one tag: opened at once
        await settle(pilot)
        assert isinstance(app.screen, FeedScreen) and app.screen.kind == "tag:rust"


async def test_hash_in_the_thread_tree_lists_the_tags() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        post = await _to_post(pilot, "Reading the Vyper docs")
        app.action_open_thread(post.id)
        await settle(pilot)
        await pilot.press("number_sign")
        await settle(pilot)
        assert isinstance(app.screen, TagPickerModal)
