"""The one account form: create a key or import one, store it, fund it on the devnet.

The welcome screen and the wallet's "create account" / "import account" dialog both hold this
widget, so there is one way an account comes to be in the TUI. The blocking parts (keyring,
key derivation, funding) run in a thread worker; the form posts :class:`AccountForm.Created`
once the account is stored.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static

from tui.core.errors import AgoraError, WalletError
from tui.core.text import clean_text

Mode = Literal["either", "create", "import"]
"""``either``: import when a key or phrase was pasted, else create (the welcome screen)."""

NO_KEYRING_HELP = (
    "You can still read every timeline. To post, unlock your desktop keyring, or start Agora "
    "with AGORA_KEY_STORE=file and choose a passphrase below (keystore files)."
)

FUND_WAIT_SECONDS = 60.0
"""How long funding waits for the devnet to come up before giving up (the account stays)."""


def keyring_status() -> tuple[bool, str]:
    """(usable, one-line explanation). Blocks: call from a thread worker."""
    if os.environ.get("AGORA_KEY_STORE", "").strip().lower() == "file":
        return True, "Keys go to passphrase-encrypted keystore files (AGORA_KEY_STORE=file)."
    from tui.core.wallet.stores import keyring_problem

    problem = keyring_problem()
    if problem is None:
        return True, "Keyring: ready. Your key will be stored in the OS keyring."
    return False, f"Keyring: not usable: {problem}."


def add_account(wallet: Any, label: str, passphrase: Any, imported: Any) -> Any:
    """Create a key (``imported`` None), or import a private key or a recovery phrase."""
    if imported is None:
        return wallet.create(label, passphrase)
    if len(imported.reveal().split()) >= 12:
        return wallet.import_mnemonic(imported, label=label, passphrase=passphrase)
    from tui.core.wallet.secret import Secret

    try:  # the key as typed is hex text; the wallet takes its 32 bytes (as the CLI does)
        key = Secret.from_hex_key(imported.reveal_text())
    except ValueError as exc:  # the message never echoes the input
        raise WalletError(str(exc)) from None
    return wallet.import_key(key, label, passphrase)


class AccountForm(Vertical):
    """Keyring status, label, passphrase and (unless only creating) the key or phrase to import."""

    DEFAULT_CSS = """
    AccountForm { height: auto; }
    AccountForm .field-row { height: auto; }
    AccountForm .field-row Label { width: 12; margin: 1 1 0 0; color: $text-muted; }
    AccountForm .field-row Input { width: 1fr; }
    AccountForm #account-error { color: $error; }
    """

    @dataclass
    class Created(Message):
        """The account is stored (and, on the devnet, funded)."""

        address: str
        funded: str
        """What funding did, for the user ("" when nothing was tried)."""

    def __init__(self, mode: Mode = "either", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: Mode = mode
        self.busy = False
        self.needs_passphrase = False
        """The key store takes only encrypted keys (keystore files): asked before submitting,
        so a pasted key is not cleared by an error it could not avoid."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Keyring: checking…"), id="keyring-status")
        with Horizontal(classes="field-row"):
            yield Label("Label")
            yield Input(placeholder="optional, e.g. main", id="account-label")
        with Horizontal(classes="field-row"):
            yield Label("Passphrase")
            yield Input(
                placeholder="optional; required for keystore files",
                password=True,
                id="account-passphrase",
            )
        if self.mode != "create":
            with Horizontal(classes="field-row"):
                yield Label("Import")
                yield Input(
                    placeholder="private key (0x…) or recovery phrase"
                    + ("; empty to create" if self.mode == "either" else ""),
                    password=True,
                    id="account-import",
                )
        yield Static(Content(""), id="account-error")
        yield Static(Content(""), id="account-progress")

    def on_mount(self) -> None:
        self._show("#account-error", "")
        self._show("#account-progress", "")
        self.check_keyring()

    def focus_first(self) -> None:
        self.query_one("#account-label", Input).focus(scroll_visible=False)

    # --- keyring ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="account-keyring", exit_on_error=False)
    def check_keyring(self) -> None:
        ok, text = keyring_status()
        app: Any = self.app
        try:
            needs = bool(app.open_wallet().store.requires_passphrase)
        except Exception:  # no usable store: the keyring line says why, submitting reports it
            needs = False
        message = text if ok else f"{text}\n{NO_KEYRING_HELP}"
        self.app.call_from_thread(self._keyring, ok, message, needs)

    def _keyring(self, ok: bool, message: str, needs_passphrase: bool = False) -> None:
        self.needs_passphrase = needs_passphrase
        widget = self.query_one("#keyring-status", Static)
        widget.update(Content(message))
        widget.set_class(not ok, "form-error")

    # --- submitting ---------------------------------------------------------------------------
    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in any field submits: import when a key or phrase was pasted, else create."""
        event.stop()
        self.submit(self.mode == "import" or bool(self._import_text()))

    def _import_text(self) -> str:
        fields = self.query("#account-import").results(Input)
        field = next(fields, None)
        return field.value.strip() if field is not None else ""

    def submit(self, importing: bool) -> None:
        """Create (or import) the account from the fields; errors show in the form."""
        if self.busy:
            return
        if importing and not self._import_text():
            self._show("#account-error", "Paste a private key or a recovery phrase to import.")
            if self.mode != "create":
                self.query_one("#account-import", Input).focus()
            return
        if self.needs_passphrase and not self.query_one("#account-passphrase", Input).value:
            self._show("#account-error", "Keystore files need a passphrase: type one above.")
            self.query_one("#account-passphrase", Input).focus()
            return
        label, passphrase, imported = self._collect()
        self.busy = True
        self._show("#account-error", "")
        self._show("#account-progress", "Creating your key… (the keyring may ask to unlock)")
        self.create_worker(label, passphrase, imported if importing else None)

    def _collect(self) -> tuple[str, Any, Any]:
        """The fields' values; the secret ones are cleared from the inputs at once."""
        from tui.core.wallet.secret import Secret

        label = self.query_one("#account-label", Input).value.strip()
        phrase_input = self.query_one("#account-passphrase", Input)
        passphrase = Secret(phrase_input.value) if phrase_input.value else None
        phrase_input.value = ""
        text = self._import_text()
        imported = Secret(text) if text else None
        for field in self.query("#account-import").results(Input):
            field.value = ""
        return label, passphrase, imported

    @work(thread=True, exclusive=True, group="account-create", exit_on_error=False)
    def create_worker(self, label: str, passphrase: Any, imported: Any) -> None:
        app: Any = self.app
        try:
            info = add_account(app.open_wallet(), label, passphrase, imported)
        except AgoraError as exc:
            self.app.call_from_thread(self._failed, clean_text(str(exc)))
            return
        except Exception:  # never a traceback (it could hold the key): a plain message
            self.app.call_from_thread(self._failed, "Could not create the account.")
            return
        address = str(info.address)
        self.app.call_from_thread(
            self._show, "#account-progress", f"Account {address} is ready. Funding…"
        )
        funded = self._fund(address)
        self.app.call_from_thread(self._done, address, funded)

    def _fund(self, address: str) -> str:
        """Give a new account devnet ETH (only on the local devnet); a line saying what happened."""
        app: Any = self.app
        ready = getattr(app, "network_ready", None)
        backend = app.backend
        if ready is None or not hasattr(backend, "rpc_url"):
            return ""
        if not ready.wait(FUND_WAIT_SECONDS) or not backend.rpc_url:
            return "The network is not up yet; fund the account later from the wallet (w)."
        from tui.core.wallet.devnet import DEVNET_CHAIN_ID, fund_on_devnet

        if backend.chain_id != DEVNET_CHAIN_ID:
            return ""
        with app.ctx.rpc(backend.rpc_url) as rpc:
            if fund_on_devnet(rpc, backend.chain_id, address):
                return "Funded with 100 devnet ETH."
        return ""

    def _show(self, selector: str, message: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(Content(message))
        widget.display = bool(message)

    def _failed(self, message: str) -> None:
        self.busy = False
        self._show("#account-progress", "")
        self._show("#account-error", message)

    def _done(self, address: str, funded: str) -> None:
        self.busy = False
        self._show("#account-progress", "")
        self.notify(f"{address}\n{funded}".strip(), title="Account ready", markup=False, timeout=8)
        app: Any = self.app
        poll = getattr(app, "poll_status", None)
        if callable(poll):
            poll()
        self.post_message(self.Created(address, funded))
