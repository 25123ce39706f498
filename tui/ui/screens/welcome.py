"""First run: create or import an account (keyring status shown plainly), pick a network."""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from tui.core.errors import AgoraError
from tui.core.text import clean_text
from tui.ui.widgets.footer import AgoraFooter

NO_KEYRING_HELP = (
    "Without a keyring Agora will not store keys in plain files. You can still read every "
    "timeline. To post, either unlock your desktop keyring (GNOME Keyring, KWallet, macOS "
    "Keychain, Windows Credential Locker) or opt in to passphrase-encrypted keystore files by "
    "starting Agora with AGORA_KEY_STORE=file and choosing a passphrase below."
)


def keyring_status() -> tuple[bool, str]:
    """(usable, one-line explanation). Blocks: call from a thread worker."""
    import os

    if os.environ.get("AGORA_KEY_STORE", "").strip().lower() == "file":
        return True, "Keys go to passphrase-encrypted keystore files (AGORA_KEY_STORE=file)."
    from tui.core.wallet.stores import keyring_problem

    problem = keyring_problem()
    if problem is None:
        return True, "Keyring: ready. Your key will be stored in the OS keyring."
    return False, f"Keyring: not usable: {problem}."


class WelcomeScreen(Screen[None]):
    """Shown once, when there is no account yet; lands on the demo timeline.

    Keyboard first: focus starts in the label input; Tab goes label → passphrase → import →
    buttons → network; Enter in any input creates the account (or imports, when the import
    field holds a key or phrase). Progress shows step by step while the key is created,
    stored and (on the devnet) funded.
    """

    AUTO_FOCUS = ""
    """No auto focus (``None`` would inherit the app's, which scrolls the intro away): the label
    input gets focus in ``on_mount`` without scrolling."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="welcome.skip", tooltip="Browse without an account"),
    ]

    FUND_WAIT_SECONDS = 60.0
    """How long funding waits for the devnet to come up before giving up (the account stays)."""

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Static(Content("Welcome to Agora"), classes="screen-title")
        with VerticalScroll(classes="form", can_focus=False):
            yield Static(
                Content(
                    "Decentralized social media on Ethereum and IPFS. Posts are content-addressed, "
                    "tips go straight to authors, and your key never leaves this machine."
                ),
                classes="note",
            )
            yield Static(Content("Keyring: checking…"), id="keyring-status")
            yield Label("Account label (optional)")
            yield Input(placeholder="e.g. main", id="account-label")
            yield Label("Passphrase (optional; required for keystore files)")
            yield Input(password=True, id="account-passphrase")
            yield Label("Import: private key (0x…) or recovery phrase; leave empty to create")
            yield Input(password=True, id="account-import")
            yield Static(Content(""), classes="form-error", id="welcome-error")
            yield Static(Content(""), id="welcome-progress")
            with Horizontal(classes="form-buttons"):
                yield Button("Create account", variant="primary", id="create")
                yield Button("Import", id="import")
                yield Button("Skip", id="skip")
            yield Label("Network (used from the next start)")
            with RadioSet(id="network-choice"):
                yield RadioButton(
                    "Local devnet (starts by itself, demo data)", value=True, id="net-devnet"
                )
                for name in sorted(getattr(app, "network_names", lambda: [])()):
                    yield RadioButton(Content(name), id=f"net-{name}")
        yield AgoraFooter()

    def on_mount(self) -> None:
        self.busy = False
        self.check_keyring()
        self.query_one("#account-label", Input).focus(scroll_visible=False)

    @work(thread=True, exclusive=True, group="welcome-keyring", exit_on_error=False)
    def check_keyring(self) -> None:
        ok, text = keyring_status()
        message = text if ok else f"{text}\n{NO_KEYRING_HELP}"
        self.app.call_from_thread(self._keyring, ok, message)

    def _keyring(self, ok: bool, message: str) -> None:
        widget = self.query_one("#keyring-status", Static)
        widget.update(Content(message))
        widget.set_class(not ok, "form-error")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "skip":
            self.action_skip()
        elif event.button.id in ("create", "import"):
            self.make_account(event.button.id == "import")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field submits: import when a key or phrase was pasted, else create."""
        event.stop()
        importing = bool(self.query_one("#account-import", Input).value.strip())
        self.make_account(importing)

    def _collect(self) -> tuple[str, Any, Any]:
        from tui.core.wallet.secret import Secret

        label = self.query_one("#account-label", Input).value.strip()
        phrase_input = self.query_one("#account-passphrase", Input)
        import_input = self.query_one("#account-import", Input)
        passphrase = Secret(phrase_input.value) if phrase_input.value else None
        imported = Secret(import_input.value.strip()) if import_input.value.strip() else None
        phrase_input.value = ""
        import_input.value = ""
        return label, passphrase, imported

    def make_account(self, importing: bool) -> None:
        if self.busy:
            return
        if importing and not self.query_one("#account-import", Input).value.strip():
            self._error("Paste a private key or a recovery phrase to import.")
            self.query_one("#account-import", Input).focus()
            return
        label, passphrase, imported = self._collect()
        self.busy = True
        self._error("")
        self._progress("Creating your key… (the keyring may ask to unlock)")
        self.create_worker(label, passphrase, imported if importing else None)

    @work(thread=True, exclusive=True, group="welcome-account", exit_on_error=False)
    def create_worker(self, label: str, passphrase: Any, imported: Any) -> None:
        app: Any = self.app
        try:
            wallet = app.open_wallet()
            if imported is None:
                info = wallet.create(label, passphrase)
            elif len(imported.reveal().split()) >= 12:
                info = wallet.import_mnemonic(imported, label=label, passphrase=passphrase)
            else:
                info = wallet.import_key(imported, label, passphrase)
        except AgoraError as exc:
            self.app.call_from_thread(self._failed, clean_text(str(exc)))
            return
        except Exception:  # never a traceback (it could hold the key): a plain message
            self.app.call_from_thread(self._failed, "Could not create the account.")
            return
        address = str(info.address)
        self.app.call_from_thread(self._progress, f"Account {address} is ready. Funding…")
        funded = self._fund(address)
        self.app.call_from_thread(self._done, address, funded)

    def _fund(self, address: str) -> str:
        """Give a new account devnet ETH (only on the local devnet); a line saying what happened."""
        app: Any = self.app
        ready = getattr(app, "network_ready", None)
        backend = app.backend
        if ready is None or not hasattr(backend, "rpc_url"):
            return ""
        if not ready.wait(self.FUND_WAIT_SECONDS) or not backend.rpc_url:
            return "The network is not up yet; fund the account later from the wallet (w)."
        from tui.core.wallet.devnet import DEVNET_CHAIN_ID, fund_on_devnet

        if backend.chain_id != DEVNET_CHAIN_ID:
            return ""
        with app.ctx.rpc(backend.rpc_url) as rpc:
            if fund_on_devnet(rpc, backend.chain_id, address):
                return "Funded with 100 devnet ETH."
        return ""

    def _progress(self, message: str) -> None:
        self.query_one("#welcome-progress", Static).update(Content(message))

    def _error(self, message: str) -> None:
        self.query_one("#welcome-error", Static).update(Content(message))

    def _failed(self, message: str) -> None:
        self.busy = False
        self._progress("")
        self._error(message)

    def _done(self, address: str, funded: str) -> None:
        self.busy = False
        self.notify(f"{address}\n{funded}".strip(), title="Account ready", markup=False, timeout=8)
        app: Any = self.app
        with contextlib.suppress(Exception):
            app.poll_status()
        self._finish()

    def _finish(self) -> None:
        app: Any = self.app
        pressed = self.query_one(RadioSet).pressed_button
        choice = pressed.id.removeprefix("net-") if pressed is not None and pressed.id else "devnet"
        app.choose_network(choice)
        app.ui_state.welcomed = True
        app.save_ui_state()
        self.dismiss(None)
        app.action_timeline("global")

    def action_skip(self) -> None:
        if not self.busy:
            self._finish()
