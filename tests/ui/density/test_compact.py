"""The compact density: one line per post, the highlighted post in full below, remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import SIZES, build, settle
from tui.core.filters.model import Verdict
from tui.core.models import ContentStatus, PostView
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.state import UiState
from tui.ui.widgets.post_card import ITEM_HEIGHT
from tui.ui.widgets.post_list import PostList
from tui.ui.widgets.post_row import PostDetail, compact_post_line, post_detail


def post(**kw: Any) -> PostView:
    base: dict[str, Any] = {
        "id": 7,
        "author": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "parent": 3,
        "cid": "bafy",
        "text": "first line\nsecond [b]line[/b]",
        "timestamp": FAKE_NOW - 300,
        "content_status": ContentStatus.VERIFIED,
        "block": 5,
        "tx_hash": "0x" + "11" * 32,
        "author_name": "A very long display name indeed",
    }
    base.update(kw)
    return PostView(**base)


class TestRow:
    def test_one_safe_line_with_markers(self) -> None:
        (line,) = compact_post_line(post(), 80, FAKE_NOW)
        text = line.plain
        assert text.startswith("  5m A very long d… 0x7099…79C8 ↩")  # a name is never alone
        assert "first line second [b]line[/b]" in text  # markup stays literal text
        assert "\n" not in text
        assert line.cell_length <= 80

    def test_a_twin_name_is_flagged_and_a_filtered_post_shows_why(self) -> None:
        (line,) = compact_post_line(post(name_clash=True), 80, FAKE_NOW)
        assert "⚠" in line.plain
        muted = post(filtered=Verdict(by="mute", reason="muted: Ada"))
        (line,) = compact_post_line(muted, 80, FAKE_NOW)
        assert "muted: Ada" in line.plain and "first line" not in line.plain
        (line,) = compact_post_line(muted, 80, FAKE_NOW, revealed=True)  # v shows it
        assert "first line" in line.plain
        detail = post_detail(muted, FAKE_NOW).plain
        assert "muted: Ada" in detail and "first line" not in detail

    def test_content_warning_stays_hidden(self) -> None:
        (line,) = compact_post_line(post(content_warning="spoilers"), 80, FAKE_NOW)
        assert "spoilers" in line.plain and "first line" not in line.plain


def current(app: Any) -> PostList:
    widget = app.screen.current_list()
    assert isinstance(widget, PostList)
    return widget


class TestPilot:
    @pytest.mark.anyio
    async def test_z_switches_keeps_the_post_and_is_remembered(self, isolated_home: Path) -> None:
        app = build(FakeBackend())
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("2", "j", "j")
            await settle(pilot)
            widget = current(app)
            chosen = widget.highlighted
            assert isinstance(chosen, PostView)
            assert widget.item_height == ITEM_HEIGHT
            assert not app.screen.query_one(PostDetail).display
            await pilot.press("z")
            await settle(pilot)
            assert widget.compact and widget.item_height == 1
            assert widget.highlighted == chosen
            detail = app.screen.query_one(PostDetail)
            assert detail.display and f"#{chosen.id}" in str(detail.render())
            await pilot.press("j")
            await settle(pilot)
            moved = widget.highlighted
            assert isinstance(moved, PostView) and moved != chosen
            assert f"#{moved.id}" in str(detail.render())
            assert widget._page_items > 10  # at 80x24 far more than the four cards
        assert UiState.load(isolated_home).compact is True

        again = build(FakeBackend())
        async with again.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert current(again).compact
            await pilot.press("z")
            await settle(pilot)
            assert not current(again).compact
            assert not again.screen.query_one(PostDetail).display
        assert UiState.load(isolated_home).compact is False

    @pytest.mark.anyio
    async def test_detail_hidden_on_articles(self, isolated_home: Path) -> None:
        app = build(FakeBackend())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("z", "3")
            await settle(pilot)
            assert not app.screen.query_one(PostDetail).display
            await pilot.press("2")
            await settle(pilot)
            assert app.screen.query_one(PostDetail).display


def run(*keys: str) -> Any:
    async def before(pilot: Any) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestSnapshots:
    def test_compact_global(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("2", "j", "z"))

    def test_compact_home(self, snap_compare: Any, isolated_home: Path, size: Any) -> None:
        assert snap_compare(build(), terminal_size=size, run_before=run("z"))
