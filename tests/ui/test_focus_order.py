"""Every form's focus order: Tab and Shift+Tab visit each field in visual order, and text typed
right after a Tab lands in the field the focus moved to, even when the keys arrive together."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from textual import events
from textual.keys import key_to_character
from textual.widgets import Input, TextArea

from tests.ui.conftest import build, settle
from tui.ui.screens.account_new import AccountModal
from tui.ui.screens.article_editor import PublishModal
from tui.ui.screens.profile_edit import ProfileEditModal

pytestmark = pytest.mark.anyio

Opener = Callable[[Any], Awaitable[None]]


def keys(*pressed: str) -> Opener:
    async def open_form(pilot: Any) -> None:
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return open_form


def push(make: Callable[[], Any]) -> Opener:
    async def open_form(pilot: Any) -> None:
        pilot.app.push_screen(make())
        await settle(pilot)

    return open_form


async def open_tip(pilot: Any) -> None:
    """The tip dialog for the highlighted post on Global (``t`` waits in a worker for it)."""
    from tui.ui.screens.tip import TipModal

    await keys("2")(pilot)
    pilot.app.push_screen(TipModal(pilot.app.current_post(), 10**18))
    await settle(pilot)


@dataclass(frozen=True)
class Form:
    name: str
    open: Opener
    order: tuple[str, ...]
    """Ids of the focusable widgets, top to bottom and left to right as drawn."""
    first_run: bool = False


FORMS = [
    Form(
        "welcome",
        keys(),
        (
            "account-label",
            "account-passphrase",
            "account-import",
            "welcome-name",
            "network-choice",
            "create",
            "import",
            "skip",
        ),
        first_run=True,
    ),
    Form("compose", keys("n", "ctrl+o"), ("compose-cw", "compose-text")),
    Form(
        "article editor",
        keys("W"),
        ("article-title", "article-summary", "article-body", "article-preview-pane"),
    ),
    Form("publish dialog", push(lambda: PublishModal("A title")), ("price", "supply")),
    Form(
        "tip",
        open_tip,
        ("tip-preset-0", "tip-preset-1", "tip-preset-2", "tip-custom", "tip-token", "tip-symbol"),
    ),
    Form(
        "settings",
        keys("s"),
        (
            "active-network",
            "theme",
            "net-name",
            "net-rpc_url",
            "net-chain_id",
            "net-social",
            "net-articles",
            "net-gateways",
            "net-kubo_rpc",
            # no rules and nobody muted: the two empty lists are no tab stops
            "filter-text",
            "filter-kind",
            "filter-action",
            "filter-expires",
            "person-ref",
            "person-level",
            "hide-home",
            "hide-global",
            "desktop-notifications",
            "save",
            "cancel",
        ),
    ),
    Form(
        "create account",
        push(lambda: AccountModal("create")),
        ("account-label", "account-passphrase"),
    ),
    Form(
        "import account",
        push(lambda: AccountModal("import")),
        ("account-label", "account-passphrase", "account-import"),
    ),
    Form(
        "profile edit",
        push(lambda: ProfileEditModal(None)),
        ("profile-name", "profile-bio", "profile-links"),
    ),
]


def focused_id(app: Any) -> str | None:
    return app.focused.id if app.focused is not None else None


def text_of(app: Any, widget_id: str) -> str | None:
    """The text of a text field, None for buttons, lists and choosers."""
    widget = app.screen.query_one(f"#{widget_id}")
    if isinstance(widget, Input):
        return str(widget.value)
    if isinstance(widget, TextArea):
        return widget.text
    return None


async def burst(pilot: Any, *pressed: str) -> None:
    """Deliver keys the way one terminal read does when typing fast: all queued at once."""
    app = pilot.app
    for key in pressed:
        character = key if len(key) == 1 else key_to_character(key)
        app.post_message(events.Key(key, character))
    await settle(pilot)


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
async def test_tab_walks_every_field_in_visual_order(form: Form, fixed_keyring: None) -> None:
    app = build(first_run=form.first_run)
    async with app.run_test(size=(160, 70)) as pilot:  # tall enough that nothing scrolls
        await settle(pilot)
        await form.open(pilot)
        assert focused_id(app) == form.order[0]
        chain = [w.id for w in app.screen.focus_chain]
        assert chain == list(form.order)
        drawn = sorted(form.order, key=lambda i: app.screen.query_one(f"#{i}").region.offset[::-1])
        assert list(form.order) == drawn  # top to bottom, then left to right
        seen = []
        for _ in form.order:
            seen.append(focused_id(app))
            await pilot.press("tab")
        assert seen == list(form.order)
        assert focused_id(app) == form.order[0]  # wraps round
        back = []
        for _ in form.order:
            await pilot.press("shift+tab")
            back.append(focused_id(app))
        assert back == list(reversed(form.order))


@pytest.mark.parametrize("form", FORMS, ids=[f.name for f in FORMS])
async def test_typing_after_tab_lands_in_the_focused_field(form: Form, fixed_keyring: None) -> None:
    """One burst: Tab, a letter, Tab, a letter… each letter ends up in the field Tab reached."""
    app = build(first_run=form.first_run)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await form.open(pilot)
        text_fields = [i for i in form.order if text_of(app, i) is not None]
        before = {i: text_of(app, i) for i in text_fields}
        pressed: list[str] = []
        expected: dict[str, str] = {}
        for index, widget_id in enumerate(form.order[1:]):
            pressed.append("tab")
            if widget_id in before:
                letter = "abcdefghijklmnop"[index]
                pressed.append(letter)
                expected[widget_id] = f"{before[widget_id]}{letter}"
        await burst(pilot, *pressed)
        assert focused_id(app) == form.order[-1]
        assert {i: text_of(app, i) for i in expected} == expected
        first = form.order[0]
        assert text_of(app, first) == before.get(first)


async def test_enter_in_the_price_moves_on_before_the_next_keys() -> None:
    """Publish dialog: "0.01", Enter, "5" typed in one burst puts 5 in the number of editions."""
    app = build()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        results: list[Any] = []
        app.push_screen(PublishModal("A title"), results.append)
        await settle(pilot)
        await burst(pilot, "0", "full_stop", "0", "1", "enter", "5")
        screen = app.screen
        assert screen.query_one("#price", Input).value == "0.01"
        assert screen.query_one("#supply", Input).value == "5"
        await pilot.press("enter")
        await settle(pilot)
        assert results == [(10**16, 5)]
