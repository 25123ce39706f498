"""Snapshots of the command line (with completion hints) and the pipe panel, at 100x30 and 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.core.config.settings import Settings
from tui.core.context import AgoraContext
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.factory import make_app

SIZES = [(100, 30), (80, 24)]


def build(home: Path, **settings: Any) -> Any:
    ctx = AgoraContext(Settings(**settings), home=home, config_path=home / "settings.toml")
    app = make_app(ctx, backend=FakeBackend(), now=FAKE_NOW, first_run=False)
    app.animation_level = "none"
    return app


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def keys_for(text: str) -> list[str]:
    return [{" ": "space", ";": "semicolon", ".": "full_stop"}.get(c, c) for c in text]


@pytest.mark.parametrize("size", SIZES)
class TestCommandLine:
    def test_completion_hints(self, snap_compare: Any, size: Any, isolated_home: Path) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("colon", *keys_for("timeline "), "tab")
            await pilot.pause()

        assert snap_compare(build(isolated_home), terminal_size=size, run_before=before)

    def test_usage_hint(self, snap_compare: Any, size: Any, isolated_home: Path) -> None:
        async def before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("colon", *keys_for("tip 0.0"))
            await pilot.pause()

        assert snap_compare(build(isolated_home), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
class TestPipePanel:
    def test_hostile_output_is_plain_text(
        self, snap_compare: Any, size: Any, isolated_home: Path
    ) -> None:
        # No paths in the frame: a plain shell command that reads the JSON and answers.
        command = (
            "wc -c >/dev/null; printf '[b]not bold[/b] [@click=app.quit]x[/] "
            "\\033]0;title\\007 \\342\\200\\256evil\\nsaved\\n'"
        )
        app = build(isolated_home, pipe_command=command)

        async def before(pilot: Any) -> None:
            await settle(pilot)
            await pilot.press("vertical_line")
            await settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=before)
