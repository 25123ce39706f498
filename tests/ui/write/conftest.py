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
    """Stop cursors blinking so snapshots are deterministic."""
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False


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


async def settle(pilot: Any, until: Any = None, rounds: int = 100) -> None:
    """Let workers and screens catch up (bounded), optionally until ``until()`` is true."""
    for _ in range(rounds):
        await pilot.pause(0.02)
        if until is not None and until():
            break
    await pilot.pause()
    no_blink(pilot.app)
