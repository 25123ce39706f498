"""The article reader: paging and vim keys move the body, and a body past the Markdown caps is
shown as plain text under a notice (snapshots at 100x30 and 80x24)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll

from tests.ui.conftest import SIZES, build, settle
from tui.ui.backend import FakeBackend
from tui.ui.screens.article_reader import ArticleReaderScreen


class _Body(FakeBackend):
    def __init__(self, body: str) -> None:
        super().__init__()
        self.body = body

    def article_body(self, article: Any) -> str:
        return self.body


LONG = "\n\n".join(f"Paragraph {i} of a long article." for i in range(100))
TOO_LARGE = "# Inventory\n\n" + "".join(f"- item {i}: a line of the list\n" for i in range(500))


async def _reader(pilot: Any) -> ArticleReaderScreen:
    await settle(pilot)
    app = pilot.app
    app.push_screen(ArticleReaderScreen(app.backend.articles()[0]))
    await settle(pilot)
    assert isinstance(app.screen, ArticleReaderScreen)
    return app.screen


@pytest.mark.anyio
async def test_vim_and_paging_keys_scroll_the_body() -> None:
    app = build(_Body(LONG))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _reader(pilot)
        scroll = screen.query_one("#reader-scroll", VerticalScroll)
        assert scroll.max_scroll_y > 30
        positions: dict[str, list[float]] = {}
        for key in ["j", "j", "k", "space", "G", "g", "end", "home", "space", "pageup"]:
            await pilot.press(key)
            await pilot.pause()
            positions.setdefault(key, []).append(scroll.scroll_y)
        assert positions["j"] == [1, 2] and positions["k"] == [1]
        assert positions["space"][0] > 10  # a page
        assert positions["G"] == [scroll.max_scroll_y] and positions["g"] == [0]
        assert positions["end"] == [scroll.max_scroll_y]  # one press
        assert positions["home"] == [0] and positions["pageup"] == [0]  # b bookmarks the article


@pytest.mark.parametrize("size", SIZES)
class TestTooLargeArticle:
    def test_notice_and_plain_text(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Any) -> None:
            await _reader(pilot)

        assert snap_compare(build(_Body(TOO_LARGE)), terminal_size=size, run_before=before)

    def test_plain_text_to_the_end(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Any) -> None:
            await _reader(pilot)
            await pilot.press("G")
            await settle(pilot)

        assert snap_compare(build(_Body(TOO_LARGE)), terminal_size=size, run_before=before)
