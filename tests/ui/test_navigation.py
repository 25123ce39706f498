"""Pilot tests: keys, navigation, live posts, reading position, virtual lists, safety."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from textual.widgets import Input

from tests.ui.conftest import build, settle
from tui.core.models import PostView
from tui.ui.backend import FakeBackend
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.profile import ProfileScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.screens.settings import SettingsScreen
from tui.ui.screens.thread import ThreadScreen
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.widgets.post_card import ITEM_HEIGHT
from tui.ui.widgets.post_list import TimelineSource

pytestmark = pytest.mark.anyio


def top(app: Any) -> Any:
    """The active screen, untyped (tests reach into screen-specific helpers)."""
    return app.screen


async def test_timeline_keys_switch_and_move() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.kind == "home"
        await pilot.press("2")
        await settle(pilot)
        assert screen.kind == "global"
        lst = screen.current_list()
        assert lst.cursor == 0
        await pilot.press("j", "j", "k")
        assert lst.cursor == 1
        await pilot.press("G")
        await settle(pilot)
        assert lst.cursor == lst.source.count - 1
        await pilot.press("g")
        assert lst.cursor == 0
        await pilot.press("3")
        await settle(pilot)
        assert screen.kind == "articles"
        await pilot.press("4")
        await settle(pilot)
        assert screen.kind == "notifications"
        assert screen.current_list().source.count == 4


async def test_open_thread_profile_help_search_settings_and_back() -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"agora", "enter")
        await settle(pilot)
        results = app.screen.query_one("#search-results")
        assert results.source.count == 3
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        await pilot.press("escape", "escape", "s")
        assert isinstance(app.screen, SettingsScreen)


async def test_new_posts_do_not_move_the_reader() -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        await pilot.press("j", "j")
        before = lst.highlighted
        scroll_before = lst.scroll_y
        backend.add_posts(3)
        screen.check_new()
        await settle(pilot)
        assert lst.highlighted == before  # same post under the cursor
        assert lst.scroll_y >= scroll_before + 3 * ITEM_HEIGHT  # the view moved with it
        top = lst.cursor * ITEM_HEIGHT
        assert lst.scroll_y <= top < lst.scroll_y + lst.scrollable_content_region.height
        assert screen.new_posts == 3
        assert "3 new posts" in str(screen.query_one("#new-posts").render())
        await pilot.press("u")
        await settle(pilot)
        assert lst.cursor == 0
        assert lst.highlighted is not None
        assert lst.highlighted.text.startswith("Fresh post")
        assert screen.new_posts == 0


async def test_reading_position_survives_restart(isolated_home) -> None:
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j", "j", "j", "j")
        remembered = top(app).current_list().highlighted
    state = json.loads((isolated_home / "ui-state.json").read_text())
    assert state["positions"]["global"] == remembered.id
    assert state["tab"] == "global"
    again = build()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.kind == "global"
        assert screen.current_list().highlighted == remembered


async def test_hundred_thousand_posts_stay_virtual() -> None:
    backend = FakeBackend(posts=100_000)
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        lst = top(app).current_list()
        source = lst.source
        assert isinstance(source, TimelineSource)
        assert source.count == 100_000
        assert lst.virtual_size.height == 100_000 * ITEM_HEIGHT
        await pilot.press("pagedown", "pagedown")
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert lst.cursor == 99_999
        assert isinstance(lst.highlighted, PostView)
        assert lst.highlighted.id == 1  # the oldest post
        assert len(source._items) <= 400  # only pages near the view are held
        assert len(list(lst.children)) == 0  # no widget per post


async def test_offline_node_shows_status_and_keeps_timeline() -> None:
    app = build(FakeBackend(offline=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.status is not None
        assert app.status.sync == "offline"
        assert any("Node unreachable" in (n.title or "") for n in app._notifications)
        assert top(app).current_list().source.count > 0


async def test_markup_in_posts_is_shown_not_run() -> None:
    app = build()
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        lst = top(app).current_list()
        lines = [lst.render_line(y).text for y in range(lst.size.height)]
        assert any("[@click=app.quit]Click me[/]" in line for line in lines)
        assert any("Chidi [b]bold?[/b]" in line for line in lines)
        assert app.is_running


async def test_settings_reject_invalid_and_save_valid(isolated_home) -> None:
    from tui.core.config.paths import config_file
    from tui.core.config.settings import load_settings

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        screen = app.screen
        screen.query_one("#net-name", Input).value = "testnet"
        screen.query_one("#net-rpc_url", Input).value = "https://rpc.example"
        screen.query_one("#net-chain_id", Input).value = "not a number"
        await pilot.press("ctrl+s")
        assert "whole number" in str(screen.query_one("#settings-error").render())
        assert not config_file().exists()
        screen.query_one("#net-chain_id", Input).value = "11155111"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = load_settings(config_file())
    assert saved.networks["testnet"].chain_id == 11155111


async def test_command_palette_lists_area_commands() -> None:
    from tui.ui.commands import _commands

    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [title for title, _, _ in _commands(app)]
        assert "timeline: global" in titles
        assert "wallet: open" in titles
        assert "post: tip" in titles  # a post is highlighted
        dict((t, cb) for t, _, cb in _commands(app))["timeline: global"]()
        await settle(pilot)
        assert top(app).kind == "global"


def test_every_binding_has_id_description_and_tooltip() -> None:
    from tui.ui.app import AgoraApp
    from tui.ui.widgets.virtual_list import VirtualList

    classes: list[Any] = [AgoraApp, TimelineScreen, ThreadScreen, ProfileScreen, SearchScreen]
    classes += [SettingsScreen, HelpScreen, VirtualList]
    for cls in classes:
        for binding in cls.BINDINGS:
            assert binding.id and "." in binding.id, binding
            assert binding.description, binding
            assert binding.tooltip, binding


def test_first_paint_does_not_import_web3_libraries() -> None:
    """Build the app and paint the home timeline; eth_account/eth_abi must not be loaded."""
    code = """
import asyncio, sys
from tui.ui.backend import FakeBackend, FAKE_NOW
from tui.ui.factory import make_app
async def main():
    app = make_app(backend=FakeBackend(), now=FAKE_NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.current_list().source.count > 0
        heavy = [m for m in ("eth_account", "eth_abi", "web3") if m in sys.modules]
        print("HEAVY", heavy)
asyncio.run(main())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr
