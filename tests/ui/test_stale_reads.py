"""A read overtaken by a newer one is never shown last.

Lists, threads and profiles read the index on worker threads, which cannot be stopped: an
older read that ends after a newer one used to be applied last, so a post whose content
arrived in between kept saying "Fetching content…" until something else reloaded the list
(seen in a real terminal: the post never showed its text).
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.ui.conftest import build, settle
from tui.core.models import ContentStatus, PostView, ThreadView
from tui.ui.backend import FakeBackend
from tui.ui.screens.thread import ThreadScreen
from tui.ui.screens.timeline import TimelineScreen

pytestmark = pytest.mark.anyio


async def until(pilot: Any, condition: Callable[[], bool]) -> None:
    """Let the app run until ``condition`` holds (bounded): a held worker keeps
    ``workers.wait_for_complete`` from returning."""
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the newer read never landed"
        await pilot.pause(0.02)


class FirstReadHeld(FakeBackend):
    """A fake whose first read of one kind is held after reading, until released (a slow
    query under load); meanwhile the test fetches the content, and later reads see it."""

    def __init__(self, held: str) -> None:
        super().__init__()
        self.held = held
        self.started = threading.Event()
        self.release = threading.Event()
        self._calls = 0
        newest = self._posts[-1]
        self.fetched_text = newest.text
        self._set(
            newest.id, dataclasses.replace(newest, text="", content_status=ContentStatus.PENDING)
        )

    def _set(self, post_id: int, post: PostView) -> None:
        with self._lock:
            index = next(i for i, p in enumerate(self._posts) if p.id == post_id)
            self._posts[index] = post
            self._by_id[post_id] = post

    def content_arrives(self) -> None:
        newest = self._posts[-1]
        self._set(
            newest.id,
            dataclasses.replace(
                newest, text=self.fetched_text, content_status=ContentStatus.VERIFIED
            ),
        )

    def _hold(self, kind: str) -> None:
        if kind != self.held:
            return
        with self._lock:
            self._calls += 1
            first = self._calls == 1
        if first:
            self.started.set()
            self.release.wait(10)

    def timeline(self, kind: str, *args: Any, **kwargs: Any) -> list[PostView]:
        rows = super().timeline(kind, *args, **kwargs)  # read now, handed over when released
        self._hold(kind)
        return rows

    def thread(self, post_id: int) -> ThreadView:
        view = super().thread(post_id)
        self._hold("thread")
        return view


async def test_a_timeline_read_that_ends_late_does_not_undo_a_newer_one() -> None:
    backend = FirstReadHeld("global")
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")  # Global's first read starts, and hangs
        assert await asyncio.to_thread(backend.started.wait, 5)
        backend.content_arrives()  # the content pass verified the post...
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        screen.reload_all()  # ...and reloaded the lists: this read sees the text
        lst = screen.current_list()

        def shown() -> bool:
            post = lst.source.get(0)
            return post is not None and post.text == backend.fetched_text

        await until(pilot, shown)
        backend.release.set()  # the first read ends now, with the post still "fetching"
        await settle(pilot)
        post = lst.source.get(0)
        assert post is not None and post.content_status is ContentStatus.VERIFIED
        assert post.text == backend.fetched_text


async def test_a_thread_read_that_ends_late_does_not_undo_a_newer_one() -> None:
    backend = FirstReadHeld("thread")
    newest = backend.timeline("global", None, 1)[0]
    app = build(backend)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = ThreadScreen(newest.id)
        await app.push_screen(screen)
        assert await asyncio.to_thread(backend.started.wait, 5)
        backend.content_arrives()
        screen.load()  # the reload after the content pass (exclusive: cancels the first)

        def shown() -> bool:
            view = screen.view
            return view is not None and view.post.text == backend.fetched_text

        await until(pilot, shown)
        backend.release.set()
        await settle(pilot)
        assert screen.view is not None and screen.view.post.text == backend.fetched_text
