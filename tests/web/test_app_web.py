"""The app in a browser page (``App.is_web``): alternatives to browser keys, no $EDITOR.

Pilot tests of the real app over the fake backend, told it runs in a page; the real page is
driven by tests/web/test_browser.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.widgets import Static

from tests.ui.conftest import build, settle
from tui.ui.app import AgoraApp
from tui.ui.keymap import collect_bindings
from tui.ui.screens.article_editor import ArticleEditorScreen
from tui.ui.screens.compose import ComposeScreen
from tui.ui.web import BROWSER_KEYED_BINDINGS, BROWSER_KEYS, NO_EDITOR, keys_hint, web_keymap


def in_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AgoraApp, "is_web", property(lambda _self: True))


def no_editor(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    ran: list[Any] = []
    monkeypatch.setattr("tui.ui.editor.subprocess.run", lambda *a, **k: ran.append(a))
    return ran


class TestKeymap:
    def test_defaults_on_browser_keys_get_their_alternative(self) -> None:
        assert web_keymap({}) == {"article.preview": "ctrl+t,alt+t"}

    def test_user_overrides_and_command_keys_get_alternatives(self) -> None:
        keymap = {
            "article.preview": "f6",
            "timeline.tip": "T,ctrl+n",
            "ctrl+w": "tip 0.001",
            "ctrl+t": "follow",
            "alt+t": "mute",
        }
        assert web_keymap(keymap) == {
            "article.preview": "f6",  # the user moved it off the browser's key
            "timeline.tip": "T,ctrl+n,alt+n",
            "ctrl+w": "tip 0.001",
            "alt+w": "tip 0.001",
            "ctrl+t": "follow",
            "alt+t": "mute",  # the user's own alt+t wins
        }

    def test_every_binding_on_a_browser_key_is_known_and_no_alternative_is_taken(self) -> None:
        for info in collect_bindings():
            keys = set(info.default.split(","))
            if keys & set(BROWSER_KEYS):
                assert BROWSER_KEYED_BINDINGS.get(info.id) == info.default, info.id
            assert not keys & set(BROWSER_KEYS.values()), info.id
        assert set(BROWSER_KEYED_BINDINGS) <= {info.id for info in collect_bindings()}

    def test_the_keys_line_of_a_screen_drops_the_editor_and_names_the_alternatives(self) -> None:
        hint = "ctrl+s publish · ctrl+g $EDITOR · ctrl+t preview · escape close"

        class Page:
            is_web = True

        class Terminal:
            is_web = False

        assert keys_hint(Page(), hint) == "ctrl+s publish · alt+t preview · escape close"
        assert keys_hint(Terminal(), hint) == hint


def run_article_editor(test: Any) -> None:
    async def scenario() -> None:
        app = build()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(ArticleEditorScreen())
            await settle(pilot)
            assert isinstance(app.screen, ArticleEditorScreen)
            await test(app, pilot)

    asyncio.run(scenario())


def test_in_a_page_alt_t_toggles_the_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    in_a_page(monkeypatch)

    async def test(app: AgoraApp, pilot: Any) -> None:
        pane = app.screen.query_one("#article-preview-pane")
        shown = pane.display
        await pilot.press("alt+t")
        await settle(pilot)
        assert pane.display is not shown
        await pilot.press("ctrl+t")  # still works where the browser lets it through
        await settle(pilot)
        assert pane.display is shown
        keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert "alt+t" in keys

    run_article_editor(test)


def test_in_a_terminal_the_keys_are_unchanged() -> None:
    async def test(app: AgoraApp, pilot: Any) -> None:
        keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert "ctrl+t" in keys and "alt+t" not in keys
        assert any(
            b.binding.action == "external_editor" for b in app.screen.active_bindings.values()
        )

    run_article_editor(test)


@pytest.mark.parametrize("screen_class", [ComposeScreen, ArticleEditorScreen])
def test_in_a_page_there_is_no_editor_key(
    screen_class: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    in_a_page(monkeypatch)
    ran = no_editor(monkeypatch)

    async def scenario() -> None:
        app = build()
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.push_screen(screen_class())
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, screen_class)
            assert screen.check_action("external_editor", ()) is False
            footer_actions = {
                b.binding.action for b in screen.active_bindings.values() if b.enabled
            }
            assert "external_editor" not in footer_actions
            keys_line = str(screen.query_one(".dialog-keys", Static).content)
            assert "$EDITOR" not in keys_line and "ctrl+s" in keys_line
            await pilot.press("ctrl+g")
            screen.action_external_editor()  # even when run as a command: no editor, a note
            await settle(pilot)
            assert ran == []
            assert any(NO_EDITOR in str(n.message) for n in app._notifications)

    asyncio.run(scenario())
