"""Pilot tests: m mutes the highlighted author, v views a collapsed post, b bookmarks, B lists."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.filters.conftest import build_core_app, settle
from tests.filters.kit import AUTHORS
from tui.core.models import PostView
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.virtual_list import VirtualList

pytestmark = pytest.mark.anyio


def _rows(app: object) -> list[PostView]:
    widget = app.screen.query_one("#list-global", PostList)  # type: ignore[attr-defined]
    return [widget.source.get(i) for i in range(widget.source.count) if widget.source.get(i)]


async def test_m_mutes_the_author_and_their_posts_collapse(home: Path) -> None:
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j")  # post 5, by AUTHORS[2]
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        rows = {p.id: p for p in _rows(app)}
        assert rows[5].filtered is not None and rows[5].filtered.by == "mute"
        assert rows[2].filtered is not None and rows[2].filtered.reason == "muted: Spoiler Sam"
        assert rows[1].filtered is None
        await pilot.press("m")  # again: unmute
        await settle(pilot)
        assert all(p.filtered is None for p in _rows(app))


async def test_v_shows_a_collapsed_post_in_full_and_b_bookmarks_it(home: Path) -> None:
    from tui.core.context import AgoraContext
    from tui.core.filters.actions import add_filter

    add_filter(AgoraContext.load(), None, "spoiler")
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        widget = app.screen.query_one("#list-global", PostList)
        for _ in range(4):  # 6 (own: never filtered), 5, 4, 3, then 2
            await pilot.press("j")
        await settle(pilot)
        post = widget.highlighted
        assert isinstance(post, PostView) and post.id == 2
        assert post.filtered is not None and post.filtered.reason == "filtered: word 'spoiler'"
        assert _line_text(widget, post) == "filtered: word 'spoiler' — v to view"
        await pilot.press("v")
        assert "the ending of the film" in _line_text(widget, post, 1)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        items = app.screen.query_one(PostList)
        first = items.source.get(0)
        assert items.source.count == 1 and isinstance(first, PostView) and first.id == 2


def _line_text(widget: PostList, post: PostView, line: int = 0) -> str:
    return widget._render_post(post, 80)[line].plain


async def test_colon_mute_by_name_and_the_muted_list(home: Path) -> None:
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.run_command_text("mute Spoiler Sam")
        await settle(pilot)
        app.run_command_text("muted")
        await settle(pilot)
        body = str(app.screen.query_one("#muted-body").render())
        assert f"Spoiler Sam {AUTHORS[2]}" in body  # the name beside the full address


@pytest.mark.usefixtures("no_remembered_names")
async def test_the_muted_list_shows_verified_names(home: Path) -> None:
    from tests.names.shown import as_content, verified_spans
    from tui.ui.backends.names import FakeNames, use_names

    app = build_core_app()
    use_names(app.backend, FakeNames(names={AUTHORS[2]: "sam.eth"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.run_command_text("mute Spoiler Sam")
        await settle(pilot)
        app.run_command_text("muted")
        await settle(pilot)
        body = as_content(app.screen.query_one("#muted-body").render())
        assert f"sam.eth ✓ {AUTHORS[2]}" in body.plain
        assert verified_spans(body) == ["sam.eth ✓"]


async def test_a_thread_shows_a_muted_reply_as_its_reason(home: Path) -> None:
    from tui.core.context import AgoraContext
    from tui.core.filters.actions import set_person
    from tui.core.index.service import open_index
    from tui.ui.widgets.safe_tree import SafeTree

    ctx = AgoraContext.load()
    index = open_index(ctx, network=ctx.settings.networks["cached"])
    set_person(index, AUTHORS[1], "mute")
    index.close()
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_thread(6)
        await settle(pilot)
        tree = app.screen.query_one(SafeTree)
        labels = [str(node.label) for node in tree.root.children[0].children]
        assert any("muted: 0x0000…0002" in label for label in labels), labels
        assert not any("a reply to my own post" in label for label in labels)


async def test_a_blocked_author_leaves_the_notifications_tab(home: Path) -> None:
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        widget = app.screen.query_one("#list-notifications", VirtualList)
        assert widget.source.count == 1  # AUTHORS[1] replied to post 6
        app.run_command_text(f"block {AUTHORS[1]}")
        await settle(pilot)
        assert app.screen.query_one("#list-notifications", VirtualList).source.count == 0


async def test_m_on_a_profile_mutes_that_account(home: Path) -> None:
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_profile(AUTHORS[3])
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert app.reading.level(AUTHORS[3]) == "mute"
        await pilot.press("escape", "2")
        await settle(pilot)
        rows = {p.id: p for p in _rows(app)}
        verdict = rows[3].filtered  # post 3 is by AUTHORS[3]: collapsed in Global
        assert verdict is not None and verdict.by == "mute"


async def test_colon_filter_add_hides_and_colon_filter_remove_restores(home: Path) -> None:
    config = Path(os.environ["AGORA_CONFIG"])
    written = "# mine: keep this\n" + config.read_text() + '\n[keymap]\n"timeline.tip" = "T"\n'
    config.write_text(written)
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        app.run_command_text('filter add "the film" --hide')
        await settle(pilot)
        assert 2 not in {p.id for p in _rows(app)}
        assert app.ctx is not None and app.ctx.settings.filters.rules[0].text == "the film"
        assert config.read_text() == written + (
            '\n[[filters.rules]]\nid = 1\ntext = "the film"\nkind = "word"\naction = "hide"\n'
            "expires = 0\n"
        )  # only the rule's block is added: the comment and the keymap stay
        app.run_command_text("filter remove 1")
        await settle(pilot)
        assert 2 in {p.id for p in _rows(app)}
        assert config.read_text() == written
        app.run_command_text("bookmark 5")
        await settle(pilot)
        assert app.reading.is_bookmarked("post", 5)
