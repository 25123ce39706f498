"""Pilot tests: posts arriving above the reading position are announced (a line above the
list, a count in the tab), after a restart too, and the reading position never jumps; an
empty Home opens on Global."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Tab

from tests.ui.conftest import build, settle
from tui.core.index.schema import connect
from tui.ui.backend import FakeBackend
from tui.ui.factory import make_app
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.widgets.post_card import ITEM_HEIGHT
from tui.ui.widgets.virtual_list import VirtualList

pytestmark = pytest.mark.anyio

SETTINGS = """\
network = "cached"

[networks.cached]
rpc_url = "http://127.0.0.1:9"
chain_id = 31337
social = "0x1111111111111111111111111111111111111111"
articles = "0x2222222222222222222222222222222222222222"
"""
AUTHORS = [f"0x{n:040d}" for n in range(1, 6)]  # digits only: already checksummed


def _insert_posts(conn: sqlite3.Connection, first: int, count: int) -> None:
    rows = [
        (i, AUTHORS[i % 5], 0, f"bafkreitest{i:08d}", 10 + i, 0, f"0x{i:064x}", f"0x{i:064x}",
         1_700_000_000 + i)
        for i in range(first, first + count)
    ]  # fmt: skip
    conn.executemany(
        "INSERT INTO posts(id, author, parent, cid, block, log_index, block_hash, tx_hash,"
        " timestamp) VALUES (?,?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.commit()


def _cached_home(home: Path, config: Path, posts: int) -> Path:
    """A real home: settings whose node is down, an account, and an index with ``posts``."""
    home.mkdir(parents=True, exist_ok=True)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(SETTINGS)
    me = AUTHORS[0]
    accounts = {"version": 1, "active": me, "accounts": [{"address": me, "label": "me"}]}
    (home / "accounts.json").write_text(json.dumps(accounts))
    (home / "index").mkdir(exist_ok=True)
    index = home / "index" / "cached-31337.sqlite"
    conn = connect(index)
    _insert_posts(conn, 1, posts)
    conn.close()
    return index


def _tab(screen: Any, kind: str) -> str:
    return str(screen.query_one(f"#tab-{kind}", Tab).label)


def _line(screen: Any) -> str:
    marker = screen.query_one("#new-posts")
    return str(marker.render()) if marker.display else ""


async def _until(pilot: Any, ready: Any, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if ready():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


async def _read_fourth_of_global(backend: FakeBackend) -> Any:
    """A session that left the cursor on Global's 4th post; the post it was on."""
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j", "j", "j")
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        return screen.current_list().highlighted


async def test_a_post_indexed_by_another_agora_process_is_announced(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The app's own sync never counts a post another process indexed (a CLI write or sync
    in another shell): it must still be announced, above the list and in the tab."""
    monkeypatch.setattr("tui.ui.screens.timeline.NEW_POSTS_INTERVAL", 0.1, raising=False)
    import os

    index = _cached_home(isolated_home, Path(os.environ["AGORA_CONFIG"]), 30)
    app = make_app()
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        await pilot.press("j", "j", "j")  # the 4th post of Global
        reading = lst.highlighted
        scroll = lst.scroll_y
        other = connect(index)  # another agora process writing the same index
        _insert_posts(other, 31, 1)
        other.close()
        await _until(pilot, lambda: screen.new_posts == 1)
        assert lst.highlighted == reading and lst.cursor == 4  # the position did not jump
        assert lst.scroll_y == scroll + ITEM_HEIGHT
        assert "▲ 1 new post above" in _line(screen)
        assert _tab(screen, "global") == "Global 1"
        await pilot.press("u")
        await settle(pilot)
        assert lst.cursor == 0 and lst.highlighted is not None and lst.highlighted.id == 31
        assert _line(screen) == "" and _tab(screen, "global") == "Global"


async def test_posts_that_arrived_while_agora_was_closed_are_announced(
    isolated_home: Path,
) -> None:
    backend = FakeBackend()
    reading = await _read_fourth_of_global(backend)
    backend.add_posts(86)
    again = build(backend)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen) and screen.kind == "global"
        lst = screen.current_list()
        assert lst.highlighted == reading  # the remembered position, not the top
        assert screen.new_posts == 86
        assert "▲ 86 new posts above" in _line(screen)
        assert _tab(screen, "global") == "Global 86"
        await pilot.click("#new-posts")  # the line itself jumps to the newest
        await settle(pilot)
        assert lst.cursor == 0 and screen.new_posts == 0
        assert _tab(screen, "global") == "Global"
    state = json.loads((isolated_home / "ui-state.json").read_text())
    assert state["seen"]["global"] == max(p.id for p in backend._posts)


async def test_the_posts_seen_before_a_restart_are_not_new(isolated_home: Path) -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j", "j", "j")  # three seen posts above the reading position
    backend.add_posts(2)
    again = build(backend)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.current_list().cursor == 5
        assert screen.new_posts == 2 and _tab(screen, "global") == "Global 2"


async def test_a_tab_not_on_screen_counts_its_new_posts() -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        backend.add_posts(2)  # by the user: on Home and on Global
        screen.check_new()
        await settle(pilot)
        assert _tab(screen, "global") == "Global 2"
        assert _tab(screen, "home") == "Home 2"
        assert "▲ 2 new posts" in _line(screen)


async def test_an_empty_home_opens_on_global_and_says_why() -> None:
    backend = FakeBackend(account="0x" + "ab" * 20)
    backend.followed = set()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert screen.kind == "global"
        assert screen.current_list().source.count > 0
        home = screen.query_one("#list-home", VirtualList)
        assert home.source.count == 0 and not home.waiting
        assert "opens on Global" in home.empty


async def test_the_new_posts_line_belongs_to_the_timeline_on_screen(isolated_home: Path) -> None:
    """Global's "▲ N new posts" line is not drawn over the Articles or Home lists (they have
    none above their reading position), and comes back with Global."""
    backend = FakeBackend()
    await _read_fourth_of_global(backend)
    backend.add_posts(3)
    again = build(backend)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, TimelineScreen) and screen.kind == "global"
        assert "▲ 3 new posts above" in _line(screen)
        await pilot.press("3")
        await settle(pilot)
        assert screen.kind == "articles" and _line(screen) == ""
        await pilot.press("2")
        await settle(pilot)
        assert "▲ 3 new posts above" in _line(screen)


async def test_posts_arriving_in_an_empty_timeline_appear(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timeline opened before its first post was indexed (a fresh index, the first sync
    still running) shows the posts once they land, not "No posts yet" until a restart."""
    monkeypatch.setattr("tui.ui.screens.timeline.NEW_POSTS_INTERVAL", 0.1, raising=False)
    import os

    index = _cached_home(isolated_home, Path(os.environ["AGORA_CONFIG"]), 0)
    app = make_app()
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        assert lst.source is not None and lst.source.count == 0
        other = connect(index)
        _insert_posts(other, 1, 3)
        other.close()
        await _until(pilot, lambda: lst.source is not None and lst.source.count == 3)
        await settle(pilot)
        assert lst.highlighted is not None and lst.highlighted.id == 3
