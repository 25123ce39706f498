"""Small verified avatars in timeline rows and the thread pane: drawn after the first paint
by a worker, only for verified names with a checked avatar, never in compact rows, and not at
all when the ``[images]`` settings turn them off."""

from __future__ import annotations

from typing import Any

import pytest

from tests.names.test_snapshots import BRENDAN, NAMELESS, named_app
from tests.ui.conftest import settle
from tui.core.ens import faces
from tui.core.ens.verified import remember
from tui.core.images.halfblock import UPPER_HALF
from tui.ui.backends.fake import FAKE_ME
from tui.ui.widgets.avatar_gutter import GUTTER, face_for
from tui.ui.widgets.post_list import PostList

pytestmark = pytest.mark.anyio


def rows(app: Any) -> list[str]:
    lst = next(lst for lst in app.screen.query(PostList) if lst.display)
    return [lst.render_line(y).text for y in range(lst.size.height)]


def avatar_rows(app: Any) -> list[str]:
    return [line for line in rows(app) if line[1:].startswith(UPPER_HALF * 4 + " ")]


async def start(app: Any, pilot: Any) -> None:
    await settle(pilot)
    await pilot.pause(0.3)  # the names pass, then the faces pass it starts
    await settle(pilot)
    await pilot.press("2")  # the global timeline: ada's posts among others
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)


async def test_rows_gain_the_verified_avatar_only() -> None:
    app = named_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        drawn = avatar_rows(app)
        assert drawn and any("ada.eth ✓" in line for line in drawn)
        assert faces.face_of(FAKE_ME) is not None
        # NAMELESS has an avatar but no verified name: never asked for, never drawn.
        assert not faces.known(NAMELESS) and faces.face_of(BRENDAN) is None
        assert not any("brendan.eth" in line for line in drawn)
        await pilot.press("z")  # compact rows: no avatars
        await settle(pilot)
        assert not avatar_rows(app)


async def test_the_setting_turns_them_off() -> None:
    app = named_app()
    app.ctx.settings.images.avatars_in_rows = False
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        assert any("ada.eth ✓" in line for line in rows(app))
        assert not avatar_rows(app) and not faces.known(FAKE_ME)
        assert not any(lst.avatars for lst in app.screen.query(PostList))


async def test_the_thread_pane_shows_the_author_avatar() -> None:
    app = named_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        detail = str(app.screen.query_one("#thread-detail").render())
        assert detail.startswith(UPPER_HALF * 4 + " ")


def test_a_row_paints_without_waiting_and_asks_once() -> None:
    """Unknown faces draw nothing and are handed to the background pass (no I/O here)."""
    remember({FAKE_ME: "ada.eth"})
    asked: list[str] = []
    assert face_for(FAKE_ME, asked.append) is None and asked == [FAKE_ME]
    assert face_for(NAMELESS, asked.append) is None and asked == [FAKE_ME]
    assert GUTTER == 5


async def test_a_changed_avatar_is_redrawn_after_the_next_names_pass() -> None:
    from tui.core.ens.demo import identicon_png
    from tui.ui.backends.names import names_for
    from tui.ui.names import refresh_names

    app = named_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        before = faces.face_of(FAKE_ME)
        assert before is not None
        names_for(app.backend).avatars[FAKE_ME] = identicon_png("ada, again")  # type: ignore[attr-defined]
        refresh_names(app)
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        after = faces.face_of(FAKE_ME)
        assert after is not None and after != before


async def test_bookmarked_posts_show_the_avatar_too() -> None:
    from tui.ui.screens.bookmarks import BookmarksScreen

    app = named_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        app.run_command_text("bookmark 24")  # ada's post
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert any("ada.eth ✓" in line for line in avatar_rows(app))
