"""The garbage collector rests from ``agora``'s start until the first paint, then resumes with
what start-up left alive frozen out of its passes."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tests.ui.conftest import build
from tui.cli import entry
from tui.ui import startup

pytestmark = pytest.mark.anyio


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a test does, the collector is on, unfrozen and not marked paused afterwards."""
    try:
        yield
    finally:
        startup.resume_collection()
        gc.unfreeze()
        gc.enable()


def test_agora_alone_pauses_the_collector_before_opening_the_tui(
    collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(entry, "_open_tui", lambda: seen.append(gc.isenabled()))
    entry.main([])
    assert seen == [False]


def test_a_command_keeps_the_collector(collector: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr("tui.cli.main.main", lambda args: seen.append(gc.isenabled()))
    entry.main(["status"])
    assert seen == [True]


async def test_the_collector_resumes_at_the_first_paint(collector: None) -> None:
    startup.pause_collection()
    app = build()
    async with app.run_test(size=(100, 30)):
        await app.first_paint.wait()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # start-up's objects are out of its passes


async def test_the_collector_resumes_without_a_first_paint(
    collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.ui.app.COLLECTION_PAUSE_LIMIT", 0.05)
    monkeypatch.setattr(startup.FirstPaint, "loaded", lambda self, app: None)  # never paints
    startup.pause_collection()
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        assert app.first_paint.at is None
        assert gc.isenabled()


def test_resuming_leaves_a_collector_it_did_not_pause(collector: None) -> None:
    gc.disable()  # someone else's choice (a test, an embedding program)
    startup.resume_collection()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


async def test_an_app_without_a_paused_collector_sets_no_timer(collector: None) -> None:
    """Apps built in tests (and every sub-command) leave the collector alone, so they set no
    time limit either: a pending one-shot timer keeps an app from ever being idle."""
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        pending = [t for t in app._timers if t._repeat == 0 and not (t._task and t._task.done())]
        assert pending == []
