"""A post a mute or filter collapsed takes one line of the list, not a card's five."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.filters.conftest import anyio_backend, build_core_app, home, settle  # noqa: F401
from tests.filters.kit import AUTHORS
from tui.ui.widgets.post_card import ITEM_HEIGHT
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.virtual_list import ListSource, VirtualList


def _mute(address: str) -> None:
    from tui.core.context import AgoraContext
    from tui.core.filters.actions import set_person
    from tui.core.index.service import open_index

    ctx = AgoraContext.load()
    index = open_index(ctx, network=ctx.settings.networks["cached"])
    set_person(index, address, "mute")
    index.close()


@pytest.mark.anyio
async def test_muted_posts_are_one_line_until_v(home: Path) -> None:  # noqa: F811
    _mute(AUTHORS[1])  # posts 1 and 4
    app = build_core_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        widget = app.screen.query_one("#list-global", PostList)
        ids = [widget.source.get(i).id for i in range(widget.source.count)]  # type: ignore[union-attr]
        assert ids == [6, 5, 4, 3, 2, 1]
        assert widget.virtual_size.height == 4 * ITEM_HEIGHT + 2  # two muted rows, one line each
        assert widget._offset(3) == 2 * ITEM_HEIGHT + 1  # post 3 starts right under post 4's line
        await pilot.press("j", "j")  # post 4, collapsed
        await settle(pilot)
        assert widget.highlighted is not None and widget.highlighted.id == 4
        await pilot.press("v")
        await settle(pilot)
        assert widget.virtual_size.height == 5 * ITEM_HEIGHT + 1  # read in full: a card again
        await pilot.press("v")
        await settle(pilot)
        assert widget.virtual_size.height == 4 * ITEM_HEIGHT + 2
        region = widget.scrollable_content_region
        await pilot.click(widget, offset=(3, widget._offset(3) - int(widget.scroll_y)))
        await settle(pilot)
        assert widget.highlighted is not None and widget.highlighted.id == 3
        assert region.height > 0


@given(st.lists(st.booleans(), max_size=60), st.integers(1, 6))
def test_every_line_belongs_to_the_item_whose_rows_cover_it(
    shorts: list[bool], height: int
) -> None:
    """Positions with short items: each line maps to one item, in order, with its height."""
    widget = VirtualList(ListSource(list(range(len(shorts)))), lambda item, width: [])
    widget.item_height = height
    widget._short = [i for i, short in enumerate(shorts) if short]
    line = 0
    for index, short in enumerate(shorts):
        size = 1 if short or height == 1 else height
        assert widget._offset(index) == line and widget._height(index) == size
        for y in range(line, line + size):
            assert widget._index_at(y) == index
        line += size
    assert widget._index_at(line) == len(shorts)
