"""Pilot tests of the power-user layer in the real app (make_app over the FakeBackend)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tui.core.config.settings import Settings
from tui.core.context import AgoraContext
from tui.ui.backend import FAKE_NOW, FakeBackend
from tui.ui.command_line import CommandLineScreen
from tui.ui.factory import make_app
from tui.ui.pipe_panel import PipePanel
from tui.ui.screens.confirm import ConfirmModal
from tui.ui.screens.timeline import TimelineScreen
from tui.ui.writes import TipRequest

pytestmark = pytest.mark.anyio
SIZE = (100, 30)


def build(home: Path, **settings: Any) -> Any:
    ctx = AgoraContext(Settings(**settings), home=home, config_path=home / "settings.toml")
    app = make_app(ctx, backend=FakeBackend(), now=FAKE_NOW, first_run=False)
    app.animation_level = "none"
    return app


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*[{" ": "space", ";": "semicolon", ".": "full_stop"}.get(c, c) for c in text])


def notes(app: Any) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def timeline(app: Any) -> TimelineScreen:
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    return screen


async def test_command_line_runs_completes_and_remembers(isolated_home: Path) -> None:
    app = build(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("colon")
        assert isinstance(app.screen, CommandLineScreen)
        await type_text(pilot, "timel")
        await pilot.press("tab")  # completes the command name
        field = app.screen.query_one("#command-input", Input)
        assert field.value == "timeline "
        await pilot.press("tab")  # lists the kinds
        hints = str(app.screen.query_one("#command-hints").render())
        assert "articles" in hints and "notifications" in hints
        await type_text(pilot, "g")
        await pilot.press("tab")
        assert field.value == "timeline global "
        await pilot.press("enter")
        await settle(pilot)
        assert timeline(app).kind == "global"
        # History is persisted and recalled with up.
        assert (isolated_home / "command-history").read_text().splitlines() == ["timeline global"]
        await pilot.press("colon")
        await pilot.press("up")
        assert app.screen.query_one("#command-input", Input).value == "timeline global"
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)


async def test_bad_command_is_explained_and_runs_nothing(isolated_home: Path) -> None:
    app = build(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.run_command_text("timeline global; tip lots")
        await settle(pilot)
        assert timeline(app).kind == "home"  # the valid first half did not run either
        assert "'lots' is not an amount of ETH" in notes(app)


async def test_keymap_override_replaces_the_default_key(isolated_home: Path) -> None:
    app = build(isolated_home, keymap={"timeline.global": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # the default key no longer does it
        await settle(pilot)
        assert timeline(app).kind == "home"
        await pilot.press("x")
        await settle(pilot)
        assert timeline(app).kind == "global"
        assert "Keymap" not in notes(app)


async def test_keymap_clash_and_unknown_id_are_reported(isolated_home: Path) -> None:
    app = build(isolated_home, keymap={"timeline.reply": "t", "timelin.tip": "T"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = notes(app)
        assert "timeline.tip loses key 't' to timeline.reply" in shown
        assert "unknown binding id 'timelin.tip' (did you mean timeline.tip?)" in shown


async def test_macro_on_a_key_runs_each_command_in_order(isolated_home: Path) -> None:
    app = build(isolated_home, keymap={"f9": "timeline global; down 3; up; open; back"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        screen = timeline(app)
        assert screen.kind == "global"
        listing = screen.current_list()
        assert listing.cursor == 2


async def wait_for(pilot: Any, condition: Any) -> None:
    """Pause until ``condition()`` holds (a flow waiting on a modal never completes its worker)."""
    for _ in range(100):
        if condition():
            return
        await pilot.pause(0.02)
    assert condition()


async def test_tip_key_with_an_amount_still_asks_for_confirmation(isolated_home: Path) -> None:
    app = build(isolated_home, keymap={"ctrl+t": "tip 0.001"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post = app.current_post()
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        assert modal.confirmation.value_wei == 10**15
        assert modal.confirmation.summary == f"Tip 0.001 ETH to post #{post.id}"
        await pilot.press("escape")  # cancelled: nothing is signed
        await settle(pilot)
        assert app.backend.writer.submitted == []
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await settle(pilot)
        assert app.backend.writer.submitted == [TipRequest(post.id, 10**15, post.author)]


async def test_pipe_sends_the_highlighted_post_as_json(isolated_home: Path, tmp_path: Path) -> None:
    received = tmp_path / "received.json"
    script = f"import sys; d = sys.stdin.read(); open({str(received)!r}, 'w').write(d); print('[b]saved[/b] \\x1b[31m', len(d))"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"
    app = build(isolated_home, pipe_command=command)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post = app.current_post()
        await pilot.press("vertical_line")
        await settle(pilot)
        panel = app.screen
        assert isinstance(panel, PipePanel)
        assert panel.result.ok and panel.result.output.startswith("[b]saved[/b] ␛[31m")
        output = str(panel.query_one("#pipe-output").render())
        assert "[b]saved[/b]" in output  # shown as text, never parsed as markup
        await pilot.press("escape")
        assert isinstance(app.screen, TimelineScreen)
    document = json.loads(received.read_text())
    assert document["type"] == "post" and document["id"] == post.id
    assert document["text"] == post.text


async def test_pipe_without_a_command_says_how_to_set_one(isolated_home: Path) -> None:
    app = build(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.run_command_text("pipe")
        await settle(pilot)
        assert "No pipe command is configured" in notes(app)
        assert isinstance(app.screen, TimelineScreen)


async def test_palette_offers_named_commands(isolated_home: Path) -> None:
    app = build(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "tip 0.001")
        await settle(pilot)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("run: tip 0.001" in t for t in titles), titles


async def test_pipe_of_hostile_post_in_the_app(isolated_home: Path, tmp_path: Path) -> None:
    """Escapes, markup and shell syntax in a post reach the command verbatim; nothing executes."""
    from dataclasses import replace

    from tui.ui.pipe_panel import pipe_item

    sentinel = tmp_path / "pwned"
    received = tmp_path / "received.json"
    hostile_text = (
        f"$(touch {sentinel}) `touch {sentinel}`; touch {sentinel}\n"
        "\x1b]52;c;cm0gLXJmIH4=\x07 [@click=app.quit]x[/] [b]b[/b] \u202eevil"
    )
    app = build(isolated_home, pipe_command=f"cat > {shlex.quote(str(received))}; echo ok")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post = replace(app.current_post(), text=hostile_text, author_name=f"$(touch {sentinel})")
        result = await pipe_item(app, post)
        await settle(pilot)
        assert isinstance(app.screen, PipePanel) and result.ok and result.output == "ok\n"
    document = json.loads(received.read_text())
    assert document["text"] == hostile_text and document["author_name"] == post.author_name
    assert not sentinel.exists()


async def test_navigation_and_account_commands(isolated_home: Path) -> None:
    from tui.ui.screens.profile import ProfileScreen
    from tui.ui.screens.search import SearchScreen
    from tui.ui.screens.thread import ThreadScreen
    from tui.ui.writes import FAKE_ACCOUNTS

    app = build(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def run(text: str) -> None:
            app.run_command_text(text)
            await settle(pilot)

        await run("search content")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).value == "content"
        await run("back; thread 19")
        assert isinstance(app.screen, ThreadScreen) and app.screen.post_id == 19
        await run("back; profile")
        assert isinstance(app.screen, ProfileScreen)
        await run("back; refresh; timeline articles")
        assert timeline(app).kind == "articles"
        await run(f"account {FAKE_ACCOUNTS[1]}")
        assert app.backend.writer.active == FAKE_ACCOUNTS[1]
        assert f"Now acting as {FAKE_ACCOUNTS[1]}" in notes(app)
        await run("account nobody")
        assert "No account 'nobody'" in notes(app)
        await run("network nowhere")
        assert "No network 'nowhere'" in notes(app)
