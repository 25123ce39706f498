"""The status bar never waits for a refresh; what is on screen is fetched first."""

from __future__ import annotations

import threading

import pytest

from tests.ui.conftest import build, settle
from tui.core.models import ContentStatus
from tui.ui.backend import FakeBackend
from tui.ui.screens.thread import ThreadScreen

pytestmark = pytest.mark.anyio


class HeldRefreshBackend(FakeBackend):
    """A fake whose refresh blocks until released (a pass behind a silent gateway)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.refreshing = threading.Event()
        self.refreshed = threading.Event()

    def refresh(self) -> int:
        self.refreshing.set()
        self.release.wait(10)  # a guard against a hang, never reached when the test passes
        self.refreshed.set()
        return 0


async def test_status_bar_is_read_before_a_slow_refresh_ends() -> None:
    backend = HeldRefreshBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            while not backend.refreshing.is_set():
                await pilot.pause(0.01)
            while app.status is None and not backend.refreshed.is_set():
                await pilot.pause(0.01)
            assert app.status is not None, "the status waited for the refresh"
            assert not backend.refreshed.is_set()
        finally:
            backend.release.set()
        await settle(pilot)


async def test_posts_on_screen_and_an_opened_thread_are_asked_for_first() -> None:
    backend = FakeBackend()
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        missing = {
            p.cid
            for p in backend.timeline("home")
            if p.content_status in (ContentStatus.PENDING, ContentStatus.UNAVAILABLE)
        }
        verified = {p.cid for p in backend._posts if p.content_status is ContentStatus.VERIFIED}
        assert missing and missing <= set(backend.wanted)
        assert not verified & set(backend.wanted)
        backend.wanted.clear()
        pending = next(p for p in backend._posts if p.content_status is ContentStatus.PENDING)
        app.push_screen(ThreadScreen(pending.id))
        await settle(pilot)
        assert backend.wanted[0] == pending.cid


class FetchingBackend(FakeBackend):
    """A fake whose first content pass settles one document."""

    def __init__(self) -> None:
        super().__init__()
        self.passes = 0

    def fetch_content(self) -> int:
        self.passes += 1
        return 1 if self.passes == 1 else 0


async def test_content_that_arrives_redraws_the_lists() -> None:
    backend = FetchingBackend()
    app = build(backend)
    reloads: list[int] = []
    app.reload_lists = lambda: reloads.append(backend.passes)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert backend.passes >= 1 and reloads[:1] == [1]
