"""Every TUI screen that shows strangers' text, filled with the corpus: nothing parses, nothing fires."""

from __future__ import annotations

import asyncio
import html
import re
from typing import Any

import pytest

from tests.hostile.backend import AUTHOR, FakeHostileBackend
from tests.hostile.corpus import forbidden
from tui.ui.backend import FAKE_NOW
from tui.ui.factory import make_app

SIZE = (120, 40)


def _screen_text(app: Any) -> str:
    """The characters on screen, from the exported SVG (what the user sees)."""
    svg = app.export_screenshot()
    text = html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)))
    return text.replace("\xa0", " ")  # the SVG keeps spaces as no-break spaces


class Tripwires:
    """Flags that turn true if content manages to run an app action."""

    def __init__(self, app: Any) -> None:
        self.fired: list[str] = []
        for name in ("quit", "bell", "push_screen", "toggle_dark", "open_url"):
            if hasattr(app, f"action_{name}"):
                setattr(app, f"action_{name}", self._trip(name))
        self.real_open_url = getattr(app, "open_url", None)
        app.open_url = self._trip("open_url()")

    def _trip(self, name: str) -> Any:
        def fired(*_: Any, **__: Any) -> None:
            self.fired.append(name)

        return fired


async def _settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _click_everywhere(pilot: Any) -> None:
    """Click a grid of points: a parsed ``[@click=…]`` anywhere on screen would fire."""
    for y in range(2, SIZE[1] - 2, 5):
        for x in (3, 30):
            await pilot.click(offset=(x, y))
    await pilot.pause()


@pytest.mark.parametrize(
    "what", ["home", "global", "articles", "notifications", "search", "thread", "profile", "reader"]
)
def test_screen_shows_hostile_content_as_text(what: str) -> None:
    asyncio.run(_run_screen(what))


async def _run_screen(what: str) -> None:
    app = make_app(backend=FakeHostileBackend(), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        app.animation_level = "none"
        trips = Tripwires(app)
        await _settle(pilot)
        if what == "global":
            await pilot.press("2")
        elif what == "articles":
            await pilot.press("3")
        elif what == "notifications":
            await pilot.press("4")
        elif what == "search":
            app.action_search()
            await _settle(pilot)
            await pilot.press(*"click", "enter")
        elif what == "thread":
            app.action_open_thread(1)
        elif what == "profile":
            app.action_open_profile(AUTHOR)
        elif what == "reader":
            from tui.ui.screens.article_reader import ArticleReaderScreen

            app.push_screen(ArticleReaderScreen(app.backend.articles()[0]))
        await _settle(pilot)
        for key in ["j"] * 12 + ["G", "g"]:
            await pilot.press(key)
        await _settle(pilot)
        text = _screen_text(app)
        await _click_everywhere(pilot)
        await _settle(pilot)
        assert app.is_running
        assert trips.fired == [], trips.fired
        assert forbidden(text) == []
        if what in ("home", "global", "search"):
            assert "[@click=" in text or "[/]" in text or "\u241b" in text, text[:2000]


def test_tripwire_detects_markup_that_was_parsed() -> None:
    """Control: a raw markup string in a Static *does* fire when clicked, so the tripwire works."""

    async def run() -> list[str]:
        from textual.widgets import Static

        app = make_app(backend=FakeHostileBackend(), now=FAKE_NOW, first_run=False)
        async with app.run_test(size=SIZE) as pilot:
            trips = Tripwires(app)
            await _settle(pilot)
            await app.screen.mount(
                Static("[@click=app.bell]RING RING RING[/]", id="bait"), before=0
            )
            await _settle(pilot)
            await pilot.click("#bait", offset=(2, 0))
            await pilot.pause()
            return trips.fired

    assert "bell" in asyncio.run(run())


def test_crash_screen_shows_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """A signing failure in a handler crashes the app: Textual prints a traceback with locals."""
    from rich.console import Console

    from tests.hostile.test_secrets import KEY, TX, assert_no_secret
    from tui.core.wallet import Secret
    from tui.core.wallet.signer import Signer

    monkeypatch.setattr("eth_account.account.sign_transaction_dict", None)

    async def run() -> str:
        app = make_app(backend=FakeHostileBackend(), now=FAKE_NOW, first_run=False)

        def sign_now() -> None:
            key = Secret(KEY)
            Signer("0x" + "00" * 20, key).sign(dict(TX))

        async with app.run_test(size=SIZE) as pilot:
            await _settle(pilot)
            app.call_later(sign_now)
            await pilot.pause()
            await pilot.pause()
        console = Console(record=True, width=160, color_system=None)
        for renderable in app._exit_renderables:
            console.print(renderable)
        return console.export_text()

    try:
        text = asyncio.run(run())
    except Exception as exc:  # run_test re-raises the app's exception
        import traceback

        text = "".join(traceback.format_exception(exc))
    assert "Signing failed" in text or "WalletError" in text, text[-2000:]
    assert_no_secret(text)
