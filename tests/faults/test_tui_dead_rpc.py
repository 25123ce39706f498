"""The TUI over the real CoreBackend with a dead or hostile RPC node: keys work, a notice explains."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from textual.worker import WorkerFailed

from tests.faults.proxy import FaultyRpc
from tests.faults.test_rpc_faults import _agora, _settings
from tests.hostile.corpus import forbidden
from tests.hostile.test_tui_hostile import Tripwires, _screen_text
from tests.index.kit import Agora
from tui.core.context import AgoraContext
from tui.ui.backend import CoreBackend
from tui.ui.factory import make_app
from tui.ui.run import network_resolver


async def _drive(faulty: FaultyRpc) -> tuple[list[str], list[str], str, bool]:
    ctx = AgoraContext.load()
    backend = CoreBackend(ctx)  # exactly what `agora` builds (tui.ui.run.run_tui)
    app = make_app(ctx, backend=backend, resolve=network_resolver(ctx, backend), first_run=False)
    async with app.run_test(size=(110, 30)) as pilot:
        trips = Tripwires(app)
        for key in ["1", "2", "j", "k", "question_mark", "escape", "4", "2"]:
            await pilot.press(key)  # each key is handled while workers wait on the node
            await pilot.pause()
        with contextlib.suppress(WorkerFailed):  # failures are the app's to report, below
            await app.workers.wait_for_complete()  # bounded: RPC timeout 1 s, proxy stall 2 s
        await pilot.pause()
        notes = [f"{n.title}: {n.message}" for n in app._notifications]
        text = _screen_text(app)
        running = app.is_running
    return notes, trips.fired, text, running


@pytest.mark.parametrize(
    "fault", ["timeout_before", "drop_before", "http_503", "rpc_error", "wrong_chain"]
)
def test_tui_stays_responsive_and_explains(
    fault: str, agora: Agora, faulty: FaultyRpc, capsys: pytest.CaptureFixture[str]
) -> None:
    _settings(agora, faulty.url)
    agora.post(0, "cached before the outage")
    assert _agora(["sync", "--json", "--no-fetch"], capsys)[0] == 0
    faulty.set(fault)
    notes, fired, text, running = asyncio.run(_drive(faulty))
    assert running and fired == []
    assert notes, "a notification explains that the node is unreachable"
    for note in notes:
        assert forbidden(note) == [], note
    assert "PWNED" not in " ".join(notes) or "\u241b" in " ".join(notes)
    assert forbidden(text) == []


@pytest.mark.parametrize("fault", ["ok", "drop_before", "timeout_before"])
def test_tui_shows_cached_timeline(
    fault: str, agora: Agora, faulty: FaultyRpc, capsys: pytest.CaptureFixture[str]
) -> None:
    _settings(agora, faulty.url)
    agora.post(0, "cached before the outage")
    assert _agora(["sync", "--json", "--no-fetch"], capsys)[0] == 0
    faulty.set(fault)
    _notes, _fired, text, _running = asyncio.run(_drive(faulty))
    assert "cached before the outage" in text
