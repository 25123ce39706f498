"""Fixtures for the writing-flow tests: a small host app over the FakeBackend, fixed data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static, TextArea

from tui.core.models import ArticleView, ContentStatus, PostView
from tui.ui.backend import FakeBackend

CSS = Path(__file__).resolve().parents[3] / "tui" / "ui" / "agora.tcss"

POST = PostView(
    id=12,
    author="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    parent=0,
    cid="bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
    text="Content-addressed posts mean nobody can silently edit what you said.",
    content_status=ContentStatus.VERIFIED,
    block=22,
    tx_hash="0x" + "12" * 32,
    timestamp=1_750_000_000 - 600,
    author_name="Brendan [b]x[/b]",
)

ARTICLE = ArticleView(
    id=2,
    author="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    owner="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    cid="bafkreiarticle2",
    title="Why tips beat ads",
    description="Paying writers directly, in ETH, from a terminal.",
    body_cid="bafkreiarticlebody2",
    price_wei=5 * 10**15,
    max_editions=100,
    editions=37,
    content_status=ContentStatus.VERIFIED,
    block=12,
    tx_hash="0x" + "ab" * 32,
    timestamp=1_750_000_000 - 86_400,
    author_name="Brendan",
)


class HostApp(App[None]):
    """A minimal app holding a backend, so each writing screen can be tested on its own."""

    CSS_PATH = str(CSS) if CSS.exists() else None

    def __init__(self, backend: Any | None = None) -> None:
        super().__init__()
        self.backend = backend or FakeBackend()
        self.animation_level = "none"

    def compose(self) -> ComposeResult:
        yield Static("host", id="host")


def no_blink(app: App[Any]) -> None:
    """Stop cursors blinking so snapshots are deterministic: a focused field shows its
    cursor, any other none. Set outright too: a blink tick already queued when the blink
    stops can still hide the cursor once (seen under load)."""
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
            widget._cursor_visible = widget.has_focus


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def host(backend: FakeBackend) -> HostApp:
    return HostApp(backend)


def make_agora(backend: FakeBackend | None = None) -> App[Any]:
    """The real app (same factory as ``agora``) over the fake backend, with a fixed clock."""
    from tui.ui.backend import FAKE_NOW
    from tui.ui.factory import make_app

    app = make_app(backend=backend or FakeBackend(), now=FAKE_NOW)
    app.animation_level = "none"
    return app


QUIET_ROUNDS = 5
"""Rounds in a row with nothing left to happen before ``settle`` counts the app as settled."""


def _busy(app: App[Any]) -> bool:
    """Whether something is still due to change the screen: Agora's first timeline not
    painted yet, a worker running (a page load,
    a flow that is not waiting for the user's answer in a dialog), or a one-shot timer not yet fired (a debounce, a toast's life, a retiring tray
    line). Repeating timers (the status poll) never end, so they do not count."""
    from textual.screen import ModalScreen
    from textual.worker import WorkerState

    from tui.ui.flows import FLOW_GROUP

    first_paint = getattr(app, "first_paint", None)
    if first_paint is not None and first_paint.at is None:
        return True  # the opening timeline is not drawn (nor focused) yet
    asking = isinstance(app.screen, ModalScreen)  # a write flow waiting for the user's answer
    running = (WorkerState.PENDING, WorkerState.RUNNING)
    for worker in app.workers:
        if worker.state in running and not (asking and worker.group == FLOW_GROUP):
            return True
    nodes = [app, *app.screen_stack]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children())
    for node in nodes:
        for timer in list(node._timers):
            task = timer._task
            if timer._repeat == 0 and task is not None and not task.done():
                return True
    return False


async def settle(pilot: Any, until: Any = None, rounds: int = 100) -> None:
    """Let workers and screens catch up (bounded by ``rounds`` × 20 ms): until ``until()`` is
    true (when given), then until the app has been idle for ``QUIET_ROUNDS`` rounds, so what
    the condition waited for has also finished drawing (a dialog fitted to the screen)."""
    quiet = 0
    reached = until is None
    for _ in range(rounds):
        await pilot.pause(0.02)
        if not reached:
            reached = bool(until())
            continue
        quiet = 0 if _busy(pilot.app) else quiet + 1
        if quiet >= QUIET_ROUNDS:
            break
    no_blink(pilot.app)
    await pilot.pause()  # a blink tick queued before the stop runs here, then is undone
    no_blink(pilot.app)
