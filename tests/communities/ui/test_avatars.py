"""A community's timeline draws its authors' verified avatars in the same gutter as timeline
cards: only verified names, none in compact density, on narrow lists or when
``[images] avatars_in_rows = false``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.communities.ui.test_pilot import _open
from tests.names.test_snapshots import named_app
from tests.ui.conftest import SIZES, settle
from tui.core.images.halfblock import UPPER_HALF
from tui.ui.widgets.virtual_list import VirtualList

FACE = UPPER_HALF * 4 + " "


@pytest.fixture(autouse=True)
def _no_remembered_names(no_remembered_names: None) -> None:
    """Each test here starts and ends without remembered names or faces."""


def rows(app: Any) -> list[str]:
    posts = app.screen.query_one("#community-posts", VirtualList)
    return [posts.render_line(y).text for y in range(posts.size.height)]


async def open_workshop(pilot: Any) -> None:
    await settle(pilot)
    await pilot.pause(0.3)  # the names pass, then the faces pass it starts
    await _open(pilot, 1)
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)


@pytest.mark.anyio
async def test_verified_authors_get_their_avatar_unless_turned_off() -> None:
    app = named_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_workshop(pilot)
        drawn = [line for line in rows(app) if line[1:].startswith(FACE)]
        assert drawn and any("ada.eth ✓" in line for line in drawn)
        assert not any("brendan.eth" in line for line in drawn)  # a name but no avatar
        app.ui_state.compact = True  # the compact density: no avatars
        app.screen.query_one("#community-posts", VirtualList).invalidate()
        await settle(pilot)
        assert not any(line[1:].startswith(FACE) for line in rows(app))
    app = named_app()
    app.ctx.settings.images.avatars_in_rows = False
    async with app.run_test(size=(100, 30)) as pilot:
        await open_workshop(pilot)
        assert any("ada.eth ✓" in line for line in rows(app))
        assert not any(line[1:].startswith(FACE) for line in rows(app))
    app = named_app()
    async with app.run_test(size=(46, 30)) as pilot:
        await open_workshop(pilot)
        assert not any(line[1:].startswith(FACE) for line in rows(app))


@pytest.mark.parametrize("size", SIZES)
def test_community_posts_with_avatars(snap_compare: Any, size: Any) -> None:
    assert snap_compare(named_app(), terminal_size=size, run_before=open_workshop)
