"""Tag timelines in the TUI: # on a post, :tag NAME, and the list they open."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import build, settle
from tui.core.models import PostView
from tui.ui.screens.feed import FeedScreen
from tui.ui.widgets.post_list import PostList

pytestmark = pytest.mark.anyio


async def _to_post(pilot: Any, text: str) -> None:
    """Move the cursor down until the highlighted post's text starts with ``text``."""
    for _ in range(40):
        post = pilot.app.current_post()
        if isinstance(post, PostView) and post.text.startswith(text):
            return
        await pilot.press("j")
        await settle(pilot)
    raise AssertionError(f"no post starting with {text!r}")


async def test_hash_key_opens_the_first_tag_of_the_post() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await _to_post(pilot, "Reading the Vyper docs")
        await pilot.press("number_sign")
        await settle(pilot)
        await pilot.press("enter")  # two tags: a list, the first highlighted
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FeedScreen) and screen.kind == "tag:vyper"
        widget = screen.query_one(PostList)
        shown = [widget.source.get(i) for i in range(widget.source.count)]
        assert shown and all(p is not None and "vyper" in p.tags for p in shown)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ThreadScreen"


async def test_hash_on_an_untagged_post_says_so() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await _to_post(pilot, "Hello, Agora")
        await pilot.press("number_sign")
        await settle(pilot)
        assert not isinstance(app.screen, FeedScreen)
        assert any("carries no #tag" in str(n.message) for n in app._notifications)


async def test_tag_command_opens_any_tag_and_refuses_bad_names() -> None:
    from tui.core.commands.parse import parse_command as parse
    from tui.ui.command_runner import execute

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await execute(app, parse("tag #Security"))
        await settle(pilot)
        assert isinstance(app.screen, FeedScreen) and app.screen.kind == "tag:security"
        with pytest.raises(Exception, match="is not a tag"):
            await execute(app, parse("tag a*b"))


async def test_hide_key_cycles_and_is_remembered_per_timeline(tmp_path: Any) -> None:
    from tui.ui.state import UiState

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen: Any = app.screen
        widget = screen.current_list()
        every = widget.source.count
        assert any(widget.source.get(i).parent for i in range(min(every, 40)))
        await pilot.press("H")
        await settle(pilot)
        widget = screen.current_list()
        assert app.ui_state.hide == {"global": "no-replies"}
        assert 0 < widget.source.count < every
        shown = [widget.source.get(i) for i in range(min(widget.source.count, 40))]
        assert all(p is not None and not p.parent for p in shown)
        assert "Global · no replies" in str(screen.query_one("#tab-global").label)
        await pilot.press("1")
        await settle(pilot)
        assert str(screen.query_one("#tab-home").label) == "Home"  # Home keeps its own mode
        await pilot.press("2", "H", "H")
        await settle(pilot)
        assert app.ui_state.hide == {} and screen.current_list().source.count == every
        await pilot.press("H")
        await settle(pilot)
    app.ui_state.save(tmp_path)
    assert UiState.load(tmp_path).hide == {"global": "no-replies"}


async def test_profile_adds_to_a_list_and_the_list_opens_as_a_timeline() -> None:
    from tui.core.commands.parse import parse_command
    from tui.core.lists import PeopleLists
    from tui.ui.command_runner import execute
    from tui.ui.screens.list_pick import ListPickModal

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        author = app.current_post().author  # type: ignore[union-attr]
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, ListPickModal)
        await pilot.press(*"Friends", "enter")
        await settle(pilot)
        assert PeopleLists.load().lists == {"friends": [author]}
        assert any("new list friends" in str(n.message) for n in app._notifications)
        await execute(app, parse_command("list friends"))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FeedScreen) and screen.kind == "list:friends"
        widget = screen.query_one(PostList)
        shown = [widget.source.get(i) for i in range(min(widget.source.count, 30))]
        assert shown and all(p is not None and p.author == author for p in shown)
        await execute(app, parse_command("list-remove friends"))  # the highlighted author
        assert PeopleLists.load().lists == {"friends": []}
        with pytest.raises(Exception, match="No list named 'enemies'"):
            await execute(app, parse_command("list enemies"))
