"""The welcome screen is whole at 80×24 and 100×30: intro, fields and buttons without scrolling,
with the label input focused."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Button, Input

from tests.ui.conftest import SIZES, build, settle

pytestmark = pytest.mark.anyio


NO_KEYRING = (
    False,
    "Keyring: not usable: the keyring backend is keyring.backends.fail.Keyring, which is not "
    "secure storage.",
)


@pytest.mark.parametrize("keyring_ok", [True, False], ids=["keyring", "no-keyring"])
@pytest.mark.parametrize("size", SIZES)
async def test_welcome_fits_with_buttons_visible_and_label_focused(
    size: tuple[int, int], keyring_ok: bool, fixed_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not keyring_ok:  # its help takes three more lines: still no scrolling
        monkeypatch.setattr("tui.ui.widgets.account_form.keyring_status", lambda: NO_KEYRING)
    app = build(first_run=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        form = app.screen.query_one(".form", VerticalScroll)
        assert form.max_scroll_y == 0  # nothing below the fold
        footer_top = size[1] - 1
        for button in app.screen.query(Button):
            region = button.region
            assert region.height == 3 and region.bottom <= footer_top, button.id
            assert region.right <= size[0], button.id
        assert app.focused is app.screen.query_one("#account-label", Input)
        await pilot.press("m", "a", "i", "n")
        assert app.screen.query_one("#account-label", Input).value == "main"
