"""After skipping the welcome, an account can still be created or imported: from the wallet
(c / i), the command line (create-account / import-account) and the palette, all through the
welcome screen's own form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.conftest import DEV_ADDRESSES, DEV_KEYS
from tests.ui.conftest import build, settle
from tui.core.wallet.stores import FakeKeyStore
from tui.core.wallet.wallet import Wallet
from tui.ui.commands import _commands
from tui.ui.screens.account_new import AccountModal
from tui.ui.screens.wallet import WalletScreen
from tui.ui.screens.welcome import WelcomeScreen
from tui.ui.widgets.account_form import AccountForm

pytestmark = pytest.mark.anyio


async def skipped_welcome(pilot: Any, home: Path) -> Wallet:
    """Start as a first run, press Escape on the welcome screen; the wallet has no account."""
    app = pilot.app
    wallet = Wallet(home, FakeKeyStore())
    app.wallet_factory = lambda: wallet
    await settle(pilot)
    assert isinstance(app.screen, WelcomeScreen)
    await pilot.press("escape")
    await settle(pilot)
    assert wallet.accounts() == []
    return wallet


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_wallet_c_creates_an_account_after_skipping(
    fixed_keyring: None, isolated_home: Path, size: tuple[int, int]
) -> None:
    app = build(first_run=True)
    async with app.run_test(size=size) as pilot:
        wallet = await skipped_welcome(pilot, isolated_home)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WalletScreen)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, AccountModal)
        assert app.screen.query_one(AccountForm).mode == "create"
        assert not app.screen.query("#account-import")  # creating asks no key
        assert app.focused is app.screen.query_one("#account-label", Input)
        await type_text(pilot, "later")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WalletScreen)
        assert [a.label for a in wallet.accounts()] == ["later"]


async def test_wallet_i_imports_a_private_key(fixed_keyring: None, isolated_home: Path) -> None:
    app = build(first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        wallet = await skipped_welcome(pilot, isolated_home)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, AccountModal)
        await pilot.press("enter")  # nothing pasted yet: says so, creates nothing
        await settle(pilot)
        assert isinstance(app.screen, AccountModal)
        assert app.focused is app.screen.query_one("#account-import", Input)
        assert wallet.accounts() == []
        await type_text(pilot, DEV_KEYS[1])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WalletScreen)
        assert [a.address for a in wallet.accounts()] == [DEV_ADDRESSES[1]]


@pytest.mark.parametrize(
    ("command", "mode"), [("create-account", "create"), ("import-account", "import")]
)
async def test_command_line_opens_the_account_form(
    fixed_keyring: None, isolated_home: Path, command: str, mode: str
) -> None:
    app = build(first_run=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await skipped_welcome(pilot, isolated_home)
        await pilot.press("colon")
        await type_text(pilot, command)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountModal)
        assert app.screen.query_one(AccountForm).mode == mode
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AccountModal)


async def test_palette_offers_create_and_import(fixed_keyring: None, isolated_home: Path) -> None:
    app = build(first_run=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await skipped_welcome(pilot, isolated_home)
        commands = {title: callback for title, _, callback in _commands(app)}
        for title, mode in (
            ("wallet: create account", "create"),
            ("wallet: import account", "import"),
        ):
            commands[title]()
            await settle(pilot)
            assert isinstance(app.screen, AccountModal)
            assert app.screen.query_one(AccountForm).mode == mode
            app.screen.action_cancel()
            await settle(pilot)


async def test_welcome_imports_a_private_key(fixed_keyring: None, isolated_home: Path) -> None:
    """The key as typed is hex text: the welcome (and the wallet) import its 32 bytes."""
    app = build(first_run=True)
    wallet = Wallet(isolated_home, FakeKeyStore())
    app.wallet_factory = lambda: wallet
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#account-import", Input).value = DEV_KEYS[2]
        await pilot.click("#import")
        await settle(pilot)
        assert not isinstance(app.screen, WelcomeScreen)
        assert [a.address for a in wallet.accounts()] == [DEV_ADDRESSES[2]]


async def test_keystore_files_ask_for_the_passphrase_before_clearing_the_key(
    fixed_keyring: None, isolated_home: Path
) -> None:
    """With keystore files a passphrase is required: the form says so in its own words (not
    the command line's --passphrase) and keeps the pasted key until one is typed."""
    app = build(first_run=True)
    wallet = Wallet(isolated_home, FakeKeyStore(requires_passphrase=True))
    async with app.run_test(size=(80, 24)) as pilot:
        app.wallet_factory = lambda: wallet
        await settle(pilot)
        await pilot.press("escape", "w")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen.query_one(AccountForm)
        form.query_one("#account-import", Input).focus()
        await type_text(pilot, DEV_KEYS[1])
        await pilot.press("enter")
        await settle(pilot)
        error = str(form.query_one("#account-error").render())
        assert "passphrase" in error and "--passphrase" not in error
        assert form.query_one("#account-import", Input).value == DEV_KEYS[1]
        assert app.focused is form.query_one("#account-passphrase", Input)
        assert wallet.accounts() == []
        await type_text(pilot, "a long passphrase")
        await pilot.press("enter")
        await settle(pilot)
        assert [a.address for a in wallet.accounts()] == [DEV_ADDRESSES[1]]
