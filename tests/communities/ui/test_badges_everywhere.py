"""An acknowledged expert's badge shows on their community posts wherever the thread opens:
from the community, and from the main screen's Communities tab (or Home, Global, a profile),
where the post's community comes from the index; posts outside communities carry none."""

from __future__ import annotations

from typing import Any

import pytest

from tests.communities.ui.test_timeline_tab import keys
from tests.ui.conftest import SIZES, build, settle
from tui.core.models import PostView
from tui.ui.backends.communities import FakeCommunities
from tui.ui.backends.fake_communities import BRENDAN
from tui.ui.screens.thread import ThreadScreen
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.widgets.thread_tree import ThreadTree

BADGE = "★ expert: Vyper (level 4)"


def test_post_badges_come_from_each_posts_own_community() -> None:
    views = FakeCommunities()
    found = views.post_badges(list(range(1, 130)))
    timeline = views.timeline(1, limit=50)
    brendans = {p.post.id for p in timeline if p.post.author == BRENDAN}
    assert brendans and found == dict.fromkeys(brendans, BADGE)
    assert views.post_badges([1, 2, 3]) == {}  # not community posts: nothing to badge


async def _open_brendans_thread(pilot: Any) -> ThreadScreen:
    await keys("5")(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    for _ in range(20):
        post = screen.current_list().highlighted
        if isinstance(post, PostView) and post.author == BRENDAN and not post.filtered:
            break
        await pilot.press("j")
    await pilot.press("enter")
    await settle(pilot)
    thread = pilot.app.screen
    assert isinstance(thread, ThreadScreen)
    return thread


@pytest.mark.anyio
async def test_a_thread_opened_from_the_communities_tab_shows_the_badge() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        thread = await _open_brendans_thread(pilot)
        assert thread.badges == {}  # not opened from a community screen
        detail = str(thread.query_one("#thread-detail").render())
        assert BADGE in detail
        tree = thread.query_one(ThreadTree)
        nodes, labels = list(tree.root.children), []
        while nodes:
            node = nodes.pop()
            labels.append(str(node.label))
            nodes.extend(node.children)
        assert any(BADGE in label for label in labels)
        assert not any(BADGE in label for label in labels if "Ada" in label)


@pytest.mark.parametrize("size", SIZES)
def test_thread_from_the_communities_tab_with_a_badge(snap_compare: Any, size: Any) -> None:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        await _open_brendans_thread(pilot)

    assert snap_compare(build(), terminal_size=size, run_before=before)
