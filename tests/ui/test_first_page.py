"""The opening timeline is on the first frame; other lists say "loading…" until they load."""

from __future__ import annotations

import threading

import pytest

from tests.ui.conftest import build, settle
from tui.core.models import PostView
from tui.ui.backend import FakeBackend
from tui.ui.screens.timeline import TimelineScreen

pytestmark = pytest.mark.anyio


class HeldGlobalBackend(FakeBackend):
    """A fake whose global timeline blocks until the test releases it (a slow disk or node)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def timeline_count(self, kind: str, newer_than: int | None = None) -> int:
        if kind == "global":
            self.release.wait(10)
        return super().timeline_count(kind, newer_than)


async def test_first_frame_already_has_the_opening_timeline() -> None:
    app = build()
    async with app.run_test(size=(100, 30)):
        # No worker has been waited for: the first page was read before the first frame.
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        assert lst.source.count > 0 and not lst.waiting
        assert isinstance(lst.highlighted, PostView)
        assert app.first_paint is not None


async def test_a_list_says_loading_not_empty_until_its_first_page() -> None:
    backend = HeldGlobalBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        assert lst.id == "list-global" and lst.waiting
        line = lst.render_line(1).text
        assert "loading…" in line and "No posts yet" not in line
        backend.release.set()
        await settle(pilot)
        assert not lst.waiting and lst.source.count > 0
        assert "loading…" not in lst.render_line(1).text


async def test_a_failed_load_says_why() -> None:
    class Broken(FakeBackend):
        def timeline_count(self, kind: str, newer_than: int | None = None) -> int:
            if kind == "global":
                raise RuntimeError("disk gone [b]bold[/b]")
            return super().timeline_count(kind, newer_than)

    app = build(Broken())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        assert not lst.waiting
        line = lst.render_line(1).text
        assert "Could not read this timeline from the local index: disk gone" in line
        assert "[b]bold[/b]" in line  # shown as text, never as markup


async def test_a_slow_opening_timeline_does_not_hold_the_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A locked or migrating index: the first frame says "loading…", the page lands later."""
    monkeypatch.setattr("tui.ui.screens.timeline.FIRST_PAGE_WAIT", 0.05)

    class SlowHome(FakeBackend):
        def __init__(self) -> None:
            super().__init__()
            self.release = threading.Event()

        def timeline_count(self, kind: str, newer_than: int | None = None) -> int:
            if kind == "home":
                self.release.wait(10)
            return super().timeline_count(kind, newer_than)

    backend = SlowHome()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        lst = screen.current_list()
        assert lst.waiting and "loading…" in lst.render_line(1).text
        assert app.first_paint.at is None
        backend.release.set()
        await app.first_paint.wait()
        await settle(pilot)
        assert not lst.waiting and lst.source.count > 0
