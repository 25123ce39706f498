"""Fixtures for reading-filter tests: a cached home and the app over the real CoreBackend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.filters.kit import AUTHORS, make_home
from tui.ui.app import AgoraApp

NOW = 1_700_000_000 + 3600
POSTS = [
    (1, AUTHORS[1], "good morning everyone"),
    (2, AUTHORS[2], "the ending of the film: spoiler inside"),
    (3, AUTHORS[3], "llamas are great #llama"),
    (4, AUTHORS[1], "a reply to my own post"),
    (5, AUTHORS[2], "another post by the second author"),
    (6, AUTHORS[0], "my own post mentions spoiler too"),
]


@pytest.fixture
def home(isolated_home: Path) -> Path:
    """Six verified posts by four authors (AUTHORS[0] is the active account)."""
    return make_home(
        isolated_home, POSTS, parents={4: 6}, names={AUTHORS[2]: "Spoiler Sam"}, tags={3: ["llama"]}
    )


def build_core_app() -> AgoraApp:
    """The app as users get it (CoreBackend over the cached index), with a fixed clock."""
    from tui.core.context import AgoraContext
    from tui.ui.backend import CoreBackend
    from tui.ui.factory import make_app

    ctx = AgoraContext.load()
    app = make_app(ctx, backend=CoreBackend(ctx), now=NOW, first_run=False)
    app.animation_level = "none"
    return app


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
