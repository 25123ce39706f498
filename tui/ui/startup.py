"""Start-up milestones: the first paint of the cached timeline, and what waits for it.

The issue's bar is "the home timeline from the local store paints before anything slow
starts". ``FirstPaint`` marks that moment (the first frame drawn after the first timeline page
landed) so the app can start non-essential work only then, and so the start-up benchmark can
measure it in the real ``agora`` command: with ``AGORA_EXIT_AFTER_FIRST_PAINT=1`` the app quits
right after that frame and ``agora`` prints when it happened (a Unix time) on stderr.

Python's cyclic garbage collector is paused from the start of ``agora`` until that frame
(``pause_collection``): start-up allocates tens of thousands of long-lived objects (modules,
classes, widgets, styles), and the collector kept walking them, a full pass included, for
about a tenth of the time to the first frame, to free ~4,000 objects of ~56,000. It
resumes at the first paint, or after ``COLLECTION_PAUSE_LIMIT`` seconds if no timeline ever
paints (an index that cannot be read), so a long session never runs without it.

What is alive at that moment is frozen first (``gc.freeze``): without it, all of start-up's
~56,000 tracked objects sit in the youngest generation, and the collector's first passes after
the paint walk them again (measured on a seeded devnet home, over the 1.5 s after the paint:
75-170 ms of collection, pauses up to 30-45 ms, against 20-60 ms and 10-20 ms frozen). The
price: start-up's own cyclic garbage (~4,000 objects, ~0.4 MiB) is never freed.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import Callable
from typing import Any

EXIT_ENV = "AGORA_EXIT_AFTER_FIRST_PAINT"
"""Set to 1 to quit right after the first paint (start-up benchmarks)."""


COLLECTION_PAUSE_LIMIT = 5.0
"""Seconds after the app starts when the garbage collector resumes even without a first paint."""

_paused = False
"""Whether ``pause_collection`` turned the collector off (and it has not resumed since)."""


def pause_collection() -> None:
    """Turn the cyclic garbage collector off until the first paint (``agora`` alone, at once)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def collection_paused() -> bool:
    """Whether ``pause_collection`` has the collector off (an app then sets its time limit;
    others set no timer, which would keep them from ever being idle)."""
    return _paused


def resume_collection() -> None:
    """Turn the collector back on if ``pause_collection`` turned it off (once; else nothing),
    with what start-up left alive frozen out of its passes."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def exit_after_first_paint() -> bool:
    """Whether this run is a start-up measurement that quits after the first paint."""
    return os.environ.get(EXIT_ENV, "") not in ("", "0")


def after_first_paint(app: Any, callback: Callable[[], Any]) -> None:
    """Run ``callback`` once ``app`` painted its first timeline (now, in apps without one):
    decoding an image or looking up an avatar must not compete with that frame."""
    first_paint = getattr(app, "first_paint", None)
    if isinstance(first_paint, FirstPaint):
        first_paint.after(callback)
    else:
        callback()


class FirstPaint:
    """The first frame that shows a loaded timeline, and callbacks deferred until it."""

    def __init__(self) -> None:
        self.at: float | None = None
        """Unix time of the first paint (None before it)."""
        self._scheduled = False
        self._callbacks: list[Callable[[], Any]] = []

    def after(self, callback: Callable[[], Any]) -> None:
        """Run ``callback`` on the event loop once the first paint happened (now if it has)."""
        if self.at is not None:
            callback()
        else:
            self._callbacks.append(callback)

    def loaded(self, app: Any) -> None:
        """A timeline's first page is in its list: the next frame is the first paint."""
        if self._scheduled:
            return
        self._scheduled = True
        app.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.at = time.time()
        resume_collection()
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    async def wait(self) -> float:
        """Wait (on the app's event loop) for the first paint; return its Unix time."""
        if self.at is None:
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

            def arrived() -> None:
                if not done.done():
                    done.set_result(None)

            self.after(arrived)
            await done
        assert self.at is not None
        return self.at
