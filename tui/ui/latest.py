"""Hand a thread worker's result to the event loop only while it is still the latest.

``exclusive=True`` makes Textual cancel a group's older worker when a newer one starts, but
a thread cannot be stopped: the older read runs on and hands over its rows, which may land
after the newer read's (a thread reloaded while a post's content arrived would then show the
post "fetching" for good). ``call_latest`` checks the cancellation on the event loop, where it
happens, right before applying, so a result that was overtaken is dropped, never shown last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.worker import get_current_worker


def call_latest(app: Any, callback: Callable[..., Any], *args: Any) -> None:
    """From a worker thread: run ``callback(*args)`` on the event loop unless this worker
    has been cancelled (overtaken by a newer one of its exclusive group, or its screen closed)
    by the time it would run."""
    worker = get_current_worker()

    def apply() -> Any:
        if not worker.is_cancelled:
            return callback(*args)  # awaited by call_from_thread when async
        return None

    app.call_from_thread(apply)
