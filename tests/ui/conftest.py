"""Fixtures for the TUI tests: the one app factory over the FakeBackend with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tui.ui.app import AgoraApp
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.factory import make_app

SIZES = [(100, 30), (80, 24)]


def build(backend: FakeBackend | None = None, **kwargs: Any) -> AgoraApp:
    """An app over fixed fake data and a fixed clock, with animations off."""
    app = make_app(backend=backend or FakeBackend(), now=FAKE_NOW, **kwargs)
    app.animation_level = "none"
    return app


async def settle(pilot: Any) -> None:
    """Wait for every worker (page loads, status) and the repaint that follows."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def fixed_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The welcome screen's keyring line, fixed so snapshots do not depend on the machine."""
    monkeypatch.setattr(
        "tui.ui.widgets.account_form.keyring_status",
        lambda: (True, "Keyring: ready. Your key will be stored in the OS keyring."),
    )


@pytest.fixture
def app_factory() -> Callable[..., AgoraApp]:
    return build


@pytest.fixture
def anyio_backend() -> str:
    """Async pilot tests run on asyncio through anyio's pytest plugin."""
    return "asyncio"
