"""First run: create or import an account (keyring status shown plainly), pick a network.

Skipping is no dead end: the wallet (``c``/``i``), the ``create-account``/``import-account``
commands and the palette open the same account form later (tui/ui/widgets/account_form.py).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from tui.core.config.settings import DEVNET
from tui.ui.widgets.account_form import AccountForm
from tui.ui.widgets.footer import AgoraFooter


class WelcomeScreen(Screen[None]):
    """Shown once, when there is no account yet; lands on the Global timeline.

    Keyboard first, and whole on an 80×24 terminal: focus starts in the label input; Tab goes
    label → passphrase → import → network → buttons; Enter in any input creates the account (or
    imports, when the import field holds a key or phrase). Progress shows step by step while the
    key is created, stored and (on the devnet) funded.
    """

    AUTO_FOCUS = ""
    """No auto focus (``None`` would inherit the app's, which scrolls the intro away): the label
    input gets focus in ``on_mount`` without scrolling."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip", id="welcome.skip", tooltip="Browse without an account"),
    ]

    def compose(self) -> ComposeResult:
        app: Any = self.app
        ctx = getattr(app, "ctx", None)
        names = [DEVNET, *sorted(getattr(app, "network_names", lambda: [])())]
        configured = ctx.settings.network if ctx is not None else DEVNET
        # The network the settings name: leaving keeps it unless the user picks another one.
        self.configured_network = configured if configured in names else DEVNET
        yield Static(Content("Welcome to Agora"), classes="screen-title")
        with VerticalScroll(classes="form welcome-form", can_focus=False):
            yield Static(
                Content(
                    "Social media on Ethereum and IPFS; your key never leaves this machine. "
                    "Skip (esc) to browse first: the wallet (w) adds an account any time."
                ),
                classes="note",
            )
            yield AccountForm("either", id="welcome-account")
            with Horizontal(classes="field-row", id="welcome-name-row"):
                yield Label("Name")
                yield Input(
                    placeholder="optional: ada → ada.eth, your verified name (devnet)",
                    id="welcome-name",
                )
            with Horizontal(classes="field-row"):
                yield Label("Network")
                yield Select(
                    [
                        (
                            Content("devnet (local, starts by itself, demo data)")
                            if name == DEVNET
                            else Content(name),
                            name,
                        )
                        for name in names
                    ],
                    value=self.configured_network,
                    allow_blank=False,
                    id="network-choice",
                )
            with Horizontal(classes="form-buttons"):
                yield Button("Create account", variant="primary", id="create")
                yield Button("Import", id="import")
                yield Button("Skip", id="skip")
        yield AgoraFooter()

    def on_mount(self) -> None:
        self.query_one("#welcome-name-row").display = False
        self.query_one(AccountForm).focus_first()
        self.offer_name()

    @work(thread=True, exclusive=True, group="welcome-name", exit_on_error=False)
    def offer_name(self) -> None:
        """Offer a name only where a new account can sign for it at once (a usable keyring):
        without one the keyring help needs the room, and the wallet can register later."""
        from tui.ui.widgets.account_form import keyring_status

        ok, _ = keyring_status()
        if ok:
            self.app.call_from_thread(self._show_name_row)

    def _show_name_row(self) -> None:
        self.query_one("#welcome-name-row").display = True

    @property
    def busy(self) -> bool:
        return self.query_one(AccountForm).busy

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "skip":
            self.action_skip()
        elif event.button.id in ("create", "import"):
            self.query_one(AccountForm).submit(event.button.id == "import")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "welcome-name":  # Enter in the name field creates, as elsewhere
            event.stop()
            self.query_one(AccountForm).submit(False)

    def on_account_form_created(self, event: AccountForm.Created) -> None:
        event.stop()
        self._finish(name=self.query_one("#welcome-name", Input).value.strip())

    def _finish(self, name: str = "") -> None:
        """Leave for the Global timeline; the settings change only if another network was picked.

        With a ``name``, the new account then registers it ("sign up with a name"): the same
        confirmed flow as ``:name-register``.
        """
        app: Any = self.app
        choice = self.query_one("#network-choice", Select).value
        if isinstance(choice, str) and choice != self.configured_network:
            app.choose_network(choice)
        app.ui_state.welcomed = True
        app.save_ui_state()
        self.dismiss(None)
        app.action_timeline("global")
        if name:
            from tui.ui import flows
            from tui.ui.names import register_name

            flows.start(app, register_name(app, name))

    def action_skip(self) -> None:
        if not self.busy:
            self._finish()
