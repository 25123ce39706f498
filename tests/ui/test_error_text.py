"""Error text raised in command, network-choice, editor and screen paths reaches the user sanitised.

An error message can carry a node's or a stranger's text: ESC/C1 controls would act on the
terminal and ``[@click=...]`` would run an app action if it were parsed as markup.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.ui.conftest import build, settle
from tui.core.errors import AgoraError, ChainError
from tui.ui.backend import FakeBackend

pytestmark = pytest.mark.anyio

HOSTILE = "bad \x1b]0;pwned\x07 \x9b2J node [@click=app.quit]click me[/] end"
CONTROLS = ("\x1b", "\x07", "\x9b")


def _quit_trap(app: Any) -> list[str]:
    fired: list[str] = []
    app.action_quit = lambda *_a, **_k: fired.append("quit")
    return fired


def _assert_clean(app: Any, fired: list[str]) -> None:
    notes = list(app._notifications)
    assert notes, "the failure is explained"
    hostile = [n for n in notes if "click me" in n.message]
    assert hostile, [n.message for n in notes]
    for note in hostile:
        assert not any(c in note.message for c in CONTROLS), repr(note.message)
        assert "[@click=app.quit]" in note.message  # kept literally: shown, not parsed
        assert note.markup is False
    assert fired == []
    assert app.is_running


async def test_command_parse_error_is_sanitised(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(_text: str) -> Any:
        raise AgoraError(HOSTILE)

    monkeypatch.setattr("tui.core.commands.parse_macro", parse)  # power imports it at use
    app = build(first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        fired = _quit_trap(app)
        await settle(pilot)
        app.run_command_text("whatever")
        await settle(pilot)
        _assert_clean(app, fired)


async def test_command_run_error_is_sanitised(monkeypatch: pytest.MonkeyPatch) -> None:
    async def execute(_app: Any, _call: Any) -> None:
        raise ChainError(HOSTILE)

    monkeypatch.setattr("tui.ui.command_runner.execute", execute)
    app = build(first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        fired = _quit_trap(app)
        await settle(pilot)
        app.run_command_text("refresh")
        await settle(pilot)
        _assert_clean(app, fired)


async def test_choose_network_error_is_sanitised(monkeypatch: pytest.MonkeyPatch) -> None:
    def save(*_a: Any, **_k: Any) -> None:
        raise AgoraError(HOSTILE)

    monkeypatch.setattr("tui.core.config.edit.update_settings", save)
    app = build(first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        fired = _quit_trap(app)
        await settle(pilot)
        app.ctx = SimpleNamespace(settings=SimpleNamespace(network="devnet", networks={}))  # type: ignore[assignment]
        app.choose_network("other")
        await settle(pilot)
        _assert_clean(app, fired)


class _UnreadablePath(type(Path())):  # type: ignore[misc]
    def read_text(self, *_a: Any, **_k: Any) -> str:
        raise OSError(HOSTILE)


async def test_external_editor_error_is_sanitised(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.ui.screens.compose import ComposeScreen

    monkeypatch.setenv("VISUAL", "true")
    monkeypatch.setattr("tui.ui.editor.Path", _UnreadablePath)
    app = build(first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        fired = _quit_trap(app)
        await settle(pilot)
        screen = ComposeScreen()
        app.push_screen(screen)
        await settle(pilot)
        screen.action_external_editor()
        await settle(pilot)
        _assert_clean(app, fired)


class _FailingBackend(FakeBackend):
    """Every read fails with hostile node text."""

    def thread(self, post_id: int) -> Any:
        raise ChainError(HOSTILE)

    def profile(self, address: str) -> Any:
        raise ChainError(HOSTILE)


@pytest.mark.parametrize("where", ["thread", "profile"])
async def test_screen_load_error_is_sanitised(where: str) -> None:
    from tui.ui.screens.profile import ProfileScreen
    from tui.ui.screens.thread import ThreadScreen

    app = build(_FailingBackend(), first_run=False)
    async with app.run_test(size=(100, 30)) as pilot:
        fired = _quit_trap(app)
        await settle(pilot)
        if where == "thread":
            app.push_screen(ThreadScreen(1))
        else:
            app.push_screen(ProfileScreen("0x" + "11" * 20))
        await settle(pilot)
        _assert_clean(app, fired)
