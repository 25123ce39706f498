"""The thread screen (vim keys, capped indent, long posts read in full) and names with addresses."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from tests.ui.conftest import SIZES, build, settle
from tests.ui.thread_data import BRENDAN, DEPTH, IMPOSTOR, NO_PROFILE, ThreadBackend
from tui.core.names import CLASH_MARK
from tui.ui.backend import FAKE_NOW
from tui.ui.screens.thread import ThreadScreen
from tui.ui.screens.tip import TipModal
from tui.ui.timefmt import short_address
from tui.ui.widgets.post_card import article_lines, notification_lines, post_lines
from tui.ui.widgets.thread_tree import MAX_INDENT, ThreadText, ThreadTree

pytestmark = pytest.mark.anyio


def screen_text(app: Any) -> str:
    """What the user sees, line by line (from the exported SVG)."""
    svg = app.export_screenshot()
    rows: dict[float, list[str]] = {}
    for y, text in re.findall(r'<text[^>]*y="([0-9.]+)"[^>]*>(.*?)</text>', svg, flags=re.S):
        rows.setdefault(float(y), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(rows.items()))


async def open_thread(pilot: Any, post_id: int) -> ThreadScreen:
    await settle(pilot)
    pilot.app.action_open_thread(post_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ThreadScreen)
    return screen


# --- vim keys -----------------------------------------------------------------------------------


async def test_vim_keys_move_through_the_thread_tree() -> None:
    backend = ThreadBackend()
    async with build(backend).run_test(size=(100, 30)) as pilot:
        screen = await open_thread(pilot, backend.root)
        tree = screen.query_one(ThreadTree)
        assert tree.cursor_line == 0
        await pilot.press("j", "j")
        assert tree.cursor_line == 2
        await pilot.press("k")
        assert tree.cursor_line == 1
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line > 2
        await pilot.press("g")
        assert tree.cursor_line == 0
        # The text pane follows the highlighted post, so a reply goes where the cursor is.
        await pilot.press("j")
        current = screen.current_post()
        assert current is not None and current.id == backend.root + 1


# --- deep threads -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_deep_replies_keep_their_text(size: tuple[int, int]) -> None:
    backend = ThreadBackend()
    async with build(backend).run_test(size=size) as pilot:
        await open_thread(pilot, backend.root)
        seen = ""
        for _ in range(DEPTH + 1):  # walk down the tree: it scrolls when it is taller
            seen += screen_text(pilot.app)
            await pilot.press("down")
            await pilot.pause()
        tree_lines = [line for line in seen.splitlines() if "Reply at depth" in line]
        for depth in range(1, DEPTH + 1):
            # Every reply's name and the start of its text are in the tree, however deep.
            assert any(f"Reply at depth {depth}: still" in line for line in tree_lines), seen
        assert f"↳{DEPTH}" in seen  # past the indent cap the depth is a number
        assert f"↳{MAX_INDENT - 1} " not in seen


async def test_the_highlighted_reply_stays_in_view_after_a_resize() -> None:
    backend = ThreadBackend()
    async with build(backend).run_test(size=(100, 40)) as pilot:
        screen = await open_thread(pilot, backend.root)
        tree = screen.query_one(ThreadTree)
        await pilot.press(*["down"] * DEPTH)  # arrows: they moved the cursor before vim keys did
        assert tree.cursor_line == DEPTH
        await pilot.resize_terminal(80, 14)
        await settle(pilot)
        top = tree.scroll_offset.y
        assert top <= tree.cursor_line < top + tree.scrollable_content_region.height
        post = screen.current_post()
        assert post is not None and post.text in screen_text(pilot.app)


# --- long posts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_post_is_read_in_full_from_the_keyboard(size: tuple[int, int]) -> None:
    backend = ThreadBackend()
    async with build(backend).run_test(size=size) as pilot:
        screen = await open_thread(pilot, backend.long)
        assert "THE LAST LINE" not in screen_text(pilot.app)
        assert "tab to read" in screen_text(pilot.app)  # the pane says there is more
        await pilot.press("tab")
        assert screen.query_one(ThreadText).has_focus
        seen = set()
        for _ in range(40):  # page through: every paragraph passes by
            seen.update(re.findall(r"Paragraph (\d\d)", screen_text(pilot.app)))
            await pilot.press("space")
            await pilot.pause()
        seen.update(re.findall(r"Paragraph (\d\d)", screen_text(pilot.app)))
        assert seen == {f"{n:02d}" for n in range(1, 25)}
        assert "THE LAST LINE OF THE LONG POST." in screen_text(pilot.app)
        await pilot.press("g")
        await pilot.pause()
        assert "Paragraph 01" in screen_text(pilot.app)
        await pilot.press("G")
        await pilot.pause()
        assert "THE LAST LINE OF THE LONG POST." in screen_text(pilot.app)
        await pilot.press("escape")  # back to the tree, still in the thread
        assert screen.query_one(ThreadTree).has_focus
        assert pilot.app.screen is screen


# --- names with addresses -----------------------------------------------------------------------


async def test_the_tree_shows_names_with_short_addresses_and_flags_a_twin() -> None:
    backend = ThreadBackend()
    async with build(backend).run_test(size=(100, 30)) as pilot:
        await open_thread(pilot, backend.root)
        lines = screen_text(pilot.app).splitlines()
        root = next(line for line in lines if "The root of a deep thread" in line)
        assert "Brendan" in root and short_address(BRENDAN) in root
        nameless = next(line for line in lines if "Reply at depth 2:" in line)
        assert nameless.count(short_address(NO_PROFILE)) == 1
        pilot.app.pop_screen()
        await open_thread(pilot, backend.impostor)
        lines = screen_text(pilot.app).splitlines()
        twin = next(line for line in lines if "Send tips" in line and "│" in line)
        assert "brendan" in twin and short_address(IMPOSTOR) in twin and CLASH_MARK in twin


def test_cards_show_name_address_and_the_twin_flag() -> None:
    backend = ThreadBackend()
    twin = backend.thread(backend.impostor).post
    head = post_lines(twin, 100, FAKE_NOW)[0].plain
    assert head.startswith(f"brendan {short_address(IMPOSTOR)} {CLASH_MARK}")
    real = post_lines(backend.thread(backend.root).post, 100, FAKE_NOW)[0].plain
    assert real.startswith(f"Brendan {short_address(BRENDAN)} ·") and CLASH_MARK not in real


def test_a_reposter_is_shown_by_name_and_address() -> None:
    backend = ThreadBackend()
    head = post_lines(backend.thread(backend.reposted).post, 100, FAKE_NOW)[0].plain
    assert f"⟳ by Brendan {short_address(BRENDAN)}" in head


def test_an_author_without_a_profile_is_shown_once() -> None:
    article = ThreadBackend().articles()[0]
    by = article_lines(article, 100, FAKE_NOW)[1].plain
    assert by.startswith(f"by {short_address(NO_PROFILE)} · ")
    assert by.count(short_address(NO_PROFILE)) == 1


def test_notifications_show_name_and_address() -> None:
    item = ThreadBackend().notifications()[0]
    assert notification_lines(item, 100, FAKE_NOW)[0].plain.startswith(
        f"Brendan {short_address(BRENDAN)} tipped you"
    )


async def test_the_tip_modal_shows_the_twin_flag_beside_name_and_address() -> None:
    backend = ThreadBackend()
    async with build(backend).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(TipModal(backend.thread(backend.impostor).post, 10**18))
        await settle(pilot)
        target = str(pilot.app.screen.query_one("#tip-target").render())
        assert f"brendan {short_address(IMPOSTOR)} {CLASH_MARK}" in target
        assert IMPOSTOR in target


# --- snapshots ----------------------------------------------------------------------------------


def _thread(post: str, *keys: str) -> Any:
    async def before(pilot: Any) -> None:
        backend = pilot.app.backend
        await open_thread(pilot, getattr(backend, post))
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return before


@pytest.mark.parametrize("size", SIZES)
class TestThreadSnapshots:
    def test_deep_thread(self, snap_compare: Any, size: tuple[int, int]) -> None:
        app = build(ThreadBackend())
        assert snap_compare(app, terminal_size=size, run_before=_thread("root", "G"))

    def test_long_post(self, snap_compare: Any, size: tuple[int, int]) -> None:
        app = build(ThreadBackend())
        assert snap_compare(app, terminal_size=size, run_before=_thread("long"))

    def test_long_post_read_to_the_end(self, snap_compare: Any, size: tuple[int, int]) -> None:
        app = build(ThreadBackend())
        assert snap_compare(app, terminal_size=size, run_before=_thread("long", "tab", "G"))

    def test_twin_name_in_the_timeline(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            for key in ("2",):
                await pilot.press(key)
                await settle(pilot)

        assert snap_compare(build(ThreadBackend()), terminal_size=size, run_before=before)


# --- writing one's own name ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["0x134C…D532", "Ada ✓ verified", "\u3164\u3164"])
async def test_the_profile_editor_refuses_a_name_readers_would_not_see(name: str) -> None:
    from textual.widgets import Input, Static

    from tui.ui.backend import FAKE_ME
    from tui.ui.screens.profile_edit import ProfileEditModal
    from tui.ui.writes import FakeWriter

    backend = ThreadBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_profile(FAKE_ME)
        await settle(pilot)
        await pilot.press("e")  # the edit flow's worker waits on the modal: pause, not settle
        for _ in range(50):
            if isinstance(app.screen, ProfileEditModal):
                break
            await pilot.pause(0.02)
        modal = app.screen
        assert isinstance(modal, ProfileEditModal)
        modal.query_one("#profile-name", Input).value = name
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is modal  # nothing to confirm, nothing sent
        assert "Readers would not see this name" in str(
            modal.query_one("#profile-edit-error", Static).content
        )
        assert isinstance(backend.writer, FakeWriter) and backend.writer.submitted == []
