"""First run: create or import an account (keyring status shown plainly), pick a network."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from tui.core.errors import AgoraError

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
    """Shown once, when there is no account yet; lands on the demo timeline."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="welcome.skip", tooltip="Browse without an account"),
    ]

    def compose(self) -> ComposeResult:
        app: Any = self.app
        yield Static(Content("Welcome to Agora"), classes="screen-title")
        with VerticalScroll(classes="form"):
            yield Static(
                Content(
                    "Decentralized social media on Ethereum and IPFS. Posts are content-addressed, "
                    "tips go straight to authors, and your key never leaves this machine."
                ),
                classes="note",
            )
            yield Static(Content("Keyring: checking…"), id="keyring-status")
            yield Label("Network")
            with RadioSet(id="network-choice"):
                yield RadioButton(
                    "Local devnet (starts by itself, demo data)", value=True, id="net-devnet"
                )
                for name in sorted(getattr(app, "network_names", lambda: [])()):
                    yield RadioButton(Content(name), id=f"net-{name}")
            yield Label("Account label (optional)")
            yield Input(placeholder="e.g. main", id="account-label")
            yield Label("Passphrase (optional; required for keystore files)")
            yield Input(password=True, id="account-passphrase")
            yield Label("Import: private key (0x…) or recovery phrase; leave empty to create")
            yield Input(password=True, id="account-import")
            yield Static(Content(""), classes="form-error", id="welcome-error")
            with Horizontal(classes="form-buttons"):
                yield Button("Create account", variant="primary", id="create")
                yield Button("Import", id="import")
                yield Button("Skip", id="skip")
        yield Footer()

    def on_mount(self) -> None:
        self.check_keyring()

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
        if event.button.id == "skip":
            self.action_skip()
        elif event.button.id in ("create", "import"):
            self.make_account(event.button.id == "import")

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
        label, passphrase, imported = self._collect()
        if importing and imported is None:
            self._error("Paste a private key or a recovery phrase to import.")
            return
        self._error("")
        self.query_one("#welcome-error", Static).update(Content("Working… (keyring may ask)"))
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
            self.app.call_from_thread(self._error, str(exc))
            return
        self.app.call_from_thread(self._done, str(info.address))

    def _error(self, message: str) -> None:
        self.query_one("#welcome-error", Static).update(Content(message))

    def _done(self, address: str) -> None:
        self.notify(address, title="Account ready", markup=False)
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
        self._finish()
